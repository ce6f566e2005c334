package evaluation

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/google/go-cmp/cmp"
)

func TestDropLegalForm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Huawei Technologies Co., Ltd.", "Huawei Technologies"},
		{"HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO.,LTD", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY"},
		{"OOO Romashka", "Romashka"},
		{"LIMITED LIABILITY COMPANY STILSOFT", "STILSOFT"},
		{"JOINT STOCK COMPANY CONCERN SOZVEZDIE", "CONCERN SOZVEZDIE"},
		{"Acme Holdings Company Limited", "Acme Holdings"},
		{"Banco Corporativo S.A.", "Banco Corporativo"},
		{"Green Wave Telecommunication SDN BHD", "Green Wave Telecommunication"},
		{"PUBLIC JOINT STOCK COMPANY ROSTELECOM", "ROSTELECOM"},
		{"AO PKK Milandr", "PKK Milandr"},
	}
	for _, tt := range tests {
		if got, ok := dropLegalForm(tt.in); !ok || got != tt.want {
			t.Errorf("dropLegalForm(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"Hikvision", "Limited Company", "Co., Ltd.", "ISLAMIC STATE"} {
		if got, ok := dropLegalForm(in); ok {
			t.Errorf("dropLegalForm(%q) = %q, true, want not applicable", in, got)
		}
	}
}

func TestAbbreviate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CHINA NATIONAL ELECTRONICS IMPORT AND EXPORT CORPORATION", "CHINA NATL ELEC IMPORT & EXPORT CORP"},
		{"Shenzhen Technology Company Limited", "Shenzhen Tech Co Ltd"},
		{"Guangzhou Haige Communications Group Incorporated Company", "Guangzhou Haige Comm Grp Inc Co"},
		{"International Trading (Group), Ltd.", "Intl Trdg (Grp), Ltd."},
		{"laboratory of engineering", "lab of eng"},
	}
	for _, tt := range tests {
		if got, ok := abbreviate(tt.in); !ok || got != tt.want {
			t.Errorf("abbreviate(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
	if got, ok := abbreviate("Hikvision Digital"); ok {
		t.Errorf("abbreviate(%q) = %q, true, want not applicable", "Hikvision Digital", got)
	}
}

func TestReorder(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KAYAKIRAN, Evren", "Evren KAYAKIRAN"},
		{"HANIYA, Ismail Abdul Salah", "Ismail Abdul Salah HANIYA"},
		{"Javad DARVISH-VAND", "DARVISH-VAND, Javad"},
		{"Seyyed Mehdi FARAHI", "FARAHI, Seyyed Mehdi"},
		{"Ali HOSSEINI TASH", "HOSSEINI TASH, Ali"},
		{"ERIC BADEGE", "BADEGE, ERIC"},
		{"FRANK KAKOLELE BWAMBALE", "BWAMBALE, FRANK KAKOLELE"},
	}
	for _, tt := range tests {
		if got, ok := reorder(tt.in); !ok || got != tt.want {
			t.Errorf("reorder(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"Rumuli", "SMITH,", ", John"} {
		if got, ok := reorder(in); ok {
			t.Errorf("reorder(%q) = %q, true, want not applicable", in, got)
		}
	}
}

func TestJoinAndSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	got, ok := joinWords("Hik Vision Co., Ltd.", rng)
	if !ok || got != "HikVision Co., Ltd." {
		t.Errorf("joinWords(%q) = %q, %v, want %q (legal forms are not joined)", "Hik Vision Co., Ltd.", got, ok, "HikVision Co., Ltd.")
	}
	for range 20 {
		got, ok := joinWords("ABU BAKR AL BAGHDADI", rng)
		words := strings.Fields(got)
		if !ok || len(words) != 3 || strings.ReplaceAll(got, " ", "") != "ABUBAKRALBAGHDADI" {
			t.Errorf("joinWords(%q) = %q, %v: want two adjacent words joined", "ABU BAKR AL BAGHDADI", got, ok)
		}
	}
	if got, ok := joinWords("Hikvision", rng); ok {
		t.Errorf("joinWords(one word) = %q, true", got)
	}
	if got, ok := splitWord("Hangzhou Hikvision Digital"); !ok || got != "Hangzhou Hikv ision Digital" {
		t.Errorf("splitWord = %q, %v, want %q", got, ok, "Hangzhou Hikv ision Digital")
	}
	if got, ok := splitWord("ROSOBORONEXPORT,"); !ok || got != "ROSOBOR ONEXPORT," {
		t.Errorf("splitWord keeps punctuation: %q, %v", got, ok)
	}
	if got, ok := splitWord("Ali Reza Khan"); ok {
		t.Errorf("splitWord(short words) = %q, true", got)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"abc", "abc", 0}, {"abc", "acb", 1}, {"abc", "ab", 1}, {"abc", "xabc", 1}, {"kitten", "sitting", 3}, {"", "ab", 2}} {
		if got := editDistance([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestTypo(t *testing.T) {
	name := "Joint Stock Company ROSOBORONEXPORT"
	for seed := range uint64(200) {
		for _, edits := range []int{1, 2} {
			rng := rand.New(rand.NewPCG(seed, 7))
			got, ok := typo(name, edits, rng)
			if !ok {
				t.Fatalf("typo(%q, %d) not applicable", name, edits)
			}
			g, w := strings.Fields(got), strings.Fields(name)
			if len(g) != len(w) || strings.Join(g[:3], " ") != strings.Join(w[:3], " ") {
				t.Fatalf("typo(%q, %d) = %q: only the longest word may change", name, edits, got)
			}
			if g[3][0] != 'R' {
				t.Errorf("typo(%q, %d) = %q: the first letter changed", name, edits, got)
			}
			if d := editDistance([]rune(w[3]), []rune(g[3])); d != edits {
				t.Errorf("typo(%q, %d) = %q: %d edits", name, edits, got, d)
			}
			if strings.ToUpper(g[3]) != g[3] {
				t.Errorf("typo(%q, %d) = %q: an upper-case word got a lower-case letter", name, edits, got)
			}
		}
	}
	if got, ok := typo("Ali Reza Khan", 1, rand.New(rand.NewPCG(1, 1))); ok {
		t.Errorf("typo(short words) = %q, true", got)
	}
}

func entry(id string, kind clearance.EntityKind, names ...clearance.Name) *clearance.Entry {
	names[0].Kind = clearance.NamePrimary
	return &clearance.Entry{ID: id, Source: "test", List: "EL", Kind: kind, Name: names[0].Value, Names: names}
}

func TestVariants(t *testing.T) {
	org := entry("o1", clearance.KindOrganization,
		clearance.Name{Value: "Hangzhou Hikvision Digital Technology Company Limited"},
		clearance.Name{Value: "Hikvision", Kind: clearance.NameAlias, Script: "Latn"},
		clearance.Name{Value: "杭州海康威视数字技术股份有限公司", Kind: clearance.NameOriginal, Script: "Hans"})
	person := entry("p1", clearance.KindPerson,
		clearance.Name{Value: "PRIGOZHIN, Yevgeniy Viktorovich"},
		clearance.Name{Value: "Пригожин Евгений Викторович", Kind: clearance.NameAlias}) // script detected
	vs := append(Variants(org, 1), Variants(person, 1)...)
	got := map[string]string{}
	for _, v := range vs {
		got[v.Entry.ID+" "+string(v.Kind)] = v.Query
	}
	wantExact := map[string]string{
		"o1 exact":              "Hangzhou Hikvision Digital Technology Company Limited",
		"o1 legal-form-dropped": "Hangzhou Hikvision Digital Technology",
		"o1 abbreviated":        "Hangzhou Hikvision Digital Tech Co Ltd",
		"o1 word-split":         "Hangzhou Hikvision Digital Techn ology Company Limited",
		"o1 original-script":    "杭州海康威视数字技术股份有限公司",
		"p1 exact":              "PRIGOZHIN, Yevgeniy Viktorovich",
		"p1 reordered":          "Yevgeniy Viktorovich PRIGOZHIN",
		"p1 word-split":         "PRIGOZHIN, Yevgeniy Vikto rovich",
		"p1 original-script":    "Пригожин Евгений Викторович",
	}
	for k, want := range wantExact {
		if got[k] != want {
			t.Errorf("variant %s = %q, want %q", k, got[k], want)
		}
	}
	for _, k := range []string{"o1 typo-1", "o1 typo-2", "o1 words-joined", "p1 typo-1", "p1 typo-2", "p1 words-joined"} {
		if got[k] == "" {
			t.Errorf("no %s variant", k)
		}
	}
	for _, k := range []string{"o1 reordered", "p1 legal-form-dropped", "p1 abbreviated"} {
		if v, ok := got[k]; ok {
			t.Errorf("variant %s = %q, want none for this kind of entry", k, v)
		}
	}
	// Deterministic: same seed, same variants; another seed moves typos.
	again := append(Variants(org, 1), Variants(person, 1)...)
	if diff := cmp.Diff(vs, again); diff != "" {
		t.Errorf("Variants not deterministic (-first +second):\n%s", diff)
	}
	differ := false
	for seed := uint64(2); seed < 10 && !differ; seed++ {
		for _, v := range Variants(org, seed) {
			if v.Kind == VariantTypo2 && v.Query != got["o1 typo-2"] {
				differ = true
			}
		}
	}
	if !differ {
		t.Error("typo-2 variant is the same for seeds 1 to 9")
	}
}

func TestSample(t *testing.T) {
	var entries []*clearance.Entry
	for i := range 50 {
		kind := clearance.KindPerson
		switch i % 5 {
		case 1:
			kind = clearance.KindOrganization
		case 2:
			kind = clearance.KindVessel
		}
		entries = append(entries, entry(fmt.Sprintf("e%02d", i), kind, clearance.Name{Value: fmt.Sprintf("Name %d", i)}))
	}
	a := Sample(entries, 10, 42)
	// Shuffling the input must not change the sample.
	shuffled := append([]*clearance.Entry{}, entries...)
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b := Sample(shuffled, 10, 42)
	ids := func(es []*clearance.Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	if diff := cmp.Diff(ids(a), ids(b)); diff != "" {
		t.Errorf("Sample depends on input order (-a +b):\n%s", diff)
	}
	if len(a) != 10 {
		t.Errorf("Sample size %d, want 10", len(a))
	}
	for i, e := range a {
		if e.Kind != clearance.KindPerson && e.Kind != clearance.KindOrganization {
			t.Errorf("Sample holds a %s", e.Kind)
		}
		if i > 0 && a[i-1].ID >= e.ID {
			t.Errorf("Sample not in id order: %v", ids(a))
		}
	}
	if c := Sample(entries, 10, 43); cmp.Equal(ids(a), ids(c)) {
		t.Error("seeds 42 and 43 give the same sample")
	}
	if all := Sample(entries, 1000, 1); len(all) != 40 {
		t.Errorf("Sample larger than the pool: %d entries, want the 40 persons and organisations", len(all))
	}
}
