package uk

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

const extract = "testdata/ConList.csv"

// fullFile is the real list, read by TestFullFile and the benchmark only.
var fullFile = filepath.Join("..", "..", "..", "shared", "data", "uk_ofsi_conlist", "ConList_2025-04-10.csv.gz")

// parseAll parses data, checking what it emits against the contract of
// clearance.Format, and returns what was emitted.
func parseAll(t testing.TB, name string, data []byte) (clearance.ParseResult, []*clearance.Entry, error) {
	t.Helper()
	return listtest.Parse(t, Format, clearance.File{Name: name, R: bytes.NewReader(data)})
}

func readExtract(t testing.TB) []byte {
	data, err := os.ReadFile(extract)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// golden is the shape of testdata/*.golden.json: Raw is left out (it is
// tested by TestRaw) to keep the file readable.
type golden struct {
	Result  clearance.ParseResult `json:"result"`
	Entries []*clearance.Entry    `json:"entries"`
}

func TestGolden(t *testing.T) {
	res, entries, err := parseAll(t, "ConList.csv", readExtract(t))
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
	listtest.Golden(t, "testdata/ConList.golden.json", append(got, '\n'))
}

func TestExtract(t *testing.T) {
	res, entries, err := parseAll(t, extract, readExtract(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 45 {
		t.Errorf("Parse(%s) = %d entries, want 45 groups", extract, len(entries))
	}
	want := clearance.ParseResult{Source: clearance.SourceUK, Published: "2025-04-10", PublishedNote: "Last Updated line"}
	if res != want {
		t.Errorf("Parse(%s) result = %+v, want %+v", extract, res, want)
	}
	kinds := map[clearance.EntityKind]int{}
	for _, e := range entries {
		kinds[e.Kind]++
	}
	if kinds[clearance.KindVessel] != 3 {
		t.Errorf("Parse(%s) kinds = %v, want 3 vessels", extract, kinds)
	}
}

// TestGrouping checks that rows of a group scattered through the file
// make one entry, and that its first "Primary name" row names it.
func TestGrouping(t *testing.T) {
	_, entries, err := parseAll(t, extract, readExtract(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.SourceRef != "11634" {
			continue
		}
		var raw struct{ Rows []map[string]string }
		if err := json.Unmarshal(e.Raw, &raw); err != nil {
			t.Fatalf("entry %s: Raw: %v", e.ID, err)
		}
		if len(raw.Rows) < 2 || raw.Rows[0]["Group ID"] != "11634" || raw.Rows[0]["Name 6"] == "" {
			t.Errorf("entry %s: Raw rows = %v, want all the group's rows", e.ID, raw.Rows)
		}
		if len(raw.Rows) != 22 {
			t.Errorf("entry %s has %d rows in Raw, want 22", e.ID, len(raw.Rows))
		}
		if e.Name != "Said Jan 'ABD AL-SALAM" || !cmp.Equal(e.BirthDates, []string{"1981-02-05", "1972-01-01"}) {
			t.Errorf("entry %s = %q born %q, want Said Jan 'ABD AL-SALAM born 1981-02-05 and 1972-01-01", e.ID, e.Name, e.BirthDates)
		}
		return
	}
	t.Errorf("Parse(%s): no entry for group 13378", extract)
}

// TestWithoutLastUpdated checks that a file without its first line, and
// with a BOM, still parses, the date estimated from the rows.
func TestWithoutLastUpdated(t *testing.T) {
	data := readExtract(t)
	_, rest, _ := bytes.Cut(data, []byte("\r\n"))
	input := append([]byte("\ufeff"), rest...)
	res, entries, err := parseAll(t, "ConList.csv", input)
	if err != nil || len(entries) != 45 {
		t.Fatalf("Parse(no Last Updated line, BOM) = %d entries, %v; want 45", len(entries), err)
	}
	if res.Published == "" || res.PublishedNote != "estimated from newest Last Updated column" {
		t.Errorf("Parse(no Last Updated line) result = %+v, want an estimated date", res)
	}
}

func TestFullFile(t *testing.T) {
	data, err := listtest.ReadGzip(fullFile)
	if err != nil {
		t.Skipf("real file not present: %v", err)
	}
	start := time.Now()
	res, entries, err := parseAll(t, "ConList.csv", data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", fullFile, err)
	}
	t.Logf("parsed %d entries in %v", len(entries), time.Since(start))
	kinds := map[clearance.EntityKind]int{}
	noPrimary := 0
	for _, e := range entries {
		kinds[e.Kind]++
		var raw struct{ Rows []map[string]string }
		json.Unmarshal(e.Raw, &raw)
		found := false
		for _, r := range raw.Rows {
			found = found || r["Alias Type"] == "Primary name"
		}
		if !found {
			noPrimary++
		}
	}
	t.Logf("%d groups have no Primary name row; kinds %v", noPrimary, kinds)
	if len(entries) != 4686 {
		t.Errorf("Parse(%s) = %d entries, want 4686 groups", fullFile, len(entries))
	}
	if res.Published != "2025-04-10" {
		t.Errorf("Parse(%s) published = %q, want 2025-04-10", fullFile, res.Published)
	}
}

func TestFormat(t *testing.T) {
	if got := Format.Name(); got != "uk" {
		t.Errorf("Format.Name() = %q, want %q", got, "uk")
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
	data, err := listtest.ReadGzip(fullFile)
	if err != nil {
		b.Skipf("real file not present: %v", err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := parseAll(b, "ConList.csv", data); err != nil {
			b.Fatal(err)
		}
	}
}
