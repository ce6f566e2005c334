// Package ofacxml parses OFAC's Enhanced XML exports, SDN_ENHANCED.XML and
// CONS_ENHANCED.XML (namespace
// https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML).
//
// The file holds publicationInfo (the data date and the list filter),
// referenceValues (code tables: countries with ISO codes, alias types,
// scripts...), featureTypes, and then one <entity> per listed party. The
// parser streams the file with an xml.Decoder, reading one entity at a time
// into an element tree (package xmltree), so memory stays bounded by the
// largest entity. Unlike the legacy CSV, the Enhanced XML states which
// non-SDN list each party is on, marks weak aliases (isLowQuality), and
// carries names in their original scripts.
//
// Malformed input (not XML, another format, a truncated file, invalid
// UTF-8, an entity without a name, a reference to a code the tables lack, a
// repeated entity id) stops the parse with a *clearance.ParseError naming
// the file, the line, the entity and the element.
package ofacxml

import (
	"context"
	"encoding/xml"
	"io"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/ofacdate"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
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
	file         string
	source       clearance.SourceID
	published    string
	headerLine   int                 // line of publicationInfo, which should state the list
	refs         map[string]refValue // referenceValues by refId
	featureTypes map[string]string   // featureTypes: detail type (DATE, COUNTRY...) by featureTypeId
	seen         map[string]int      // entity id (SourceRef) -> line, to reject duplicates
	entities     int
}

// maxDepth bounds element nesting inside an entity; OFAC's nest eight deep.
const maxDepth = 32

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
	p := &parser{file: files[0].Name, refs: make(map[string]refValue), featureTypes: make(map[string]string), seen: make(map[string]int)}
	if err := p.run(ctx, xmltree.NewDecoder(files[0].R), emit); err != nil {
		return clearance.ParseResult{}, err
	}
	res := clearance.ParseResult{Source: p.source, Published: p.published}
	if p.published != "" {
		res.PublishedNote = "dataAsOf"
	}
	return res, nil
}

// run walks the document. It descends into the containers it knows
// (sanctionsData, referenceValues, featureTypes, entities), reads their
// items one at a time and skips every other element whole.
func (p *parser) run(ctx context.Context, d *xml.Decoder, emit func(*clearance.Entry) error) error {
	var stack []string // open elements
	rootDone := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.syntaxError(d, stack, err)
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
			descend, err := p.element(d, t, stack, emit)
			if err != nil {
				return err
			}
			if descend {
				stack = append(stack, t.Name.Local)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			rootDone = rootDone || len(stack) == 0
		case xml.CharData:
			if text := strings.TrimLeft(string(t), " \t\r\n\uFEFF"); len(stack) == 0 && text != "" {
				line += strings.Count(string(t[:len(t)-len(text)]), "\n")
				return p.errorAt(line, "", "not an OFAC Enhanced XML file: text outside the <sanctionsData> element: %q", clip(text))
			}
		}
	}
	switch {
	case !rootDone:
		return p.errorf(d, "", "empty file: no <sanctionsData> element")
	case p.entities == 0:
		return p.errorf(d, "entities", "no <entity> records")
	}
	return nil
}

// checkRoot checks the document element.
func (p *parser) checkRoot(d *xml.Decoder, t xml.StartElement, rootDone bool) error {
	switch {
	case rootDone:
		return p.errorf(d, t.Name.Local, "content after the document: <%s>", t.Name.Local)
	case t.Name.Local != "sanctionsData":
		return p.errorf(d, t.Name.Local, "not an OFAC Enhanced XML file: root element <%s>, want <sanctionsData>", t.Name.Local)
	case t.Name.Space != "" && t.Name.Space != Namespace:
		return p.errorf(d, t.Name.Local, "not an OFAC Enhanced XML file: namespace %q", t.Name.Space)
	}
	return nil
}

// element handles one start element below the root, reporting whether the
// walk should descend into it.
func (p *parser) element(d *xml.Decoder, t xml.StartElement, stack []string, emit func(*clearance.Entry) error) (bool, error) {
	parent := stack[len(stack)-1]
	switch name := t.Name.Local; {
	case parent == "sanctionsData" && (name == "referenceValues" || name == "featureTypes" || name == "entities"):
		return true, nil
	case parent == "sanctionsData" && name == "publicationInfo":
		var pub publicationInfo
		p.headerLine, _ = d.InputPos()
		if err := d.DecodeElement(&pub, &t); err != nil {
			return false, p.syntaxError(d, append(stack, name), err)
		}
		return false, p.publication(d, pub)
	case parent == "referenceValues" && name == "referenceValue":
		return false, p.referenceValue(d, t, stack)
	case parent == "featureTypes" && name == "featureType":
		return false, p.featureType(d, t, stack)
	case parent == "entities" && name == "entity":
		return false, p.entity(d, t, stack, emit)
	}
	if err := d.Skip(); err != nil {
		return false, p.syntaxError(d, append(stack, t.Name.Local), err)
	}
	return false, nil
}

// publication reads the data date and the source from publicationInfo.
func (p *parser) publication(d *xml.Decoder, pub publicationInfo) error {
	if date, _, _ := strings.Cut(strings.TrimSpace(pub.DataAsOf), "T"); date != "" {
		if !ofacdate.IsDate(date) {
			return p.errorf(d, "publicationInfo/dataAsOf", "not a date: %q", pub.DataAsOf)
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
		return p.errorAt(p.headerLine, "publicationInfo/filters",
			`cannot tell the list: the header names neither "SDN List" nor "Consolidated List" and the file name starts with neither SDN nor CONS`)
	}
	return nil
}

// entity reads, converts and emits one <entity>.
func (p *parser) entity(d *xml.Decoder, t xml.StartElement, stack []string, emit func(*clearance.Entry) error) error {
	n, err := xmltree.Read(d, t, maxDepth)
	if err != nil {
		return p.treeError(stack, err)
	}
	p.entities++
	if p.source == "" {
		if err := p.sourceFromName(); err != nil {
			return err
		}
	}
	e, err := p.entry(n)
	if err == nil {
		err = p.unique(n, e)
	}
	if err != nil {
		return p.entityError(n, err)
	}
	return emit(e)
}

// unique rejects a second entity of the same id.
func (p *parser) unique(n *xmltree.Node, e *clearance.Entry) error {
	if first, dup := p.seen[e.SourceRef]; dup {
		return fieldErrorf(n, "entity/@id", "duplicate entity id %s (first at line %d)", e.SourceRef, first)
	}
	p.seen[e.SourceRef] = n.Line
	return nil
}
