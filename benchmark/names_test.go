package benchmark

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var listed = []string{
	"Hangzhou Hikvision Digital Technology Co., Ltd.",
	"Zhejiang Dahua Technology Co., Ltd.",
	"Sergey Viktorovich Chemezov",
	"ROSOBORONEXPORT OAO",
}

func TestGenerateDeterministic(t *testing.T) {
	a := Generate(7, listed, 2000)
	b := Generate(7, listed, 2000)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("Generate(7) name %d = %+v, then %+v: want the same sequence", i, a[i], b[i])
		}
	}
	c := Generate(8, listed, 2000)
	same := 0
	for i := range a {
		if a[i] == c[i] {
			same++
		}
	}
	if same > len(a)/2 {
		t.Errorf("seeds 7 and 8 share %d of %d names: want different sequences", same, len(a))
	}
}

func TestGenerateSizesAndMix(t *testing.T) {
	for _, n := range []int{0, 1, 10, 5000} {
		if got := len(Generate(1, listed, n)); got != n {
			t.Errorf("len(Generate(1, listed, %d)) = %d", n, got)
		}
	}
	names := Generate(1, listed, 20000)
	count := map[Origin]int{}
	distinct := map[string]bool{}
	for _, nm := range names {
		count[nm.Origin]++
		distinct[nm.Text] = true
		if strings.TrimSpace(nm.Text) == "" || !utf8.ValidString(nm.Text) {
			t.Fatalf("generated %+v: want a non-empty UTF-8 name", nm)
		}
		if nm.Origin != Listed && nm.Country == "" {
			t.Errorf("generated %+v: made-up names carry their country", nm)
		}
	}
	// Shares: person 42%, company 36%, script 2%, listed 20%, within 2 points.
	want := map[Origin]int{Person: 42, Company: 36, Script: 2, Listed: 20}
	for o, pct := range want {
		if got := count[o] * 100 / len(names); got < pct-2 || got > pct+2 {
			t.Errorf("%s names: %d%%, want about %d%%", o, got, pct)
		}
	}
	if len(distinct) < len(names)/3 {
		t.Errorf("%d distinct names of %d: want a varied sample", len(distinct), len(names))
	}
}

func TestGenerateWithoutListed(t *testing.T) {
	for _, nm := range Generate(3, nil, 1000) {
		if nm.Origin == Listed {
			t.Fatalf("Generate with no listed names gave %+v", nm)
		}
	}
}

func TestMutations(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hangzhou Hikvision Digital Technology Co., Ltd.", "Hangzhou Hikvision Digital Technology"},
		{"ROSOBORONEXPORT OAO", "ROSOBORONEXPORT"},
		{"Apple Inc.", "Apple"},
		{"Ltd", "Ltd"},
		{"Sergey Chemezov", "Sergey Chemezov"},
	}
	for _, tt := range tests {
		if got := dropLegalForm(tt.in); got != tt.want {
			t.Errorf("dropLegalForm(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	g := NewGenerator(1, nil)
	if got := g.reorder("Sergey Viktorovich Chemezov"); got != "Chemezov Sergey Viktorovich" {
		t.Errorf("reorder = %q, want %q", got, "Chemezov Sergey Viktorovich")
	}
	for range 100 {
		in := "Hikvision Digital"
		got := g.typo(in)
		if got == in || len(got) < len(in)-1 || len(got) > len(in)+1 {
			t.Fatalf("typo(%q) = %q: want one keystroke changed", in, got)
		}
	}
	if got := g.typo("Li Na"); got != "Li Na" {
		t.Errorf("typo(%q) = %q: words under five letters are left alone", "Li Na", got)
	}
}
