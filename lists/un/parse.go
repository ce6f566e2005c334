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
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
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
	p := &parser{file: f.Name, dec: xmltree.NewDecoder(f.R), seen: make(map[string]int)}
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
	ref   string         // REFERENCE_NUMBER of the record being converted
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
		if cd, ok := tok.(xml.CharData); ok && len(bytes.Trim(cd, " \t\r\n\uFEFF")) > 0 {
			return xml.StartElement{}, p.errorf(p.line(), "", "not a UN consolidated list: text where the %s element should be", rootElement)
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
	n, err := xmltree.Read(p.dec, start, maxDepth)
	if err != nil {
		var te *xmltree.Error
		errors.As(err, &te) // Read fails with an *xmltree.Error only
		return p.readError(te.Path, te.Line, te.Err)
	}
	p.ref = value(n, "REFERENCE_NUMBER")
	defer func() { p.ref = "" }()
	e, err := p.convert(n)
	if err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return p.errorf(n.Line, n.Name, "%v", err)
	}
	if prev, dup := p.seen[e.ID]; dup {
		return p.errorf(n.Line, n.Name+"/REFERENCE_NUMBER", "duplicate id %s (first at line %d)", e.ID, prev)
	}
	p.seen[e.ID] = n.Line
	return emit(e)
}

func (p *parser) line() int {
	line, _ := p.dec.InputPos()
	return line
}

// syntax wraps an XML syntax error met outside a record (malformed markup,
// invalid UTF-8, unexpected EOF) as a ParseError at the line the decoder
// reports.
func (p *parser) syntax(err error) error {
	line := p.line()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	return p.readError(nil, line, err)
}

// readError wraps an error reading the XML as a ParseError naming the
// elements open within the record being read, path, or the root element
// between records.
func (p *parser) readError(path []string, line int, err error) error {
	field := rootElement
	if len(path) > 0 {
		field = strings.Join(path, "/")
	}
	if xmltree.Truncated(err) {
		err = fmt.Errorf("unexpected end of file in %s: element not closed (truncated file?)", field)
	}
	if len(path) > 0 {
		err = fmt.Errorf("record %d: %w", p.count, err)
	}
	return &clearance.ParseError{File: p.file, Line: line, Field: field, Err: err}
}

// errorf returns a ParseError at line for the given element path, naming
// the record being converted.
func (p *parser) errorf(line int, field, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	if p.ref != "" {
		err = fmt.Errorf("record %d (%s): %w", p.count, p.ref, err)
	}
	return &clearance.ParseError{File: p.file, Line: line, Field: field, Err: err}
}
