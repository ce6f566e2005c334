package un

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// maxYearSpan is the widest BETWEEN range whose every year is listed; a
// wider range is given by its two ends. The real list's widest is 6 years.
const maxYearSpan = 10

// birthDates returns the record's dates of birth as ISO 8601, possibly
// partial ("1962", "1962-04", "1962-04-21"), without duplicates.
//
// EXACT and APPROXIMATELY dates give DATE or YEAR (an approximate year is
// kept as the year: the qualifier is in Raw for the matcher to widen if it
// wishes). A BETWEEN range gives every year from FROM_YEAR to TO_YEAR, so
// that a birth year anywhere in it matches exactly. A month the UN gives
// only in NOTE ("Sep." beside YEAR 1958, or "Nov. 1973" alone) refines the
// date to the month. Other notes ("30-35 years old") are left in Raw.
func (p *parser) birthDates(n *xmltree.Node) ([]string, error) {
	var out []string
	for _, d := range n.Children("INDIVIDUAL_DATE_OF_BIRTH") {
		dates, err := p.birthDate(d)
		if err != nil {
			return nil, err
		}
		out = append(out, dates...)
	}
	return distinct(out), nil
}

func (p *parser) birthDate(d *xmltree.Node) ([]string, error) {
	field := personElement + "/" + d.Name + "/"
	if strings.EqualFold(value(d, "TYPE_OF_DATE"), "BETWEEN") || d.Child("FROM_YEAR") != nil {
		from, err := p.year(d, "FROM_YEAR", field)
		if err != nil {
			return nil, err
		}
		to, err := p.year(d, "TO_YEAR", field)
		if err != nil {
			return nil, err
		}
		return yearRange(from, to), nil
	}
	if v := value(d, "DATE"); v != "" {
		iso, err := isoDate(v)
		if err != nil {
			return nil, p.errorf(d.Child("DATE").Line, field+"DATE", "%v", err)
		}
		return []string{iso}, nil
	}
	note := value(d, "NOTE")
	if value(d, "YEAR") != "" {
		y, err := p.year(d, "YEAR", field)
		if err != nil {
			return nil, err
		}
		if m := month(strings.TrimSpace(note)); m > 0 {
			return []string{fmt.Sprintf("%04d-%02d", y, m)}, nil
		}
		return []string{fmt.Sprintf("%04d", y)}, nil
	}
	if m, y, ok := monthYear(note); ok {
		return []string{fmt.Sprintf("%04d-%02d", y, m)}, nil
	}
	return nil, nil
}

// year parses the four-digit year in child name of d; an absent or empty
// child is an error, since the date's type requires it.
func (p *parser) year(d *xmltree.Node, name, field string) (int, error) {
	c := d.Child(name)
	if c == nil || clean(c.Text) == "" {
		return 0, p.errorf(d.Line, field+name, "missing %s", name)
	}
	v := clean(c.Text)
	y, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 || y < 1000 {
		return 0, p.errorf(c.Line, field+name, "bad year %q", v)
	}
	return y, nil
}

// yearRange lists the years from..to, or just the two ends when the range
// is wider than maxYearSpan (or reversed).
func yearRange(from, to int) []string {
	if to < from || to-from > maxYearSpan {
		return []string{strconv.Itoa(from), strconv.Itoa(to)}
	}
	var out []string
	for y := from; y <= to; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

// month returns 1-12 for an English month name or an abbreviation of at
// least three letters ("Sep.", "Sept", "August"), else 0.
func month(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0
	}
	for i, m := range months {
		if strings.HasPrefix(m, s) {
			return i + 1
		}
	}
	return 0
}

var months = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// monthYear parses "Nov. 1973" or "August 1961".
func monthYear(s string) (m, y int, ok bool) {
	f := strings.Fields(s)
	if len(f) != 2 || len(f[1]) != 4 {
		return 0, 0, false
	}
	y, err := strconv.Atoi(f[1])
	m = month(f[0])
	return m, y, err == nil && m > 0 && y >= 1000
}

// isoDate checks a "YYYY-MM-DD" date, ignoring anything after the day (the
// UN writes some dates with a time zone, "2015-04-07-04:00", and
// dateGenerated with a time). A month or day of 00 means unknown and is
// dropped ("1965-00-00" is "1965").
func isoDate(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if len(v) < 10 || v[4] != '-' || v[7] != '-' {
		return "", fmt.Errorf("bad date %q, want YYYY-MM-DD", v)
	}
	y, err1 := strconv.Atoi(v[:4])
	m, err2 := strconv.Atoi(v[5:7])
	d, err3 := strconv.Atoi(v[8:10])
	if err1 != nil || err2 != nil || err3 != nil || !validDate(y, m, d) {
		return "", fmt.Errorf("bad date %q, want YYYY-MM-DD", v)
	}
	switch {
	case m == 0:
		return v[:4], nil
	case d == 0:
		return v[:7], nil
	}
	return v[:10], nil
}

// validDate reports whether y-m-d is a date, allowing 0 for an unknown
// month or day (but no day without a month).
func validDate(y, m, d int) bool {
	if y < 1000 || m < 0 || m > 12 || d < 0 || (m == 0 && d != 0) {
		return false
	}
	days := [...]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if m == 0 || d == 0 {
		return true
	}
	if m == 2 && d == 29 {
		return y%4 == 0 && (y%100 != 0 || y%400 == 0)
	}
	return d <= days[m-1]
}

// birthPlaces returns each INDIVIDUAL_PLACE_OF_BIRTH as one line.
func birthPlaces(n *xmltree.Node) []string {
	var out []string
	for _, pl := range n.Children("INDIVIDUAL_PLACE_OF_BIRTH") {
		out = append(out, joinValues(pl, ", ", "STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"))
	}
	return distinct(out)
}

// addresses returns the record's addresses. A NOTE ("as of June 2016",
// or a whole address written as prose) is kept in Full, in parentheses
// after the structured parts, since Address has no field for it.
func addresses(n *xmltree.Node) []clearance.Address {
	var out []clearance.Address
	seen := make(map[string]bool)
	for _, a := range append(n.Children("INDIVIDUAL_ADDRESS"), n.Children("ENTITY_ADDRESS")...) {
		addr := clearance.Address{
			Street:     value(a, "STREET"),
			City:       value(a, "CITY"),
			Region:     value(a, "STATE_PROVINCE"),
			PostalCode: value(a, "ZIP_CODE"),
		}
		if c := value(a, "COUNTRY"); c != "" {
			addr.Country = country(c)
		}
		addr.Full = joinValues(a, ", ", "STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
		switch note := value(a, "NOTE"); {
		case note == "":
		case addr.Full == "":
			addr.Full = note
		default:
			addr.Full += " (" + note + ")"
		}
		if addr.Full != "" && !seen[addr.Full] {
			seen[addr.Full] = true
			out = append(out, addr)
		}
	}
	return out
}

// documents returns the INDIVIDUAL_DOCUMENT elements as identifiers. Type
// is TYPE_OF_DOCUMENT; the finer TYPE_OF_DOCUMENT2, the note and the date
// and city of issue go into Note. A document whose number the UN gives
// only in its note ("Libyan passport number 347834, issued under name...")
// is kept with an empty Value rather than dropped.
func documents(n *xmltree.Node) []clearance.Identifier {
	var out []clearance.Identifier
	for _, d := range n.Children("INDIVIDUAL_DOCUMENT") {
		if empty(d) {
			continue
		}
		id := clearance.Identifier{Type: value(d, "TYPE_OF_DOCUMENT"), Value: value(d, "NUMBER")}
		if id.Type == "" {
			id.Type = value(d, "TYPE_OF_DOCUMENT2")
		}
		for _, f := range []string{"ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"} {
			if c := value(d, f); c != "" && id.Country == "" {
				id.Country = country(c)
			}
		}
		var notes []string
		if t2 := value(d, "TYPE_OF_DOCUMENT2"); t2 != "" && t2 != id.Type {
			notes = append(notes, t2)
		}
		notes = append(notes, value(d, "NOTE"))
		if v := value(d, "DATE_OF_ISSUE"); v != "" {
			notes = append(notes, "issued "+v)
		}
		if v := value(d, "CITY_OF_ISSUE"); v != "" {
			notes = append(notes, "issued in "+v)
		}
		id.Note = strings.Join(distinct(notes), "; ")
		out = append(out, id)
	}
	return out
}

// joinValues joins the non-empty values of the named children of n.
func joinValues(n *xmltree.Node, sep string, names ...string) string {
	var parts []string
	for _, name := range names {
		if v := value(n, name); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, sep)
}
