package ofacxml

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
)

// node is an XML element decoded generically: the parser reads each entity
// into a tree of nodes, maps the parts it knows onto an Entry and renders
// the whole tree as the entry's Raw JSON, so that nothing OFAC publishes is
// lost even when the parser does not model it.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

// child returns the first child element with the given local name, or nil.
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			return &n.Nodes[i]
		}
	}
	return nil
}

// children returns the child elements with the given local name.
func (n *node) children(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			out = append(out, &n.Nodes[i])
		}
	}
	return out
}

// path follows a chain of child names ("names", "name") and returns the
// elements at its end.
func (n *node) path(names ...string) []*node {
	cur := []*node{n}
	for _, name := range names {
		var next []*node
		for _, c := range cur {
			next = append(next, c.children(name)...)
		}
		cur = next
	}
	return cur
}

// text returns the element's trimmed character data; "" for a nil node.
func (n *node) text() string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.Text)
}

// childText returns the trimmed text of the named child.
func (n *node) childText(name string) string { return n.child(name).text() }

// isTrue reports whether the named child holds "true".
func (n *node) isTrue(name string) bool { return strings.EqualFold(n.childText(name), "true") }

// attr returns the value of the attribute with the given local name.
func (n *node) attr(name string) string {
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

// MarshalJSON renders the element: a leaf without attributes is its text;
// otherwise an object with "@attr" members, "#text" for text beside
// attributes, and one member per child name in document order. A child
// name is an array when it repeats or when its parent is its plural
// ("names" holds "name"), so that the shape does not depend on the count.
func (n *node) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	n.writeJSON(&b)
	return b.Bytes(), nil
}

func (n *node) writeJSON(b *bytes.Buffer) {
	if len(n.Attrs) == 0 && len(n.Nodes) == 0 {
		writeString(b, n.text())
		return
	}
	b.WriteByte('{')
	sep := func() {
		if b.Bytes()[b.Len()-1] != '{' {
			b.WriteByte(',')
		}
	}
	for _, a := range n.Attrs {
		sep()
		writeString(b, "@"+a.Name.Local)
		b.WriteByte(':')
		writeString(b, a.Value)
	}
	if t := n.text(); t != "" && len(n.Nodes) == 0 {
		sep()
		b.WriteString(`"#text":`)
		writeString(b, t)
	}
	for _, name := range n.childNames() {
		sep()
		writeString(b, name)
		b.WriteByte(':')
		kids := n.children(name)
		if len(kids) == 1 && !isPluralOf(n.XMLName.Local, name) {
			kids[0].writeJSON(b)
			continue
		}
		b.WriteByte('[')
		for i, k := range kids {
			if i > 0 {
				b.WriteByte(',')
			}
			k.writeJSON(b)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
}

// childNames returns the distinct child names in order of first appearance.
func (n *node) childNames() []string {
	var out []string
	for _, c := range n.Nodes {
		name := c.XMLName.Local
		seen := false
		for _, o := range out {
			if o == name {
				seen = true
				break
			}
		}
		if !seen {
			out = append(out, name)
		}
	}
	return out
}

// isPluralOf reports whether parent is the English plural of child
// ("names"/"name", "legalAuthorities"/"legalAuthority").
func isPluralOf(parent, child string) bool {
	if parent == child+"s" {
		return true
	}
	stem, ok := strings.CutSuffix(child, "y")
	return ok && parent == stem+"ies"
}

func writeString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // a string always marshals
	b.Write(q)
}
