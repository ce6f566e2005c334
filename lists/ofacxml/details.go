package ofacxml

import (
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// addresses converts an <address>: one Address per translation, the primary
// first, or the country alone when OFAC gives no parts.
func (p *parser) addresses(a *xmltree.Node) []clearance.Address {
	code, written := p.country(a.Child("country")), a.Child("country").Trimmed()
	var out []clearance.Address
	for _, t := range ordered(a.Path("translations", "translation")) {
		addr := clearance.Address{Country: code}
		var street []string
		for _, part := range t.Path("addressParts", "addressPart") {
			v := part.Child("value").Trimmed()
			switch strings.ToUpper(part.Child("type").Trimmed()) {
			case "ADDRESS1", "ADDRESS2", "ADDRESS3":
				street = append(street, v)
			case "CITY":
				addr.City = joinNonEmpty(", ", addr.City, v)
			case "STATE/PROVINCE", "REGION":
				addr.Region = joinNonEmpty(", ", addr.Region, v)
			case "POSTAL CODE":
				addr.PostalCode = joinNonEmpty(", ", addr.PostalCode, v)
			}
		}
		addr.Street = joinNonEmpty(", ", street...)
		if addr.Country == "" {
			// OFAC files some places as a region alone ("Gaza").
			addr.Country, _ = clearance.CountryCode(addr.Region)
		}
		addr.Full = joinNonEmpty(", ", addr.Street, addr.City, addr.Region, addr.PostalCode, written)
		if addr.Full != "" {
			out = append(out, addr)
		}
	}
	if len(out) == 0 && code != "" {
		out = append(out, clearance.Address{Country: code, Full: written})
	}
	return out
}

// idFeatures are the feature types that identify a party; they become
// Identifiers. Other features the parser does not map become remarks.
var idFeatures = map[string]bool{
	"website": true, "email address": true, "swift/bic": true, "bik (ru)": true,
	"phone number": true, "d-u-n-s number": true, "isin": true, "equity ticker": true, "mmsi": true,
	"aircraft construction number (also called l/n or s/n or f/n)": true,
	"aircraft manufacturer's serial number (msn)":                  true,
	"aircraft tail number":                                         true,
	"previous aircraft tail number":                                true,
	"aircraft mode s transponder code":                             true,
}

// features maps <feature> elements onto the entry and returns, as remark
// items, those it has no field for.
func (p *parser) features(e *clearance.Entry, n *xmltree.Node) []string {
	var remarks []string
	var v clearance.Vessel
	for _, f := range n.Path("features", "feature") {
		typ, val := f.Child("type").Trimmed(), f.Child("value").Trimmed()
		switch lt := strings.ToLower(typ); {
		case lt == "birthdate" && addBirthDate(e, f):
		case lt == "place of birth":
			e.BirthPlaces = appendUnique(e.BirthPlaces, val)
		case lt == "nationality country":
			e.Nationalities = appendUnique(e.Nationalities, p.featureCountry(f))
		case lt == "citizenship country":
			e.Citizenships = appendUnique(e.Citizenships, p.featureCountry(f))
		case lt == "gender":
			e.Gender = val
		case vesselField(&v, lt, val):
		case idFeatures[lt] || strings.HasPrefix(lt, "digital currency address"):
			if val != "" {
				e.Identifiers = append(e.Identifiers, clearance.Identifier{Type: typ, Value: val, Note: f.Child("comments").Trimmed()})
			}
		default:
			remarks = append(remarks, joinNonEmpty(" ", typ, val, f.Child("comments").Trimmed()))
		}
	}
	if v != (clearance.Vessel{}) {
		e.Vessel = &v
	}
	return remarks
}

// addBirthDate adds a birth date feature to the entry, reporting false when
// the date cannot be read (it then stays, as written, in the remarks).
func addBirthDate(e *clearance.Entry, f *xmltree.Node) bool {
	d, ok := featureDate(f)
	if ok {
		e.BirthDates = appendUnique(e.BirthDates, d)
	}
	return ok
}

// vesselField sets the vessel field a feature type names, if any.
func vesselField(v *clearance.Vessel, typ, val string) bool {
	var dst *string
	switch typ {
	case "vessel call sign":
		dst = &v.CallSign
	case "vessel type":
		dst = &v.Type
	case "vessel flag":
		dst = &v.Flag
	case "vessel owner":
		dst = &v.Owner
	case "vessel tonnage":
		dst = &v.GrossTonnage
	case "vessel gross registered tonnage":
		dst = &v.GrossRegisteredTonnage
	default:
		return false
	}
	if *dst == "" {
		*dst = val
	}
	return true
}

// featureCountry returns the ISO code of a country-valued feature.
func (p *parser) featureCountry(f *xmltree.Node) string {
	if rv, ok := p.refs[f.Child("valueRefId").Trimmed()]; ok && rv.ISOCode != "" {
		return rv.ISOCode
	}
	return countryOrAsWritten(f.Child("value").Trimmed())
}

// knownDocFields are the <identityDocument> children mapped to Identifier
// fields; any other child is kept in the identifier's note.
var knownDocFields = map[string]bool{
	"type": true, "name": true, "documentNumber": true, "isValid": true,
	"issuingCountry": true, "issuingLocation": true,
}

// documents maps <identityDocument> elements to Identifiers.
func (p *parser) documents(e *clearance.Entry, n *xmltree.Node) error {
	for _, d := range n.Path("identityDocuments", "identityDocument") {
		id := clearance.Identifier{Type: d.Child("type").Trimmed(), Value: d.Child("documentNumber").Trimmed()}
		if id.Type == "" || id.Value == "" {
			return fieldErrorf(d, "entity/identityDocuments/identityDocument", "document %s has no type or number", d.Attr("id"))
		}
		id.Country = p.country(d.Child("issuingCountry"))
		if id.Country == "" {
			id.Country = countryOrAsWritten(d.Child("issuingLocation").Trimmed())
		}
		var note []string
		if loc := d.Child("issuingLocation").Trimmed(); loc != "" && loc != d.Child("issuingCountry").Trimmed() {
			note = append(note, "issued in "+loc)
		}
		for _, c := range d.Kids {
			if !knownDocFields[c.Name] && c.Trimmed() != "" {
				note = append(note, c.Name+" "+c.Trimmed())
			}
		}
		if strings.EqualFold(d.Child("isValid").Trimmed(), "false") {
			note = append(note, "not valid")
		}
		id.Note = strings.Join(note, "; ")
		// OFAC files IMO numbers as a "Vessel Registration Identification"
		// numbered "IMO 1234567"; package ofac reads them the same way.
		if num, ok := strings.CutPrefix(id.Value, "IMO "); ok && id.Type == "Vessel Registration Identification" {
			id.Type, id.Value = "IMO", strings.TrimSpace(num)
		}
		e.Identifiers = append(e.Identifiers, id)
	}
	return nil
}

// joinNonEmpty joins the non-empty strings.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}
