package ofacdate

import (
	"strings"
	"testing"
)

func TestISO(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"12 Jan 1962", "1962-01-12", true},
		{"01 Jan 1962", "1962-01-01", true},
		{"08 Feb 1980", "1980-02-08", true},
		{"Sep 1938", "1938-09", true},
		{"1962", "1962", true},
		{"circa 1962", "1962", true},
		{"CIRCA 1962", "1962", true},
		{"circa 07 Jul 1966", "1966-07-07", true},
		{"1962 to 1964", "1962/1964", true},
		{"circa 1979-1982", "1979/1982", true},
		{"01 Jan 1961 to 31 Dec 1962", "1961/1962", true},
		{"01 Jan 1943 to 31 Dec 1943", "1943", true},
		{"01 Feb 1958 to 28 Feb 1958", "1958-02", true},
		{"Mar 1962 to Feb 1963", "1962-03/1963-02", true},
		{"26 Sep 1946 to 07 Dec 1946", "1946-09-26/1946-12-07", true},
		{"29 Feb 2000", "2000-02-29", true},
		{"29 Feb 1962", "", false}, // not a leap year
		{"31 Apr 1962", "", false},
		{"32 Jan 1962", "", false},
		{"00 Jan 1962", "", false},
		{"12 Foo 1962", "", false},
		{"62", "", false},
		{"+962", "", false},
		{"0000", "", false},
		{"circa", "", false},
		{"", "", false},
		{"1962 to", "", false},
		{"1962 to 1963 to 1964", "", false},
		{"1962-1963 to 1964", "", false},
	}
	for _, tt := range tests {
		got, ok := ISO(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ISO(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestInterval(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"1945-01-01", "1945-12-31", "1945"},
		{"1945-01-01", "1947-12-31", "1945/1947"},
		{"1958-02-01", "1958-02-28", "1958-02"},
		{"2000-02-01", "2000-02-28", "2000-02-01/2000-02-28"}, // 2000 is a leap year
		{"1980-02-08", "1980-02-08", "1980-02-08"},
		{"1962", "1964", "1962/1964"},
	}
	for _, tt := range tests {
		if got := Interval(tt.from, tt.to); got != tt.want {
			t.Errorf("Interval(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func FuzzISO(f *testing.F) {
	for _, s := range []string{"12 Jan 1962", "circa 1979-1982", "01 Feb 1958 to 28 Feb 1958", "Sep 1938"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ISO(s)
		if !ok {
			return
		}
		parts := strings.Split(got, "/")
		if len(parts) > 2 {
			t.Errorf("ISO(%q) = %q, want a date or an interval of two", s, got)
		}
		for _, part := range parts {
			if !(len(part) == 4 || len(part) == 7 || len(part) == 10 && IsDate(part)) {
				t.Errorf("ISO(%q) = %q: %q is not an ISO date", s, got, part)
			}
		}
	})
}
