// Package ofacxml parses OFAC's Enhanced XML exports, SDN_ENHANCED.XML and
// CONS_ENHANCED.XML (namespace
// https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML).
//
// The file holds publicationInfo (the data date and the list filter),
// referenceValues (code tables: countries with ISO codes, alias types,
// scripts...), featureTypes, and then one <entity> per listed party. The
// parser streams the file with an xml.Decoder, decoding one entity at a
// time into a generic element tree (see node), so memory stays bounded by
// the largest entity. Unlike the legacy CSV, the Enhanced XML states which
// non-SDN list each party is on, marks weak aliases (isLowQuality), and
// carries names in their original scripts.
package ofacxml

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/clearancehq/clearance"
)

// Namespace is the XML namespace of OFAC's Enhanced XML.
const Namespace = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"

// Format is the "ofac-xml" import format: one OFAC Enhanced XML file. The
// source (SDN or Consolidated) comes from the file's list filter, else from
// its name; ParseResult.Published is the file's dataAsOf date.
var Format clearance.Format = format{}

type format struct{}

func (format) Name() string { return "ofac-xml" }

// parser holds the state of one Parse call.
type parser struct {
	file      string
	source    clearance.SourceID
	published string
	refs      map[string]refValue // referenceValues by refId
	entities  int
}

// refValue is one entry of the file's referenceValues code tables.
type refValue struct {
	RefID   string `xml:"refId,attr"`
	Type    string `xml:"type"`
	Value   string `xml:"value"`
	ISOCode string `xml:"isoCode"`
}

// publicationInfo is the file header.
type publicationInfo struct {
	DataAsOf string   `xml:"dataAsOf"`
	Lists    []string `xml:"filters>sanctionsLists>sanctionsList"`
}

func (format) Parse(ctx context.Context, files []clearance.File, emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
	if len(files) != 1 {
		return clearance.ParseResult{}, clearance.Errorf(clearance.Invalid,
			"ofac-xml: want exactly one file (SDN_ENHANCED.XML or CONS_ENHANCED.XML), got %d", len(files))
	}
	p := &parser{file: files[0].Name, refs: make(map[string]refValue)}
	if err := p.run(ctx, xml.NewDecoder(files[0].R), emit); err != nil {
		return clearance.ParseResult{}, err
	}
	res := clearance.ParseResult{Source: p.source, Published: p.published}
	if p.published != "" {
		res.PublishedNote = "dataAsOf"
	}
	return res, nil
}

// run walks the document. It descends into the containers it knows
// (sanctionsData, referenceValues, entities), decodes their items one at a
// time and skips every other element whole.
func (p *parser) run(ctx context.Context, d *xml.Decoder, emit func(*clearance.Entry) error) error {
	var stack []string
	rootDone := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.syntaxError(d, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if err := p.checkRoot(d, t, rootDone); err != nil {
					return err
				}
				stack = append(stack, t.Name.Local)
				continue
			}
			descend, err := p.element(ctx, d, t, stack[len(stack)-1], emit)
			if err != nil {
				return err
			}
			if descend {
				stack = append(stack, t.Name.Local)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			rootDone = len(stack) == 0
		}
	}
	switch {
	case !rootDone:
		return &clearance.ParseError{File: p.file, Err: errors.New("empty or truncated file: no complete <sanctionsData> document")}
	case p.entities == 0:
		return &clearance.ParseError{File: p.file, Err: errors.New("no <entity> records")}
	}
	return nil
}

// checkRoot checks the document element.
func (p *parser) checkRoot(d *xml.Decoder, t xml.StartElement, rootDone bool) error {
	line, _ := d.InputPos()
	switch {
	case rootDone:
		return &clearance.ParseError{File: p.file, Line: line, Err: fmt.Errorf("content after the document: <%s>", t.Name.Local)}
	case t.Name.Local != "sanctionsData":
		return &clearance.ParseError{File: p.file, Line: line, Err: fmt.Errorf("not an OFAC Enhanced XML file: root element <%s>, want <sanctionsData>", t.Name.Local)}
	case t.Name.Space != "" && t.Name.Space != Namespace:
		return &clearance.ParseError{File: p.file, Line: line, Err: fmt.Errorf("not an OFAC Enhanced XML file: namespace %q", t.Name.Space)}
	}
	return nil
}

// element handles one start element below the root, reporting whether the
// walk should descend into it.
func (p *parser) element(ctx context.Context, d *xml.Decoder, t xml.StartElement, parent string, emit func(*clearance.Entry) error) (bool, error) {
	switch name := t.Name.Local; {
	case parent == "sanctionsData" && (name == "referenceValues" || name == "entities"):
		return true, nil
	case parent == "sanctionsData" && name == "publicationInfo":
		var pub publicationInfo
		if err := d.DecodeElement(&pub, &t); err != nil {
			return false, p.syntaxError(d, err)
		}
		return false, p.publication(d, pub)
	case parent == "referenceValues" && name == "referenceValue":
		var rv refValue
		if err := d.DecodeElement(&rv, &t); err != nil {
			return false, p.syntaxError(d, err)
		}
		p.refs[rv.RefID] = rv
		return false, nil
	case parent == "entities" && name == "entity":
		return false, p.entity(ctx, d, t, emit)
	}
	if err := d.Skip(); err != nil {
		return false, p.syntaxError(d, err)
	}
	return false, nil
}

// publication reads the data date and the source from publicationInfo.
func (p *parser) publication(d *xml.Decoder, pub publicationInfo) error {
	if date, _, _ := strings.Cut(strings.TrimSpace(pub.DataAsOf), "T"); date != "" {
		if !isISODate(date) {
			line, _ := d.InputPos()
			return &clearance.ParseError{File: p.file, Line: line, Field: "publicationInfo/dataAsOf",
				Err: fmt.Errorf("not a date: %q", pub.DataAsOf)}
		}
		p.published = date
	}
	var sdn, cons bool
	for _, l := range pub.Lists {
		sdn = sdn || strings.TrimSpace(l) == "SDN List"
		cons = cons || strings.TrimSpace(l) == "Consolidated List"
	}
	switch {
	case sdn && !cons:
		p.source = clearance.SourceOFACSDN
	case cons && !sdn:
		p.source = clearance.SourceOFACCons
	}
	return nil
}

// sourceFromName guesses the source from the file name when the header
// states none.
func (p *parser) sourceFromName() error {
	name := strings.ToUpper(p.file)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	switch {
	case strings.HasPrefix(name, "SDN"):
		p.source = clearance.SourceOFACSDN
	case strings.HasPrefix(name, "CONS"):
		p.source = clearance.SourceOFACCons
	default:
		return &clearance.ParseError{File: p.file, Field: "publicationInfo/filters",
			Err: errors.New(`cannot tell the list: the header names neither "SDN List" nor "Consolidated List" and the file name starts with neither SDN nor CONS`)}
	}
	return nil
}

// entity decodes, converts and emits one <entity>.
func (p *parser) entity(ctx context.Context, d *xml.Decoder, t xml.StartElement, emit func(*clearance.Entry) error) error {
	line, _ := d.InputPos()
	var n node
	if err := d.DecodeElement(&n, &t); err != nil {
		return p.syntaxError(d, err)
	}
	p.entities++
	if p.source == "" {
		if err := p.sourceFromName(); err != nil {
			return err
		}
	}
	e, err := p.entry(&n)
	if err != nil {
		return &clearance.ParseError{File: p.file, Line: line, Field: fieldOf(err),
			Err: fmt.Errorf("entity %d (id %q): %w", p.entities, n.attr("id"), err)}
	}
	return emit(e)
}

// syntaxError wraps a decoding error (malformed or truncated XML, invalid
// UTF-8) with the file and line.
func (p *parser) syntaxError(d *xml.Decoder, err error) error {
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &clearance.ParseError{File: p.file, Line: line, Err: err}
}

// fieldError is a conversion error naming the element at fault.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

func fieldErrorf(field, format string, args ...any) error {
	return &fieldError{field, fmt.Errorf(format, args...)}
}

// fieldOf returns the element named by a fieldError.
func fieldOf(err error) string {
	var fe *fieldError
	if errors.As(err, &fe) {
		return fe.field
	}
	return ""
}
