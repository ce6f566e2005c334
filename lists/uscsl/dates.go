package uscsl

import (
	"fmt"
	"strings"
	"time"
)

// listingDateLayouts are the forms a start_date or end_date may take. The CSL
// writes YYYY-MM-DD; the others are tolerated so that a change of export
// does not stop an import.
var listingDateLayouts = []string{"2006-01-02", "01/02/2006", "1/2/2006", "02 Jan 2006", "2 Jan 2006", "January 2, 2006"}

// listingDate returns a start or end date as YYYY-MM-DD. A timestamp
// ("2019-10-09T00:00:00+00:00") keeps its date. An empty value is valid.
func listingDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	for _, layout := range listingDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return "", fmt.Errorf("%q is not a date", s)
}

// birthDateLayouts are the full and partial date forms found in
// dates_of_birth, with the ISO layout each maps to.
var birthDateLayouts = []struct{ in, out string }{
	{"2006-01-02", "2006-01-02"},
	{"2006-01", "2006-01"},
	{"2006", "2006"},
	{"02 Jan 2006", "2006-01-02"},
	{"2 Jan 2006", "2006-01-02"},
	{"Jan 2006", "2006-01"},
	{"01/02/2006", "2006-01-02"},
}

// birthDate returns a date of birth in ISO 8601 form, possibly partial:
// "1973-03-25", "1962"; "circa 1962" becomes "1962" and "1958 to 1960" the
// interval "1958/1960". A value it cannot read is kept as written.
func birthDate(s string) string {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, p := range []string{"circa ", "c. ", "approximately ", "about "} {
		if strings.HasPrefix(lower, p) {
			if d, ok := isoBirthDate(s[len(p):]); ok {
				return d
			}
			return s
		}
	}
	if from, to, ok := strings.Cut(s, " to "); ok {
		a, okA := isoBirthDate(from)
		b, okB := isoBirthDate(to)
		if okA && okB {
			return a + "/" + b
		}
		return s
	}
	if d, ok := isoBirthDate(s); ok {
		return d
	}
	return s
}

// isoBirthDate reads one full or partial date.
func isoBirthDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, l := range birthDateLayouts {
		if t, err := time.Parse(l.in, s); err == nil {
			return t.Format(l.out), true
		}
	}
	return "", false
}
