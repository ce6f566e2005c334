// Package ofacdate reads the dates OFAC writes as text ("12 Jan 1962",
// "Jan 1962", "1962", "circa 1962", "1962 to 1964", "circa 1979-1982") as
// ISO 8601 at the precision OFAC states. Package ofac reads them in the
// legacy CSV's Remarks and package ofacxml in the Enhanced XML's features;
// sharing one reader keeps both formats giving a party the same dates.
package ofacdate

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// ISO converts an OFAC date to ISO 8601 with the precision the source
// gives: "12 Jan 1962" is 1962-01-12, "Jan 1962" 1962-01, "1962" 1962. A
// range ("1962 to 1964", "circa 1979-1982") becomes an ISO 8601 interval,
// 1962/1964. "circa" is dropped: the date itself is already as precise as
// OFAC states it. It reports false for anything else, a day the month does
// not have included.
func ISO(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 6 && strings.EqualFold(s[:6], "circa ") {
		s = strings.TrimSpace(s[6:])
	}
	if a, b, ok := strings.Cut(s, " to "); ok {
		return isoRange(a, b)
	}
	if a, b, ok := strings.Cut(s, "-"); ok && len(a) == 4 && len(b) == 4 {
		return isoRange(a, b)
	}
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		y, ok := year(f[0])
		return fmt.Sprintf("%04d", y), ok
	case 2:
		m, ok1 := months[strings.ToLower(f[0])]
		y, ok2 := year(f[1])
		return fmt.Sprintf("%04d-%02d", y, m), ok1 && ok2
	case 3:
		d, err := strconv.Atoi(f[0])
		m, ok1 := months[strings.ToLower(f[1])]
		y, ok2 := year(f[2])
		iso := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		return iso, err == nil && len(f[0]) <= 2 && ok1 && ok2 && IsDate(iso)
	}
	return "", false
}

func isoRange(a, b string) (string, bool) {
	x, ok1 := ISO(a)
	y, ok2 := ISO(b)
	if !ok1 || !ok2 || strings.Contains(x+y, "/") { // a range of ranges
		return "", false
	}
	return Interval(x, y), true
}

// Interval writes the interval from..to of two ISO dates at the precision
// of whole years or months when it spans them ("1945-01-01".."1945-12-31"
// is 1945: OFAC writes "DOB 1943" as "01 Jan 1943 to 31 Dec 1943" in
// places, and both must give the same value), and a one-point interval as
// the point.
func Interval(from, to string) string {
	if len(from) == 10 && len(to) == 10 {
		switch {
		case from[5:] == "01-01" && to[5:] == "12-31":
			from, to = from[:4], to[:4]
		case from[8:] == "01" && isMonthEnd(to):
			from, to = from[:7], to[:7]
		}
	}
	if from == to {
		return from
	}
	return from + "/" + to
}

// IsDate reports whether s is a YYYY-MM-DD date.
func IsDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// isMonthEnd reports whether an ISO date is the last day of its month.
func isMonthEnd(d string) bool {
	t, err := time.Parse("2006-01-02", d)
	return err == nil && t.AddDate(0, 0, 1).Day() == 1
}

// year parses a four-digit year.
func year(s string) (int, bool) {
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y > 0
}
