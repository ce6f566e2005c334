package uscsl

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/clearancehq/clearance"
)

// abbrevLists maps the abbreviations the CSL has used in its source names, in
// parentheses, to list codes, where they differ from the code itself.
var abbrevLists = map[string]clearance.ListCode{
	"NS-MBS":  clearance.ListMBS,
	"NS-PLC":  clearance.ListPLC,
	"NS-CMIC": clearance.ListCMIC,
	"CAPTA":   clearance.ListCAPTA,
	"ITAR":    clearance.ListDTC,
	"AECA":    clearance.ListDTC,
}

// parenthesised matches the first parenthesised part of a source name.
var parenthesised = regexp.MustCompile(`\(([^()]*)\)`)

// listCode maps a CSL source name ("Entity List (EL) - Bureau of Industry and
// Security") to its list code. It reads the abbreviation in parentheses, so
// that a change of wording elsewhere does not matter; a source with no
// parentheses is matched by its name against the known lists. An unknown
// abbreviation is used, upper-cased, as the code.
func listCode(source string) (clearance.ListCode, error) {
	if strings.TrimSpace(source) == "" {
		return "", errors.New("empty source: cannot tell the list")
	}
	if m := parenthesised.FindStringSubmatch(source); m != nil {
		if c := abbrevCode(m[1]); c != "" {
			return c, nil
		}
	}
	if c, ok := listByName(source); ok {
		return c, nil
	}
	return "", fmt.Errorf("cannot tell the list of source %q: no abbreviation in parentheses", source)
}

// abbrevCode normalises an abbreviation: "NS-MBS List" is MBS, "el" is EL.
func abbrevCode(abbr string) clearance.ListCode {
	a := strings.ToUpper(strings.Join(strings.Fields(abbr), " "))
	a = strings.TrimSuffix(a, " LIST")
	if c, ok := abbrevLists[a]; ok {
		return c
	}
	if _, ok := clearance.ListByCode(clearance.ListCode(a)); ok {
		return clearance.ListCode(a)
	}
	var b strings.Builder
	for _, r := range a {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return clearance.ListCode(b.String())
}

// listByName finds a known list whose name, without its abbreviation and
// agency, equals the source's ("Denied Persons List").
func listByName(source string) (clearance.ListCode, bool) {
	want := plainListName(source)
	for _, l := range clearance.Lists {
		if plainListName(l.Name) == want {
			return l.Code, true
		}
	}
	return "", false
}

// plainListName lower-cases a list name and drops parenthesised parts and
// the " - agency" suffix.
func plainListName(s string) string {
	if i := strings.Index(s, " - "); i >= 0 {
		s = s[:i]
	}
	s = parenthesised.ReplaceAllString(s, " ")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
