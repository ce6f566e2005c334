package ofacxml

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// featureDate returns a date feature as ISO 8601 at the precision OFAC
// states. It reads the display value first ("12 Feb 1961", "1945",
// "circa 1962", "1951 to 1953"), exactly as package ofac reads the same
// text in the legacy Remarks, so both formats agree; it falls back to the
// structured valueDate (fromDateBegin .. toDateEnd).
func featureDate(f *node) (string, bool) {
	if d, ok := isoDate(f.childText("value")); ok {
		return d, true
	}
	vd := f.child("valueDate")
	from, to := vd.childText("fromDateBegin"), vd.childText("toDateEnd")
	from, _, _ = strings.Cut(from, "T")
	to, _, _ = strings.Cut(to, "T")
	switch {
	case isISODate(from) && isISODate(to):
		return compactRange(from, to), true
	case isISODate(from):
		return from, true
	}
	return "", false
}

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// isoDate converts an OFAC display date to ISO 8601: "12 Jan 1962" gives
// 1962-01-12, "Jan 1962" 1962-01, "1962" and "circa 1962" 1962, and a range
// ("1962 to 1964", "circa 1979-1982") an ISO interval, 1962/1964.
func isoDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 6 && strings.EqualFold(s[:6], "circa ") {
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
		ok := err == nil && len(f[0]) <= 2 && d >= 1 && d <= 31 && ok1 && ok2
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d), ok
	}
	return "", false
}

func isoRange(a, b string) (string, bool) {
	x, ok1 := isoDate(a)
	y, ok2 := isoDate(b)
	if !ok1 || !ok2 {
		return "", false
	}
	return compactRange(x, y), true
}

// compactRange writes an interval of whole years or months at that
// precision ("1945-01-01".."1945-12-31" is 1945), and a one-point interval
// as the point.
func compactRange(from, to string) string {
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

// isMonthEnd reports whether an ISO date is the last day of its month.
func isMonthEnd(d string) bool {
	t, err := time.Parse("2006-01-02", d)
	return err == nil && t.AddDate(0, 0, 1).Day() == 1
}

// isISODate reports whether s is a YYYY-MM-DD date.
func isISODate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// year parses a four-digit year.
func year(s string) (int, bool) {
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y > 0
}
