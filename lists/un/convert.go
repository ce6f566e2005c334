package un

import (
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// convert turns one INDIVIDUAL or ENTITY record into an entry.
func (p *parser) convert(n *xmltree.Node) (*clearance.Entry, error) {
	key := value(n, "REFERENCE_NUMBER")
	if key == "" {
		key = value(n, "DATAID") // no durable reference: fall back to the record id
	}
	if key == "" {
		return nil, p.errorf(n.Line, n.Name+"/REFERENCE_NUMBER", "record has neither REFERENCE_NUMBER nor DATAID")
	}
	name := primaryName(n)
	if name == "" {
		return nil, p.errorf(n.Line, n.Name+"/FIRST_NAME", "record has no name")
	}
	e := &clearance.Entry{
		ID:        string(clearance.SourceUN) + ":" + string(clearance.ListUN) + ":" + key,
		Source:    clearance.SourceUN,
		List:      clearance.ListUN,
		SourceRef: value(n, "DATAID"),
		Kind:      clearance.KindOrganization,
		Name:      name,
		Title:     strings.Join(distinct(append(values(n, "TITLE"), values(n, "DESIGNATION")...)), "; "),
		Gender:    value(n, "GENDER"),
		Remarks:   value(n, "COMMENTS1"),
		Raw:       rawJSON(n),
	}
	if n.Name == personElement {
		e.Kind = clearance.KindPerson
	}
	if prog := value(n, "UN_LIST_TYPE"); prog != "" {
		e.Programs = []string{prog}
	}
	var err error
	if e.Names, err = p.names(n, name); err != nil {
		return nil, err
	}
	if e.StartDate, err = isoDate(value(n, "LISTED_ON")); err != nil {
		return nil, p.errorf(n.Child("LISTED_ON").Line, n.Name+"/LISTED_ON", "%v", err) // non-empty, so present
	}
	if e.BirthDates, err = p.birthDates(n); err != nil {
		return nil, err
	}
	e.BirthPlaces = birthPlaces(n)
	e.Identifiers = documents(n)
	e.Addresses = addresses(n)
	e.Nationalities = nationalities(n)
	e.Countries = countries(e.Addresses, e.Nationalities)
	return e, nil
}

// primaryName joins an individual's FIRST_NAME to FOURTH_NAME with single
// spaces, in the order the UN writes them: the UN puts the family name
// where it falls in the person's own naming convention, so reordering
// would be wrong. An entity's name is its FIRST_NAME.
func primaryName(n *xmltree.Node) string {
	var parts []string
	for _, f := range []string{"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"} {
		if v := value(n, f); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// nationalities returns the NATIONALITY values as ISO codes where
// recognised, else as written. Placeholders such as "na" are dropped: "na"
// would otherwise read as Namibia.
func nationalities(n *xmltree.Node) []string {
	var out []string
	for _, v := range values(n, "NATIONALITY") {
		if placeholder(v) {
			continue
		}
		out = append(out, country(v))
	}
	return distinct(out)
}

// countries returns the distinct address countries, then nationalities.
func countries(addrs []clearance.Address, nats []string) []string {
	var out []string
	for _, a := range addrs {
		if a.Country != "" {
			out = append(out, a.Country)
		}
	}
	return distinct(append(out, nats...))
}

// country returns the ISO alpha-2 code of a country name, or the name.
func country(name string) string {
	if code, ok := clearance.CountryCode(name); ok {
		return code
	}
	return name
}

// placeholder reports whether v is a not-applicable marker, not a value.
func placeholder(v string) bool {
	switch strings.ToLower(strings.Trim(v, " .")) {
	case "", "na", "n/a", "-", "none", "unknown":
		return true
	}
	return false
}

// distinct returns the non-empty elements of s in first-seen order.
func distinct(s []string) []string {
	var out []string
	seen := make(map[string]bool, len(s))
	for _, v := range s {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
