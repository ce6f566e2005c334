package ofacxml

import (
	"encoding/xml"
	"strings"

	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// refValue is one entry of the file's referenceValues code tables.
type refValue struct {
	RefID   string `xml:"refId,attr"`
	Type    string `xml:"type"`
	Value   string `xml:"value"`
	ISOCode string `xml:"isoCode"`
}

// featureType is one entry of the file's featureTypes table.
type featureType struct {
	ID         string `xml:"featureTypeId,attr"`
	DetailType string `xml:"detailType"`
}

// referenceValue reads one <referenceValue>.
func (p *parser) referenceValue(d *xml.Decoder, t xml.StartElement, stack []string) error {
	var rv refValue
	if err := d.DecodeElement(&rv, &t); err != nil {
		return p.syntaxError(d, append(stack, t.Name.Local), err)
	}
	if rv.RefID == "" {
		return p.errorf(d, "referenceValues/referenceValue/@refId", "reference value %q has no refId", rv.Value)
	}
	p.refs[rv.RefID] = rv
	return nil
}

// featureType reads one <featureType>.
func (p *parser) featureType(d *xml.Decoder, t xml.StartElement, stack []string) error {
	var ft featureType
	if err := d.DecodeElement(&ft, &t); err != nil {
		return p.syntaxError(d, append(stack, t.Name.Local), err)
	}
	if ft.ID == "" {
		return p.errorf(d, "featureTypes/featureType/@featureTypeId", "feature type has no featureTypeId")
	}
	p.featureTypes[ft.ID] = strings.TrimSpace(ft.DetailType)
	return nil
}

// checkRefs checks that every reference an entity makes into the file's
// code tables (a refId or featureTypeId attribute, a valueRefId element)
// names an entry of them, and that a country is a COUNTRY: the parser takes
// ISO codes from these entries, and a dangling reference means a damaged
// file. path holds the names of n's ancestors within the entity.
func (p *parser) checkRefs(n *xmltree.Node, path []string) error {
	path = append(path, n.Name)
	for _, a := range n.Attrs {
		switch a.Name.Local {
		case "refId":
			rv, ok := p.refs[a.Value]
			if !ok {
				return fieldErrorf(n, strings.Join(path, "/")+"/@refId", "unknown refId %q: not in referenceValues", a.Value)
			}
			if (n.Name == "country" || n.Name == "issuingCountry") && !isCountry(rv) {
				return fieldErrorf(n, strings.Join(path, "/")+"/@refId", "refId %s is a %s, not a COUNTRY", a.Value, rv.Type)
			}
		case "featureTypeId":
			if _, ok := p.featureTypes[a.Value]; !ok {
				return fieldErrorf(n, strings.Join(path, "/")+"/@featureTypeId", "unknown featureTypeId %q: not in featureTypes", a.Value)
			}
		}
	}
	if n.Name == "feature" {
		if v := n.Child("valueRefId"); v != nil {
			rv, ok := p.refs[v.Trimmed()]
			switch {
			case !ok:
				return fieldErrorf(v, strings.Join(path, "/")+"/valueRefId", "unknown valueRefId %q: not in referenceValues", v.Trimmed())
			case p.featureTypes[n.Child("type").Attr("featureTypeId")] == "COUNTRY" && !isCountry(rv):
				return fieldErrorf(v, strings.Join(path, "/")+"/valueRefId", "valueRefId %s is a %s, not a COUNTRY", v.Trimmed(), rv.Type)
			}
		}
	}
	for _, k := range n.Kids {
		if err := p.checkRefs(k, path); err != nil {
			return err
		}
	}
	return nil
}

func isCountry(rv refValue) bool { return strings.EqualFold(strings.TrimSpace(rv.Type), "COUNTRY") }
