package un

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
	"github.com/google/go-cmp/cmp"
)

const extract = "testdata/consolidated.xml"

// fullFile is the real list, read by TestFullFile and the benchmark only.
var fullFile = filepath.Join("..", "..", "..", "shared", "data", "un_sc_consolidated", "UN_consolidated_2026-02-27.xml")

// parseAll parses data, checking what it emits against the contract of
// clearance.Format, and returns what was emitted.
func parseAll(t testing.TB, name string, data []byte) (clearance.ParseResult, []*clearance.Entry, error) {
	t.Helper()
	return listtest.Parse(t, Format, clearance.File{Name: name, R: bytes.NewReader(data)})
}

// golden is the shape of testdata/*.golden.json: Raw is left out (it is
// tested by TestRaw) to keep the file readable.
type golden struct {
	Result  clearance.ParseResult `json:"result"`
	Entries []*clearance.Entry    `json:"entries"`
}

func TestGolden(t *testing.T) {
	data, err := os.ReadFile(extract)
	if err != nil {
		t.Fatal(err)
	}
	res, entries, err := parseAll(t, "consolidated.xml", data)
	if err != nil {
		t.Fatalf("Parse(%s) error: %v", extract, err)
	}
	for _, e := range entries {
		e.Raw = nil
	}
	got, err := json.MarshalIndent(golden{res, entries}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	listtest.Golden(t, "testdata/consolidated.golden.json", append(got, '\n'))
}

func TestExtractCounts(t *testing.T) {
	data, err := os.ReadFile(extract)
	if err != nil {
		t.Fatal(err)
	}
	res, entries, err := parseAll(t, extract, data)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[clearance.EntityKind]int{}
	for _, e := range entries {
		kinds[e.Kind]++
	}
	if kinds[clearance.KindPerson] != 34 || kinds[clearance.KindOrganization] != 15 {
		t.Errorf("Parse(%s) kinds = %v, want 34 persons and 15 organizations", extract, kinds)
	}
	if res.Published != "2026-02-27" || res.PublishedNote != "dateGenerated" || res.Source != clearance.SourceUN {
		t.Errorf("Parse(%s) result = %+v, want published 2026-02-27 from dateGenerated", extract, res)
	}
}

func TestRaw(t *testing.T) {
	data, err := os.ReadFile(extract)
	if err != nil {
		t.Fatal(err)
	}
	_, entries, err := parseAll(t, extract, data)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(entries[0].Raw, &raw); err != nil {
		t.Fatalf("entry %s: Raw is not a JSON object: %v", entries[0].ID, err)
	}
	want := map[string]any{
		"DATAID":           "6907993",
		"REFERENCE_NUMBER": "CDi.001",
		"NATIONALITY":      map[string]any{"VALUE": "Democratic Republic of the Congo"},
		"INDIVIDUAL_ALIAS": map[string]any{"QUALITY": "", "ALIAS_NAME": ""},
		"SORT_KEY":         "",
	}
	for k, v := range want {
		if diff := cmp.Diff(v, raw[k]); diff != "" {
			t.Errorf("entry %s: Raw[%q] differs (-want +got):\n%s", entries[0].ID, k, diff)
		}
	}
	// Repeated elements become arrays.
	for _, e := range entries {
		if e.ID == "un-sc:UN:CDi.003" {
			json.Unmarshal(e.Raw, &raw)
			if aliases, ok := raw["INDIVIDUAL_ALIAS"].([]any); !ok || len(aliases) != 4 {
				t.Errorf("entry %s: Raw INDIVIDUAL_ALIAS = %v, want an array of 4", e.ID, raw["INDIVIDUAL_ALIAS"])
			}
		}
	}
}

func TestFullFile(t *testing.T) {
	data, err := os.ReadFile(fullFile)
	if err != nil {
		t.Skipf("real file not present: %v", err)
	}
	start := time.Now()
	res, entries, err := parseAll(t, filepath.Base(fullFile), data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", fullFile, err)
	}
	t.Logf("parsed %d entries in %v", len(entries), time.Since(start))
	kinds := map[clearance.EntityKind]int{}
	for _, e := range entries {
		kinds[e.Kind]++
	}
	if len(entries) != 1003 || kinds[clearance.KindPerson] != 730 || kinds[clearance.KindOrganization] != 273 {
		t.Errorf("Parse(%s) = %d entries %v, want 1003: 730 persons, 273 organizations", fullFile, len(entries), kinds)
	}
	if res.Published != "2026-02-27" {
		t.Errorf("Parse(%s) published = %q, want 2026-02-27", fullFile, res.Published)
	}
}

func TestFormat(t *testing.T) {
	if got := Format.Name(); got != "un" {
		t.Errorf("Format.Name() = %q, want %q", got, "un")
	}
	_, err := Format.Parse(context.Background(), nil, func(*clearance.Entry) error { return nil })
	if clearance.KindOf(err) != clearance.Invalid {
		t.Errorf("Parse(no files) error = %v, want an Invalid error", err)
	}
}

func TestCancel(t *testing.T) {
	listtest.Cancel(t, Format, listtest.Open(t, extract))
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(fullFile)
	if err != nil {
		b.Skipf("real file not present: %v", err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := parseAll(b, "consolidated.xml", data); err != nil {
			b.Fatal(err)
		}
	}
}
