// Package xmltree reads one XML element, and everything inside it, into a
// tree of nodes that remember the line each element starts on. The list
// parsers stream a file with an xml.Decoder and read one record (a UN
// INDIVIDUAL, an OFAC entity) at a time into a tree, so that memory stays
// bounded by the largest record and a conversion error can name the line
// of the element at fault.
package xmltree

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Node is one XML element as read from the file.
type Node struct {
	Name  string // local name
	Line  int    // the line the start tag ends on
	Attrs []xml.Attr
	Text  string // the character data directly inside, as written
	Kids  []*Node
}

// Child returns the first child named name; nil when there is none or n is
// nil, so that lookups chain.
func (n *Node) Child(name string) *Node {
	if n == nil {
		return nil
	}
	for _, k := range n.Kids {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// Children returns the children named name.
func (n *Node) Children(name string) []*Node {
	if n == nil {
		return nil
	}
	var out []*Node
	for _, k := range n.Kids {
		if k.Name == name {
			out = append(out, k)
		}
	}
	return out
}

// Path follows a chain of child names ("names", "name") and returns the
// elements at its end.
func (n *Node) Path(names ...string) []*Node {
	cur := []*Node{n}
	for _, name := range names {
		var next []*Node
		for _, c := range cur {
			next = append(next, c.Children(name)...)
		}
		cur = next
	}
	return cur
}

// Attr returns the value of the attribute with the given local name, or "".
func (n *Node) Attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// Trimmed returns the element's text without surrounding white space; ""
// for a nil node.
func (n *Node) Trimmed() string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.Text)
}

// Error reports why an element could not be read: malformed or truncated
// XML, invalid UTF-8, or nesting deeper than allowed.
type Error struct {
	Line int      // where the decoder stopped
	Path []string // the open elements, outermost (the one Read began) first
	Err  error    // the decoder's error, or the nesting limit's
}

func (e *Error) Error() string { return strings.Join(e.Path, "/") + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// NewDecoder returns a decoder of UTF-8 XML. A file that declares another
// encoding fails with an error that says so: the lists are published in
// UTF-8, and a file in another encoding has been converted by someone else.
func NewDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf8", "us-ascii", "ascii":
			return r, nil // UTF-8 or a subset of it
		}
		return nil, fmt.Errorf("the file declares encoding %q; the parser reads only UTF-8, as the list is published", label)
	}
	return d
}

// Read reads the element whose start tag d has just returned, and
// everything inside it, into a tree. Elements nested more than maxDepth
// below start are refused, so that hostile input cannot exhaust memory. A
// failure is an *Error.
func Read(d *xml.Decoder, start xml.StartElement, maxDepth int) (*Node, error) {
	root := &Node{Name: start.Name.Local, Line: line(d), Attrs: start.Attr}
	open := []*Node{root}
	texts := [][]byte{nil}
	for len(open) > 0 {
		tok, err := d.Token()
		if err != nil {
			return nil, newError(d, open, err)
		}
		top := len(open) - 1
		switch t := tok.(type) {
		case xml.StartElement:
			k := &Node{Name: t.Name.Local, Line: line(d), Attrs: t.Attr}
			open[top].Kids = append(open[top].Kids, k)
			open, texts = append(open, k), append(texts, nil)
			if len(open) > maxDepth+1 {
				return nil, newError(d, open, fmt.Errorf("elements nested more than %d deep", maxDepth))
			}
		case xml.CharData:
			texts[top] = append(texts[top], t...)
		case xml.EndElement:
			open[top].Text = string(texts[top])
			open, texts = open[:top], texts[:top]
		}
	}
	return root, nil
}

func newError(d *xml.Decoder, open []*Node, err error) *Error {
	e := &Error{Line: line(d), Err: err}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		e.Line = se.Line
	}
	if err == io.EOF {
		e.Err = io.ErrUnexpectedEOF
	}
	for _, n := range open {
		e.Path = append(e.Path, n.Name)
	}
	return e
}

func line(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}

// Truncated reports whether err says the input ended inside an element.
func Truncated(err error) bool {
	var se *xml.SyntaxError
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &se) && se.Msg == "unexpected EOF"
}
