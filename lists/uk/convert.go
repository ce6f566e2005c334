package uk

import (
	"fmt"
	"strings"

	"github.com/clearancehq/clearance"
)

// convert merges the rows of one group into an entry: the union of their
// names, dates of birth, places of birth, nationalities, documents,
// addresses and regimes, without duplicates, in file order.
func (p *parser) convert(g *group) (*clearance.Entry, error) {
	kind, err := p.kind(g)
	if err != nil {
		return nil, err
	}
	e := &clearance.Entry{
		ID:        string(clearance.SourceUK) + ":" + string(clearance.ListUK) + ":" + g.id,
		Source:    clearance.SourceUK,
		List:      clearance.ListUK,
		SourceRef: g.id,
		Kind:      kind,
	}
	if e.Names, err = p.names(g); err != nil {
		return nil, err
	}
	e.Name = e.Names[0].Value
	if err := p.details(g, e); err != nil {
		return nil, err
	}
	p.otherInfo(g, e)
	e.Countries = countries(e.Addresses, e.Nationalities)
	e.Raw = p.raw(g)
	if err := e.Validate(); err != nil {
		return nil, p.errorf(g.rows[0].line, colGroupID, "group %s: %v", g.id, err)
	}
	return e, nil
}

// kinds maps Group Type to an entity kind.
var kinds = map[string]clearance.EntityKind{
	"individual": clearance.KindPerson,
	"entity":     clearance.KindOrganization,
	"ship":       clearance.KindVessel,
}

// kind returns the group's kind; every row must agree.
func (p *parser) kind(g *group) (clearance.EntityKind, error) {
	var kind clearance.EntityKind
	for i, r := range g.rows {
		v := p.get(r, colGroupType)
		k, ok := kinds[strings.ToLower(v)]
		switch {
		case !ok:
			return "", p.errorf(r.line, colGroupType, "unknown Group Type %q, want Individual, Entity or Ship", v)
		case i > 0 && k != kind:
			return "", p.errorf(r.line, colGroupType, "group %s is %s here but %s at line %d", g.id, k, kind, g.rows[0].line)
		}
		kind = k
	}
	return kind, nil
}

// details fills the fields that are unions over the group's rows.
func (p *parser) details(g *group, e *clearance.Entry) error {
	var titles, positions, dobs, places, nats, programs, remarks []string
	for _, r := range g.rows {
		titles = append(titles, splitNumbered(p.get(r, "Title"))...)
		positions = append(positions, splitNumbered(p.get(r, "Position"))...)
		dob, err := birthDate(p.get(r, "DOB"))
		if err != nil {
			return p.errorf(r.line, "DOB", "%v", err)
		}
		dobs = append(dobs, dob)
		places = append(places, birthPlaces(p.get(r, "Town of Birth"), p.get(r, "Country of Birth"))...)
		for _, n := range splitNumbered(p.get(r, "Nationality")) {
			nats = append(nats, country(n))
		}
		e.Identifiers = appendIdentifiers(e.Identifiers, p.identifiers(r)...)
		e.Addresses = appendAddress(e.Addresses, p.address(r))
		programs = append(programs, p.get(r, "Regime"))
		remarks = append(remarks, p.get(r, "Other Information"))
		listed, err := isoDate(p.get(r, "Listed On"))
		if err != nil {
			return p.errorf(r.line, "Listed On", "%v", err)
		}
		if listed != "" && (e.StartDate == "" || listed < e.StartDate) {
			e.StartDate = listed // a group listed under several regimes started with the first
		}
	}
	e.Title = strings.Join(distinct(append(titles, positions...)), "; ")
	e.BirthDates = distinct(dobs)
	e.BirthPlaces = distinct(places)
	e.Nationalities = distinct(nats)
	e.Programs = distinct(programs)
	e.Remarks = strings.Join(distinct(remarks), "\n")
	return nil
}

// birthPlaces pairs the numbered towns and countries of birth of one row:
// "(1) Tiaret (2) Mascara" with "(1) Algeria (2) Algeria". A single country
// applies to every town.
func birthPlaces(towns, countries string) []string {
	ts, cs := splitNumbered(towns), splitNumbered(countries)
	n := max(len(ts), len(cs))
	var out []string
	for i := range n {
		c := at(cs, i)
		if len(cs) == 1 {
			c = cs[0]
		}
		out = append(out, join(", ", at(ts, i), c))
	}
	return out
}

// identifiers returns the passports and national identity numbers of one
// row, pairing each numbered number with its numbered details. A document
// given only by its details is kept with an empty Value.
func (p *parser) identifiers(r row) []clearance.Identifier {
	var out []clearance.Identifier
	for _, d := range []struct{ typ, number, details string }{
		{"Passport", "Passport Number", "Passport Details"},
		{"National Identification Number", "National Identification Number", "National Identification Details"},
	} {
		nums, notes := splitNumbered(p.get(r, d.number)), splitNumbered(p.get(r, d.details))
		for i := range max(len(nums), len(notes)) {
			id := clearance.Identifier{Type: d.typ, Value: at(nums, i), Note: at(notes, i)}
			if id.Value != "" || id.Note != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// address returns the row's address. OFSI puts the town or province in
// Address 6 in practice, so it becomes City; Addresses 1-5 are the street.
func (p *parser) address(r row) clearance.Address {
	var lines []string
	for i := 1; i <= 5; i++ {
		lines = append(lines, p.get(r, fmt.Sprintf("Address %d", i)))
	}
	a := clearance.Address{
		Street:     join(", ", lines...),
		City:       p.get(r, "Address 6"),
		PostalCode: p.get(r, "Post/Zip Code"),
	}
	written := p.get(r, "Country")
	if written != "" {
		a.Country = country(written)
	}
	a.Full = join(", ", a.Street, a.City, a.PostalCode, written)
	return a
}

func appendAddress(list []clearance.Address, a clearance.Address) []clearance.Address {
	if a.Full == "" {
		return list
	}
	for _, b := range list {
		if b == a {
			return list
		}
	}
	return append(list, a)
}

func appendIdentifiers(list []clearance.Identifier, ids ...clearance.Identifier) []clearance.Identifier {
next:
	for _, id := range ids {
		for _, b := range list {
			if b == id {
				continue next
			}
		}
		list = append(list, id)
	}
	return list
}

// countries returns the distinct address countries, then nationalities.
func countries(addrs []clearance.Address, nats []string) []string {
	var out []string
	for _, a := range addrs {
		out = append(out, a.Country)
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
