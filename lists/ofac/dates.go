package ofac

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

// isoDate converts an OFAC date ("12 Jan 1962", "Jan 1962", "1962",
// "circa 1962", "1962 to 1964", "circa 1979-1982") to ISO 8601 with the
// precision the source gives: 1962-01-12, 1962-01, 1962. A range becomes an
// ISO 8601 interval, 1962/1964. "circa" is dropped: the date itself is
// already as precise as OFAC states it.
func isoDate(s string) (string, bool) {
	s = strings.TrimSpace(trimFold(strings.TrimSpace(s), "circa "))
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
// precision: OFAC writes "DOB 1943" as "01 Jan 1943 to 31 Dec 1943" in
// places, and both must give the same value.
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

// year parses a four-digit year.
func year(s string) (int, bool) {
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y > 0
}
