package ofacxml

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
)

const extract = "testdata/cons_enhanced_extract.xml"

// fullFile is the complete CONS_ENHANCED.XML that Clearance ships.
var fullFile = filepath.Join("..", "..", "defaultdata", "files", "us-ofac-cons", "CONS_ENHANCED.XML.gz")

// parseAll parses data as a file of the given name, checking what it
// emits against the contract of clearance.Format.
func parseAll(t testing.TB, name string, data []byte) (clearance.ParseResult, []*clearance.Entry, error) {
	t.Helper()
	return listtest.Parse(t, Format, clearance.File{Name: name, R: bytes.NewReader(data)})
}

// parseFile parses a file that must parse.
func parseFile(t testing.TB, path string) (clearance.ParseResult, []*clearance.Entry) {
	t.Helper()
	data, err := os.ReadFile(path)
	if strings.HasSuffix(path, ".gz") {
		data, err = listtest.ReadGzip(path)
	}
	if err != nil {
		t.Fatal(err)
	}
	res, entries, err := parseAll(t, strings.TrimSuffix(filepath.Base(path), ".gz"), data)
	if err != nil {
		t.Fatalf("Parse(%s) error: %v", path, err)
	}
	return res, entries
}

// golden is the shape of testdata/*.golden.json. Raw is left out (TestRaw
// checks it) to keep the file readable.
type golden struct {
	Result  clearance.ParseResult `json:"result"`
	Entries []*clearance.Entry    `json:"entries"`
}

func TestGolden(t *testing.T) {
	res, entries := parseFile(t, extract)
	for _, e := range entries {
		e.Raw = nil
	}
	got, err := json.MarshalIndent(golden{res, entries}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	listtest.Golden(t, "testdata/cons_enhanced_extract.golden.json", append(got, '\n'))
}

// byRef indexes entries by their OFAC entity number.
func byRef(entries []*clearance.Entry) map[string]*clearance.Entry {
	m := make(map[string]*clearance.Entry)
	for _, e := range entries {
		m[e.SourceRef] = e
	}
	return m
}

func TestExtract(t *testing.T) {
	res, entries := parseFile(t, extract)
	if res.Source != clearance.SourceOFACCons || res.Published != "2025-01-10" || res.PublishedNote != "dataAsOf" {
		t.Errorf("Parse(%s) result = %+v, want us-ofac-cons published 2025-01-10 from dataAsOf", extract, res)
	}
	if len(entries) != 13 {
		t.Errorf("Parse(%s) = %d entries, want 13", extract, len(entries))
	}
	m := byRef(entries)
	// The same ids as package ofac gives these parties from the legacy CSV.
	ids := map[string]string{
		"9647": "us-ofac-cons:PLC:9647", "15268": "us-ofac-cons:CAP:15268", "17014": "us-ofac-cons:SSI:17014",
		"26182": "us-ofac-cons:FSE:26182", "30946": "us-ofac-cons:CMIC:30946", "31693": "us-ofac-cons:MBS:31693",
	}
	for ref, id := range ids {
		if e := m[ref]; e == nil || e.ID != id || e.PartyRef != "ofac:"+ref {
			t.Errorf("entry %s = %+v, want id %s, party ofac:%s", ref, e, id, ref)
		}
	}
	names := []struct {
		ref  string
		name clearance.Name
	}{
		{"33091", clearance.Name{Value: "旷视科技有限公司", Kind: clearance.NameOriginal, Script: "Hans"}},
		{"33114", clearance.Name{Value: "商湯集團有限公司", Kind: clearance.NameOriginal, Script: "Hant"}},
		{"18281", clearance.Name{Value: "ООО ИНФРАСТРУКТУРА МОЛЖАНИНОВО", Kind: clearance.NameOriginal, Script: "Cyrl"}},
		{"18281", clearance.Name{Value: "ООО РЕСАД", Kind: clearance.NameFormer, Script: "Cyrl"}},
		{"9647", clearance.Name{Value: "ZAHAR, Mahmoud", Kind: clearance.NameAlias, Strength: clearance.Weak, Script: "Latn"}},
		{"50476", clearance.Name{Value: "Sweet Micky", Kind: clearance.NameAlias, Strength: clearance.Weak, Script: "Latn"}},
		{"15268", clearance.Name{Value: "KARAMAY URBAN CREDIT COOPERATIVES", Kind: clearance.NameFormer, Script: "Latn"}},
	}
	for _, tt := range names {
		if !slices.Contains(m[tt.ref].Names, tt.name) {
			t.Errorf("entry %s names = %+v, want to include %+v", tt.ref, m[tt.ref].Names, tt.name)
		}
	}
	hik := m["30946"]
	uscc := clearance.Identifier{Type: "Unified Social Credit Code (USCC)", Value: "91330000733796106P", Country: "CN"}
	if hik.Name != "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD." || !slices.Contains(hik.Identifiers, uscc) {
		t.Errorf("Hikvision = %q %+v, want its USCC %+v", hik.Name, hik.Identifiers, uscc)
	}
	martelly := m["50476"]
	if martelly.Kind != clearance.KindPerson || !cmp.Equal(martelly.BirthDates, []string{"1961-02-12"}) ||
		!cmp.Equal(martelly.Countries, []string{"US", "HT", "DO"}) || !cmp.Equal(martelly.Programs, []string{"ILLICIT-DRUGS-EO14059"}) {
		t.Errorf("Martelly = %+v, want a person born 1961-02-12 with addresses in US, HT, DO", martelly)
	}
	if e := m["9647"]; !cmp.Equal(e.BirthDates, []string{"1945"}) || !cmp.Equal(e.Nationalities, []string{"PS"}) || e.StartDate != "2006-04-12" {
		t.Errorf("entry 9647 = %+v, want born 1945, Palestinian, listed 2006-04-12", e)
	}
}

func TestRaw(t *testing.T) {
	_, entries := parseFile(t, extract)
	var raw map[string]any
	e := byRef(entries)["26182"]
	if err := json.Unmarshal(e.Raw, &raw); err != nil {
		t.Fatalf("entry %s: Raw is not a JSON object: %v", e.ID, err)
	}
	want := map[string]any{
		"@id":         "26182",
		"generalInfo": map[string]any{"identityId": "17886", "entityType": map[string]any{"@refId": "600", "#text": "Individual"}},
		// A plural container holds an array even of one item.
		"sanctionsPrograms": map[string]any{"sanctionsProgram": []any{map[string]any{"@refId": "91233", "@id": "27778", "#text": "FSE-IR"}}},
		"legalAuthorities":  map[string]any{"legalAuthority": []any{map[string]any{"@refId": "1805", "@id": "14565", "#text": "Executive Order 13608 (Iran/Syria)"}}},
	}
	for k, v := range want {
		if diff := cmp.Diff(v, raw[k]); diff != "" {
			t.Errorf("entry %s: Raw[%q] differs (-want +got):\n%s", e.ID, k, diff)
		}
	}
}

func TestFullFile(t *testing.T) {
	res, entries := parseFile(t, fullFile)
	if res.Source != clearance.SourceOFACCons || res.Published != "2025-01-10" {
		t.Errorf("Parse(%s) result = %+v, want us-ofac-cons published 2025-01-10", fullFile, res)
	}
	lists := map[clearance.ListCode]int{}
	seen := map[string]bool{}
	for _, e := range entries {
		lists[e.List]++
		if seen[e.ID] {
			t.Errorf("Parse(%s): id %s twice", fullFile, e.ID)
		}
		seen[e.ID] = true
	}
	want := map[clearance.ListCode]int{clearance.ListSSI: 286, clearance.ListPLC: 78, clearance.ListCMIC: 68,
		clearance.ListMBS: 9, clearance.ListCAPTA: 1, clearance.ListFSE: 1}
	if len(entries) != 443 || !cmp.Equal(lists, want) {
		t.Errorf("Parse(%s) = %d entries %v, want 443: %v", fullFile, len(entries), lists, want)
	}
}

func TestFormat(t *testing.T) {
	if got := Format.Name(); got != "ofac-xml" {
		t.Errorf("Format.Name() = %q, want ofac-xml", got)
	}
	for _, files := range [][]clearance.File{nil, {{Name: "a.xml"}, {Name: "b.xml"}}} {
		_, err := Format.Parse(context.Background(), files, func(*clearance.Entry) error { return nil })
		if clearance.KindOf(err) != clearance.Invalid {
			t.Errorf("Parse(%d files) error = %v, want an Invalid error", len(files), err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := listtest.ReadGzip(fullFile)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := parseAll(b, "CONS_ENHANCED.XML", data); err != nil {
			b.Fatal(err)
		}
	}
}
