package ofac

import (
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/ofacdate"
)

// facts are the structured data found in a Remarks text.
type facts struct {
	birthDates    []string
	birthPlaces   []string
	nationalities []string
	citizenships  []string
	gender        string
	ids           []clearance.Identifier
	aliases       []clearance.Name
}

// parseRemarks extracts facts from the "; "-separated items of an OFAC
// Remarks text ("DOB 12 Jan 1962; POB Baghdad, Iraq; nationality Iraq;
// Passport A123 (Iraq); a.k.a. 'ABU ALI'."). Items it does not recognise are
// left to the text, which the entry keeps whole.
func parseRemarks(s string) facts {
	var out facts
	if s == "" {
		return out
	}
	for _, item := range strings.Split(s, ";") {
		item = strings.TrimSuffix(strings.TrimSpace(item), ".")
		item = trimFold(item, "alt. ")
		if item != "" {
			out.add(item)
		}
	}
	return out
}

// add records the fact stated by one remarks item, if any.
func (out *facts) add(item string) {
	if v, ok := cutLabel(item, "DOB"); ok {
		if d, ok := ofacdate.ISO(v); ok {
			out.birthDates = appendUnique(out.birthDates, d)
		}
		return
	}
	if v, ok := cutLabel(item, "POB"); ok {
		out.birthPlaces = appendUnique(out.birthPlaces, v)
		return
	}
	if v, ok := cutLabel(item, "nationality"); ok {
		out.nationalities = appendUnique(out.nationalities, countryOrAsWritten(v))
		return
	}
	if v, ok := cutLabel(item, "citizen"); ok {
		out.citizenships = appendUnique(out.citizenships, countryOrAsWritten(v))
		return
	}
	if v, ok := cutLabel(item, "Gender"); ok {
		out.gender = v
		return
	}
	if n, ok := weakAlias(item); ok {
		out.aliases = append(out.aliases, n)
		return
	}
	if id, ok := identifier(item); ok {
		out.ids = append(out.ids, id)
	}
}

// cutLabel returns the text after a leading label followed by a space or a
// colon ("DOB 1962", "POB: Keren"). The match is case-sensitive so that
// "nationality Iran" is not confused with "Nationality of Registration".
func cutLabel(item, label string) (string, bool) {
	if len(item) <= len(label) || item[:len(label)] != label {
		return "", false
	}
	rest := item[len(label):]
	if rest[0] != ' ' && rest[0] != ':' {
		return "", false
	}
	v := strings.TrimSpace(strings.TrimLeft(rest, ": "))
	return v, v != ""
}

// trimFold removes a prefix matched case-insensitively.
func trimFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):]
	}
	return s
}

// weakKinds are the remark prefixes of OFAC's weak aliases. The legacy CSV
// carries strong aliases in alt.csv and weak ones (the PDF's double-quoted
// "a.k.a." names, isLowQuality in the XML) only in Remarks, single-quoted.
var weakKinds = []struct {
	prefix string
	kind   clearance.NameKind
}{
	{"a.k.a. '", clearance.NameAlias},
	{"f.k.a. '", clearance.NameFormer},
	{"n.k.a. '", clearance.NameNowKnown},
}

// weakAlias parses "a.k.a. 'NAME'" into a weak alias.
func weakAlias(item string) (clearance.Name, bool) {
	for _, w := range weakKinds {
		rest, ok := strings.CutPrefix(item, w.prefix)
		if !ok {
			continue
		}
		if i := strings.LastIndexByte(rest, '\''); i >= 0 {
			rest = rest[:i]
		}
		rest = strings.TrimSpace(rest)
		if rest == "" {
			return clearance.Name{}, false
		}
		return clearance.Name{Value: rest, Kind: w.kind, Strength: clearance.Weak}, true
	}
	return clearance.Name{}, false
}

// applyFacts copies remark facts into the entry and derives Countries from
// the addresses, nationalities and citizenships.
func applyFacts(e *clearance.Entry, f facts) {
	e.BirthDates = f.birthDates
	e.BirthPlaces = f.birthPlaces
	e.Nationalities = f.nationalities
	e.Citizenships = f.citizenships
	e.Gender = f.gender
	e.Identifiers = f.ids
	for _, n := range f.aliases {
		e.Names = appendName(e.Names, n)
	}
	var countries []string
	for _, a := range e.Addresses {
		countries = appendUnique(countries, a.Country)
	}
	for _, c := range f.nationalities {
		countries = appendUnique(countries, c)
	}
	for _, c := range f.citizenships {
		countries = appendUnique(countries, c)
	}
	e.Countries = countries
}
