package ofac

import (
	"strings"

	"github.com/clearancehq/clearance"
)

// entry builds the clearance.Entry of one primary row and its companion rows.
func (p *parser) entry(rec record) (*clearance.Entry, error) {
	f := rec.fields
	ent := f[colEntNum]
	alts, adds, comments := p.take(roleAlt, ent), p.take(roleAdd, ent), p.take(roleComments, ent)
	if f[colName] == "" {
		return nil, rec.errorf(colName, "name is empty")
	}
	kind, ok := kinds[strings.ToLower(f[colType])]
	if !ok {
		return nil, rec.errorf(colType, "unknown SDN_Type %q", f[colType])
	}
	programs := splitPrograms(f[colProgram])
	remarks := fullRemarks(rec, comments)
	list := clearance.ListSDN
	if p.source == clearance.SourceOFACCons {
		list = consList(programs, remarks)
	}
	e := &clearance.Entry{
		ID:        string(p.source) + ":" + string(list) + ":" + ent,
		Source:    p.source,
		List:      list,
		SourceRef: ent,
		PartyRef:  "ofac:" + ent,
		Kind:      kind,
		Name:      f[colName],
		Names:     []clearance.Name{{Value: f[colName], Kind: clearance.NamePrimary}},
		Title:     f[colTitle],
		Programs:  programs,
		Vessel:    vessel(f),
		Remarks:   remarks,
	}
	for _, a := range alts {
		n, err := altName(a)
		if err != nil {
			return nil, err
		}
		e.Names = appendName(e.Names, n)
	}
	for _, a := range adds {
		if addr, ok := address(a); ok {
			e.Addresses = append(e.Addresses, addr)
		}
	}
	applyFacts(e, parseRemarks(remarks))
	e.Raw = rawRecord(rec, alts, adds, comments)
	if err := e.Validate(); err != nil {
		return nil, &clearance.ParseError{File: rec.file, Line: rec.line, Err: err}
	}
	return e, nil
}

// kinds maps SDN_Type (null for entities) to entity kinds.
var kinds = map[string]clearance.EntityKind{
	"individual": clearance.KindPerson,
	"vessel":     clearance.KindVessel,
	"aircraft":   clearance.KindAircraft,
	"":           clearance.KindOrganization,
}

// altKinds maps alt_type to name kinds.
var altKinds = map[string]clearance.NameKind{
	"aka": clearance.NameAlias, "a.k.a.": clearance.NameAlias,
	"fka": clearance.NameFormer, "f.k.a.": clearance.NameFormer,
	"nka": clearance.NameNowKnown, "n.k.a.": clearance.NameNowKnown,
}

func altName(a record) (clearance.Name, error) {
	kind, ok := altKinds[strings.ToLower(a.fields[colAltType])]
	if !ok {
		return clearance.Name{}, a.errorf(colAltType, "unknown alt_type %q", a.fields[colAltType])
	}
	if a.fields[colAltName] == "" {
		return clearance.Name{}, a.errorf(colAltName, "alias name is empty")
	}
	return clearance.Name{Value: a.fields[colAltName], Kind: kind}, nil
}

// appendName appends n unless a name of the same value and kind is present.
func appendName(names []clearance.Name, n clearance.Name) []clearance.Name {
	for _, m := range names {
		if m.Value == n.Value && m.Kind == n.Kind {
			return names
		}
	}
	return append(names, n)
}

// splitPrograms parses the Program cell. OFAC writes several programs as
// "[SDGT] [IRGC]" or, with the outer brackets lost, "SDGT] [IRGC".
func splitPrograms(s string) []string {
	var out []string
	for _, part := range strings.Split(s, "] [") {
		part = strings.Trim(part, "[] ")
		if part != "" && !contains(out, part) {
			out = append(out, part)
		}
	}
	return out
}

// fullRemarks joins the Remarks cell and its continuation rows. OFAC cuts
// long remarks mid-word and carries on in the comments file, so the pieces
// are concatenated as they are, without a separator.
func fullRemarks(rec record, comments []record) string {
	var b strings.Builder
	b.WriteString(rec.fields[colRemarks])
	for _, c := range comments {
		b.WriteString(c.fields[colRemarksExtended])
	}
	return strings.TrimSpace(b.String())
}

// vessel returns the vessel fields of a primary row, or nil when all are null.
func vessel(f []string) *clearance.Vessel {
	v := clearance.Vessel{
		CallSign: f[colCallSign], Type: f[colVessType], GrossTonnage: f[colTonnage],
		GrossRegisteredTonnage: f[colGRT], Flag: f[colVessFlag], Owner: f[colVessOwner],
	}
	if v == (clearance.Vessel{}) {
		return nil
	}
	return &v
}

// address converts an add.csv row; ok is false when every part is null.
func address(a record) (clearance.Address, bool) {
	f := a.fields
	addr := clearance.Address{Street: f[colAddress], City: f[colCity]}
	addr.Country, addr.Region = country(f[colCountry])
	var full []string
	for _, s := range []string{f[colAddress], f[colCity], f[colCountry]} {
		if s != "" {
			full = append(full, s)
		}
	}
	if len(full) == 0 {
		return addr, false
	}
	addr.Full = strings.Join(full, ", ")
	return addr, true
}

// country returns the ISO code of an OFAC country cell when known, else the
// cell as written. OFAC writes some places as "Region: Gaza"; those become a
// region, with the country code when the region names a known country.
func country(s string) (code, region string) {
	if s == "" {
		return "", ""
	}
	if c, ok := clearance.CountryCode(s); ok {
		return c, ""
	}
	if r, ok := strings.CutPrefix(s, "Region: "); ok {
		c, _ := clearance.CountryCode(r)
		return c, r
	}
	return s, ""
}

// countryOrAsWritten returns the ISO code of a country name when known,
// reading "Region: Gaza" as Gaza, and the name as written otherwise.
func countryOrAsWritten(s string) string {
	if c, r := country(s); c != "" || r == "" {
		return c
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	if s == "" || contains(list, s) {
		return list
	}
	return append(list, s)
}
