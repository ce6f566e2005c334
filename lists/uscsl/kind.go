package uscsl

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/clearancehq/clearance"
)

// typeKinds maps the CSL type column to entity kinds.
var typeKinds = map[string]clearance.EntityKind{
	"individual": clearance.KindPerson,
	"entity":     clearance.KindOrganization,
	"vessel":     clearance.KindVessel,
	"aircraft":   clearance.KindAircraft,
	"address":    clearance.KindAddress,
}

// orgWords are words that mark a name as an organisation's: legal forms and
// the nouns institutions are named with. Words are compared lower-cased with
// dots removed ("Co." is "co", "S.A." is "sa").
var orgWords = toSet(`co corp corporation company companies ltd limited llc llp lp inc incorporated
gmbh ag kg sa sas sarl srl spa bv nv plc pte pvt pty bhd sdn jsc ojsc cjsc pjsc zao oao pao ooo
tov fze fzc fzco fzllc wll est establishment enterprise enterprises holding holdings group
trading traders trade industries industry industrial international intl institute institution
university college school academy bureau office laboratory laboratories lab labs technology
technologies tech plant factory works center centre research design association foundation union
organization organisation agency administration authority ministry department directorate committee
commission council service services systems system solutions electronics engineering shipyard
shipping aviation airlines airline aerospace logistics import export partners bank concern kombinat
zavod nii firm society federation army navy police guard corps force forces government republic
hospital station laboratoriya obshchestvo gongsi youxian as sro oy ab sanayi ticaret exporters importers`)

// addressName marks the Entity List's address-only entries ("Address 1").
var addressName = regexp.MustCompile(`^Address\s+\d+\b`)

// kindOf tells the kind of party from the type column or, when that is empty
// as on the BIS and State lists, from the name. It is conservative: a name
// with an organisation word is an organisation; on the DPL and ITAR Debarred
// lists, whose parties are mostly people, a name of two to five words with
// no digits and no organisation word is a person; anything else is unknown.
func kindOf(typ, name string, list clearance.ListCode) clearance.EntityKind {
	if k, ok := typeKinds[strings.ToLower(strings.TrimSpace(typ))]; ok {
		return k
	}
	if addressName.MatchString(name) {
		return clearance.KindAddress
	}
	if parts := splitProse(name, clearance.NameAlias); len(parts) > 0 {
		name = parts[0].value // the name without its a.k.a. prose
	}
	words := nameWords(name)
	for _, w := range words {
		if orgWords[strings.ReplaceAll(w, ".", "")] {
			return clearance.KindOrganization
		}
	}
	if (list == clearance.ListDenied || list == clearance.ListDTC) && looksLikePerson(name, words) {
		return clearance.KindPerson
	}
	return clearance.KindUnknown
}

// looksLikePerson reports whether a name has two to five words and no digits.
func looksLikePerson(name string, words []string) bool {
	if len(words) < 2 || len(words) > 5 {
		return false
	}
	return strings.IndexFunc(name, unicode.IsDigit) < 0
}

// nameWords splits a name into lower-case words, keeping dots inside them.
func nameWords(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.'
	})
}

// toSet makes a set of the space-separated words in s.
func toSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
