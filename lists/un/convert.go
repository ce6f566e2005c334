package un

import (
	"strings"

	"github.com/clearancehq/clearance"
)

// convert turns one INDIVIDUAL or ENTITY record into an entry.
func (p *parser) convert(n *node) (*clearance.Entry, error) {
	key := n.value("REFERENCE_NUMBER")
	if key == "" {
		key = n.value("DATAID") // no durable reference: fall back to the record id
	}
	if key == "" {
		return nil, p.errorf(n.line, n.name+"/REFERENCE_NUMBER", "record has neither REFERENCE_NUMBER nor DATAID")
	}
	name := primaryName(n)
	if name == "" {
		return nil, p.errorf(n.line, n.name+"/FIRST_NAME", "record has no name")
	}
	e := &clearance.Entry{
		ID:        string(clearance.SourceUN) + ":" + string(clearance.ListUN) + ":" + key,
		Source:    clearance.SourceUN,
		List:      clearance.ListUN,
		SourceRef: n.value("DATAID"),
		Kind:      clearance.KindOrganization,
		Name:      name,
		Title:     strings.Join(distinct(append(n.values("TITLE"), n.values("DESIGNATION")...)), "; "),
		Gender:    n.value("GENDER"),
		Remarks:   n.value("COMMENTS1"),
		Raw:       rawJSON(n),
	}
	if n.name == personElement {
		e.Kind = clearance.KindPerson
	}
	if prog := n.value("UN_LIST_TYPE"); prog != "" {
		e.Programs = []string{prog}
	}
	var err error
	if e.Names, err = p.names(n, name); err != nil {
		return nil, err
	}
	if e.StartDate, err = isoDate(n.value("LISTED_ON")); err != nil {
		return nil, p.errorf(n.child("LISTED_ON").line, n.name+"/LISTED_ON", "%v", err) // non-empty, so present
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
func primaryName(n *node) string {
	var parts []string
	for _, f := range []string{"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"} {
		if v := n.value(f); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// nationalities returns the NATIONALITY values as ISO codes where
// recognised, else as written. Placeholders such as "na" are dropped: "na"
// would otherwise read as Namibia.
func nationalities(n *node) []string {
	var out []string
	for _, v := range n.values("NATIONALITY") {
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
