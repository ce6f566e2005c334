package ofacxml

import (
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/ofacdate"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// entityKinds maps generalInfo/entityType to entity kinds.
var entityKinds = map[string]clearance.EntityKind{
	"individual": clearance.KindPerson,
	"entity":     clearance.KindOrganization,
	"vessel":     clearance.KindVessel,
	"aircraft":   clearance.KindAircraft,
}

// entry converts one <entity> element.
func (p *parser) entry(n *xmltree.Node) (*clearance.Entry, error) {
	if err := p.checkRefs(n, nil); err != nil {
		return nil, err
	}
	id := n.Attr("id")
	if !isDigits(id) {
		return nil, fieldErrorf(n, "entity/@id", "entity id %q is not a number", id)
	}
	info := n.Child("generalInfo")
	typ := info.Child("entityType")
	kind, ok := entityKinds[strings.ToLower(typ.Trimmed())]
	if !ok {
		return nil, fieldErrorf(typ, "entity/generalInfo/entityType", "unknown entity type %q", typ.Trimmed())
	}
	list, start := p.list(n)
	if start != "" && !ofacdate.IsDate(start) {
		return nil, fieldErrorf(n.Child("sanctionsLists"), "entity/sanctionsLists/sanctionsList/@datePublished", "not a date: %q", start)
	}
	e := &clearance.Entry{
		ID:        string(p.source) + ":" + string(list) + ":" + id,
		Source:    p.source,
		List:      list,
		SourceRef: id,
		PartyRef:  "ofac:" + id,
		Kind:      kind,
		Title:     info.Child("title").Trimmed(),
		StartDate: start,
	}
	for _, prog := range n.Path("sanctionsPrograms", "sanctionsProgram") {
		e.Programs = appendUnique(e.Programs, prog.Trimmed())
	}
	names, err := p.names(n)
	if err != nil {
		return nil, err
	}
	e.Name, e.Names = names[0].Value, names
	for _, a := range n.Path("addresses", "address") {
		e.Addresses = append(e.Addresses, p.addresses(a)...)
	}
	var remarks []string
	if r := info.Child("remarks").Trimmed(); r != "" {
		remarks = append(remarks, r)
	}
	remarks = append(remarks, p.features(e, n)...)
	if err := p.documents(e, n); err != nil {
		return nil, err
	}
	remarks = append(remarks, relationships(n)...)
	for _, la := range n.Path("legalAuthorities", "legalAuthority") {
		remarks = append(remarks, "Legal Authority: "+la.Trimmed())
	}
	e.Remarks = strings.Join(remarks, "; ")
	e.Countries = countries(e)
	e.Raw = rawJSON(n)
	if err := e.Validate(); err != nil {
		return nil, err
	}
	return e, nil
}

// relationships renders <relationship> elements as remarks, in the manner of
// the legacy files' "Linked To: NAME" items.
func relationships(n *xmltree.Node) []string {
	var out []string
	for _, r := range n.Path("relationships", "relationship") {
		if t, rel := r.Child("type").Trimmed(), r.Child("relatedEntity").Trimmed(); rel != "" {
			out = append(out, t+": "+rel)
		}
	}
	return out
}

// countries returns the distinct countries of the addresses, nationalities
// and citizenships.
func countries(e *clearance.Entry) []string {
	var out []string
	for _, a := range e.Addresses {
		out = appendUnique(out, a.Country)
	}
	for _, c := range e.Nationalities {
		out = appendUnique(out, c)
	}
	for _, c := range e.Citizenships {
		out = appendUnique(out, c)
	}
	return out
}

// country returns the ISO code of a country element: the code the
// referenceValues give for its refId, else the code of its name when known,
// else the name as written.
func (p *parser) country(n *xmltree.Node) string {
	if n == nil {
		return ""
	}
	if rv, ok := p.refs[n.Attr("refId")]; ok && rv.ISOCode != "" {
		return rv.ISOCode
	}
	return countryOrAsWritten(n.Trimmed())
}

// countryOrAsWritten returns the ISO code of a country name when known.
func countryOrAsWritten(s string) string {
	if c, ok := clearance.CountryCode(s); ok {
		return c
	}
	if r, ok := strings.CutPrefix(s, "Region: "); ok {
		if c, ok := clearance.CountryCode(r); ok {
			return c
		}
	}
	return s
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
