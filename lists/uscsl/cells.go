package uscsl

import (
	"regexp"
	"strings"

	"github.com/clearancehq/clearance"
)

// listSep separates the values of a multi-valued CSL cell.
const listSep = "; "

// splitList splits a multi-valued cell on "; ", trimming each value and
// dropping empty ones.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, listSep)
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// flatAddresses turns CSV address strings ("street, city, state, postal,
// CC") into addresses, keeping each as written and reading the country from
// its last part when that is a country code (or, where the CSL lacked the
// code, a country name: "..., Hong Kong").
func flatAddresses(items []string) []clearance.Address {
	if len(items) == 0 {
		return nil
	}
	out := make([]clearance.Address, 0, len(items))
	for _, s := range items {
		a := clearance.Address{Full: s}
		last := s
		if i := strings.LastIndex(s, ","); i >= 0 {
			last = strings.TrimSpace(s[i+1:])
		}
		if code, ok := countryCode(last); ok {
			a.Country = code
		} else if len(last) > 2 && !strings.Contains(last, ".") { // not "S.A."
			a.Country, _ = clearance.CountryCode(last)
		}
		out = append(out, a)
	}
	return out
}

// countryCode accepts a two-letter upper-case ISO 3166-1 code that Clearance
// knows.
func countryCode(s string) (string, bool) {
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		return "", false
	}
	code, ok := clearance.CountryCode(s)
	return code, ok && code == s
}

// countryList maps country names or codes to ISO codes where Clearance knows
// them and keeps the rest as written.
func countryList(items []string) []string {
	out := make([]string, 0, len(items))
	for _, s := range items {
		if code, ok := clearance.CountryCode(s); ok {
			s = code
		}
		out = appendUnique(out, s)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// appendUnique appends s unless it is already in list.
func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// frCitation matches one Federal Register citation as the CSL writes it:
// "84 FR 54002", "68 F.R. 38290 6/27/03", "81.F.R. 22576", "63 FR 64322
// (11/19/98)", "79 FR 24566, 5/1/14". A page range ("82 F.R. 16788, 16789
// 4/6/2017") keeps its first page.
var frCitation = regexp.MustCompile(`(?i)(\d+)\s*\.?\s*F\.?\s?R\.?\s*(\d+)(?:,\s*\d+\s+(\d{1,2}/\d{1,2}/\d{2,4})|,?\s*\(?(\d{1,2}/\d{1,2}/\d{2,4})\)?)?`)

// frRemnant matches what is left of a notice cell once its citations are
// taken out and still looks like one: "F.R. 30823 7/3/2017", "76 FR no. 242
// pg. 78146".
var (
	frRemnant    = regexp.MustCompile(`(?i)F\.?\s?R\b.*\d{3}|\d{3}.*F\.?\s?R\b`)
	frSeparators = regexp.MustCompile(`\s*[;,]\s*|\s+and\s+`)
)

// fedRegister extracts the citations of federal_register_notice values,
// normalised to "<vol> FR <page>" with the date, when given, in parentheses.
// Text that looks like a citation but cannot be read as one, and a value
// with no citation at all (the State Department's "Vol. 74, No. 8,
// 01/13/09"), are kept as written.
func fedRegister(values []string) []string {
	var out []string
	for _, v := range values {
		locs := frCitation.FindAllStringSubmatchIndex(v, -1)
		if len(locs) == 0 {
			out = appendUnique(out, v)
			continue
		}
		var rest strings.Builder
		prev := 0
		for _, m := range locs {
			c := v[m[2]:m[3]] + " FR " + v[m[4]:m[5]]
			if m[6] >= 0 {
				c += " (" + v[m[6]:m[7]] + ")"
			} else if m[8] >= 0 {
				c += " (" + v[m[8]:m[9]] + ")"
			}
			out = appendUnique(out, c)
			rest.WriteString(v[prev:m[0]] + ";")
			prev = m[1]
		}
		rest.WriteString(v[prev:])
		for _, piece := range frSeparators.Split(rest.String(), -1) {
			if piece = strings.TrimSpace(piece); frRemnant.MatchString(piece) {
				out = appendUnique(out, piece)
			}
		}
	}
	return out
}
