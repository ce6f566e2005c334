// Package un parses the UN Security Council Consolidated List, published as
// XML at https://scsanctions.un.org/resources/xml/en/consolidated.xml
// (schema https://www.un.org/sc/resources/sc-sanctions.xsd), into
// clearance entries.
//
// The file is read with an xml.Decoder one INDIVIDUAL or ENTITY element at a
// time, so memory stays bounded by the largest record. Each record becomes
// one entry whose id is built from the UN's durable reference number
// ("un-sc:UN:QDi.001"). Malformed input (a truncated file, a wrong root
// element, invalid UTF-8, an unparseable date, a record without a name)
// stops the parse with a *clearance.ParseError naming the file, the line,
// the record and the element.
package un

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/clearancehq/clearance"
)

// FormatName is the import format name of the UN list (`--format un`).
const FormatName = "un"

// Format parses the UN Security Council Consolidated List XML. It expects
// exactly one file.
var Format clearance.Format = format{}

type format struct{}

func (format) Name() string { return FormatName }

func (format) Parse(ctx context.Context, files []clearance.File, emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
	if len(files) != 1 {
		return clearance.ParseResult{Source: clearance.SourceUN},
			clearance.Errorf(clearance.Invalid, "un: want 1 file, got %d", len(files))
	}
	return Parse(ctx, files[0], emit)
}

// maxDepth bounds element nesting inside a record; real records nest three
// deep.
const maxDepth = 32

// Root and record element names.
const (
	rootElement   = "CONSOLIDATED_LIST"
	personElement = "INDIVIDUAL"
	entityElement = "ENTITY"
)

// Parse reads one consolidated.xml file and calls emit once per record, in
// file order. It returns the publication date (the date part of the root's
// dateGenerated attribute) and the first error: a *clearance.ParseError for
// malformed input, or the error emit or ctx returned.
func Parse(ctx context.Context, f clearance.File, emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
	p := &parser{file: f.Name, dec: xml.NewDecoder(f.R), seen: make(map[string]int)}
	res := clearance.ParseResult{Source: clearance.SourceUN}
	root, err := p.root()
	if err != nil {
		return res, err
	}
	if res.Published, err = published(root); err != nil {
		return res, p.errorf(p.line(), rootElement+"/@dateGenerated", "%v", err)
	}
	if res.Published != "" {
		res.PublishedNote = "dateGenerated"
	}
	if err := p.records(ctx, emit); err != nil {
		return res, err
	}
	if p.count == 0 {
		return res, p.errorf(p.line(), rootElement, "no INDIVIDUAL or ENTITY records")
	}
	return res, nil
}

// parser holds the state of one Parse call.
type parser struct {
	file  string
	dec   *xml.Decoder
	count int            // records read so far
	ref   string         // REFERENCE_NUMBER of the record being read
	path  []string       // open elements of the record being read
	seen  map[string]int // entry id -> line, to reject duplicates
}

// root reads up to the root element and checks its name.
func (p *parser) root() (xml.StartElement, error) {
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			return xml.StartElement{}, p.errorf(p.line(), "", "empty file: no %s element", rootElement)
		}
		if err != nil {
			return xml.StartElement{}, p.syntax(err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != rootElement {
				return se, p.errorf(p.line(), se.Name.Local, "root element is %s, want %s: not a UN consolidated list", se.Name.Local, rootElement)
			}
			return se, nil
		}
	}
}

// published returns the date part of the root's dateGenerated attribute.
func published(root xml.StartElement) (string, error) {
	for _, a := range root.Attr {
		if a.Name.Local == "dateGenerated" {
			return isoDate(a.Value)
		}
	}
	return "", nil
}

// records walks the root's content, converting each record and passing it
// to emit, until the root element closes.
func (p *parser) records(ctx context.Context, emit func(*clearance.Entry) error) error {
	depth := 1 // inside the root
	for depth > 0 {
		tok, err := p.dec.Token()
		if err != nil {
			return p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != personElement && t.Name.Local != entityElement {
				depth++ // a container such as INDIVIDUALS, or an unknown element
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := p.record(t, emit); err != nil {
				return err
			}
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// record reads one INDIVIDUAL or ENTITY element, converts it and emits it.
func (p *parser) record(start xml.StartElement, emit func(*clearance.Entry) error) error {
	p.count++
	n, err := p.readNode(start, 0)
	if err != nil {
		return err
	}
	p.ref = n.value("REFERENCE_NUMBER")
	defer func() { p.ref = "" }()
	e, err := p.convert(n)
	if err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return p.errorf(n.line, n.name, "%v", err)
	}
	if prev, dup := p.seen[e.ID]; dup {
		return p.errorf(n.line, n.name+"/REFERENCE_NUMBER", "duplicate id %s (first at line %d)", e.ID, prev)
	}
	p.seen[e.ID] = n.line
	return emit(e)
}

// readNode reads the element opened by start, and everything inside it,
// into a node tree.
func (p *parser) readNode(start xml.StartElement, depth int) (*node, error) {
	n := &node{name: start.Name.Local, line: p.line(), attrs: start.Attr}
	p.path = append(p.path, n.name)
	if depth > maxDepth {
		return nil, p.errorf(n.line, p.field(), "elements nested more than %d deep", maxDepth)
	}
	var text []byte
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, p.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			k, err := p.readNode(t, depth+1)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, k)
		case xml.CharData:
			text = append(text, t...)
		case xml.EndElement:
			n.text = string(text)
			p.path = p.path[:len(p.path)-1]
			return n, nil
		}
	}
}

// field names the element being read: the path of open elements within
// the record, or the root element between records.
func (p *parser) field() string {
	if len(p.path) == 0 {
		return rootElement
	}
	return strings.Join(p.path, "/")
}

func (p *parser) line() int {
	line, _ := p.dec.InputPos()
	return line
}

// syntax wraps an XML syntax error (malformed markup, invalid UTF-8,
// unexpected EOF) as a ParseError at the line the decoder reports, naming
// the element being read.
func (p *parser) syntax(err error) error {
	line := p.line()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	if err == io.EOF || se != nil && se.Msg == "unexpected EOF" {
		err = fmt.Errorf("unexpected end of file in %s: element not closed (truncated file?)", p.field())
	}
	return &clearance.ParseError{File: p.file, Line: line, Field: p.field(), Err: p.where(err)}
}

// errorf returns a ParseError at line for the given element path, naming
// the record being read.
func (p *parser) errorf(line int, field, format string, args ...any) error {
	return &clearance.ParseError{File: p.file, Line: line, Field: field, Err: p.where(fmt.Errorf(format, args...))}
}

// where prefixes err with the number (and reference, once known) of the
// record being read, if any.
func (p *parser) where(err error) error {
	switch {
	case p.ref != "":
		return fmt.Errorf("record %d (%s): %w", p.count, p.ref, err)
	case len(p.path) > 0:
		return fmt.Errorf("record %d: %w", p.count, err)
	}
	return err
}
