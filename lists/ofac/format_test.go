package ofac_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
	"github.com/clearancehq/clearance/lists/ofac"
)

// golden is what a golden file records of one Parse call.
type golden struct {
	Result  clearance.ParseResult `json:"result"`
	Entries []*clearance.Entry    `json:"entries"`
}

// openSet opens the named files of a testdata directory.
func openSet(t testing.TB, dir string, names ...string) []clearance.File {
	t.Helper()
	var files []clearance.File
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, clearance.File{Name: n, R: bytes.NewReader(b)})
	}
	return files
}

// parseAll parses files, checking what it emits against the contract of
// clearance.Format.
func parseAll(t testing.TB, files []clearance.File) (golden, error) {
	t.Helper()
	res, entries, err := listtest.Parse(t, ofac.Format, files...)
	return golden{Result: res, Entries: entries}, err
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name  string
		dir   string
		files []string
		count int
	}{
		{"sdn2021", "testdata/sdn2021", []string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}, 44},
		{"sdn2024", "testdata/sdn2024", []string{"sdn.csv"}, 25},
		{"cons2025", "testdata/cons2025", []string{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"}, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAll(t, openSet(t, tt.dir, tt.files...))
			if err != nil {
				t.Fatalf("Parse(%s) error: %v", tt.dir, err)
			}
			if len(got.Entries) != tt.count {
				t.Errorf("Parse(%s) = %d entries, want %d", tt.dir, len(got.Entries), tt.count)
			}
			checkGolden(t, filepath.Join("testdata", tt.name+".golden.json"), got)
		})
	}
}

func checkGolden(t *testing.T, path string, got golden) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	listtest.Golden(t, path, append(b, '\n'))
}

// byRef indexes entries by their OFAC ent_num.
func byRef(entries []*clearance.Entry) map[string]*clearance.Entry {
	m := make(map[string]*clearance.Entry)
	for _, e := range entries {
		m[e.SourceRef] = e
	}
	return m
}

func TestSDNEntries(t *testing.T) {
	g, err := parseAll(t, openSet(t, "testdata/sdn2021", "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if g.Result.Source != clearance.SourceOFACSDN || g.Result.Published != "" || g.Result.PublishedNote != "not stated in the files" {
		t.Errorf("Parse result = %+v, want SDN source, no date", g.Result)
	}
	m := byRef(g.Entries)
	abbas := m["21944"]
	if abbas == nil || abbas.ID != "us-ofac-sdn:SDN:21944" || abbas.PartyRef != "ofac:21944" || abbas.Name != "'ABBAS, Rim" ||
		abbas.Kind != clearance.KindPerson || len(abbas.BirthDates) != 1 || abbas.BirthDates[0] != "1973-03-25" {
		t.Errorf("entry 21944 = %+v, want 'ABBAS, Rim, person, born 1973-03-25", abbas)
	}
	names := []struct {
		ref  string
		name clearance.Name
	}{
		{"306", clearance.Name{Value: "BNC", Kind: clearance.NameAlias, Strength: clearance.Weak}},
		{"306", clearance.Name{Value: "NATIONAL BANK OF CUBA", Kind: clearance.NameAlias}},
		{"15036", clearance.Name{Value: "ALPHA", Kind: clearance.NameFormer, Strength: clearance.Weak}},
		// The weak alias is cut across sdn.csv and sdn_comments.csv.
		{"28263", clearance.Name{Value: "snowsjohn", Kind: clearance.NameAlias, Strength: clearance.Weak}},
	}
	for _, tt := range names {
		if !slices.Contains(m[tt.ref].Names, tt.name) {
			t.Errorf("entry %s names = %v, want to include %+v", tt.ref, m[tt.ref].Names, tt.name)
		}
	}
	v := m["15036"]
	if v.Kind != clearance.KindVessel || v.Vessel == nil || v.Vessel.CallSign != "T2EU4" ||
		!cmp.Equal(v.Identifiers[0], clearance.Identifier{Type: "IMO", Value: "9187629"}) {
		t.Errorf("vessel 15036 = %+v %+v, want call sign T2EU4 and IMO 9187629", v.Vessel, v.Identifiers)
	}
	if a := m["15431"]; a.Kind != clearance.KindAircraft {
		t.Errorf("entry 15431 kind = %v, want aircraft", a.Kind)
	}
}

func TestConsLists(t *testing.T) {
	g, err := parseAll(t, openSet(t, "testdata/cons2025", "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// The same ids as package ofacxml gives these parties from CONS_ENHANCED.XML.
	want := map[string]string{
		"30946": "us-ofac-cons:CMIC:30946", "33091": "us-ofac-cons:CMIC:33091",
		"17014": "us-ofac-cons:SSI:17014", "17260": "us-ofac-cons:SSI:17260",
		"9647": "us-ofac-cons:PLC:9647", "15268": "us-ofac-cons:CAP:15268",
		"31693": "us-ofac-cons:MBS:31693", "27016": "us-ofac-cons:MBS:27016",
		"50476": "us-ofac-cons:MBS:50476", "46072": "us-ofac-cons:MBS:46072",
	}
	m := byRef(g.Entries)
	for ref, id := range want {
		if e := m[ref]; e == nil || e.ID != id {
			t.Errorf("entry %s id = %v, want %s", ref, e, id)
		}
	}
	hik := m["30946"]
	uscc := clearance.Identifier{Type: "Unified Social Credit Code (USCC)", Value: "91330000733796106P", Country: "CN"}
	if hik.Name != "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD." || !slices.Contains(hik.Identifiers, uscc) {
		t.Errorf("Hikvision = %q %+v, want its USCC %+v", hik.Name, hik.Identifiers, uscc)
	}
	if !slices.Contains(m["9647"].Names, clearance.Name{Value: "ZAHAR, Mahmoud", Kind: clearance.NameAlias, Strength: clearance.Weak}) {
		t.Errorf("entry 9647 names = %v, want weak alias ZAHAR, Mahmoud", m["9647"].Names)
	}
	// 17014's remarks continue in cons_comments.csv mid-word: "Registration Numbe" + "r 1027700342890".
	if !slices.Contains(m["17014"].Identifiers, clearance.Identifier{Type: "Registration Number", Value: "1027700342890", Country: "RU"}) {
		t.Errorf("entry 17014 identifiers = %+v, want Registration Number 1027700342890", m["17014"].Identifiers)
	}
}

func TestCancel(t *testing.T) {
	listtest.Cancel(t, ofac.Format, listtest.Open(t, "testdata/sdn2024/sdn.csv"))
}

func TestFormatName(t *testing.T) {
	if got := ofac.Format.Name(); got != "ofac" {
		t.Errorf("Format.Name() = %q, want ofac", got)
	}
}
