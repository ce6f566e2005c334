package uscsl

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
)

// FuzzParse checks, for CSV and JSON input alike, that Parse never panics,
// that every emitted entry has a name, validates and has an id of its own,
// and that every failure is a *clearance.ParseError.
func FuzzParse(f *testing.F) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	// The head of the real CSV: its header and the first rows, cut at a
	// line end. Small seeds keep the fuzzer fast.
	csv := read("consolidated_extract.csv")
	csv = csv[:bytes.LastIndexByte(csv[:min(len(csv), 4000)], '\n')+1]
	f.Add(csv)
	f.Add([]byte(csvHeader + csvRow(goodRow) + csvRow(with(map[string]string{
		"_id": "x2", "alt_names": "Hikvision; 海康威视", "addresses": "555 Qianmo Road, Hangzhou, CN", "type": "Entity",
	}))))
	f.Add([]byte("\xEF\xBB\xBF" + csvHeader + csvRow(goodRow)))
	// The first two records of the real JSON.
	var doc struct{ Results []json.RawMessage }
	if err := json.Unmarshal(read("consolidated_extract.json"), &doc); err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"results": [` + string(doc.Results[0]) + ",\n" + string(doc.Results[1]) + `]}`))
	f.Add([]byte(`[{"_id": 7, "source": "` + elSource + `", "name": "A", "alt_names": ["B"], "start_date": "2019-10-09"}]`))
	f.Add([]byte(`{"results": [{"source": "` + elSource + `", "name": "A"}], "sources_used": [{"source_last_updated": "2026-09-23T14:07:33+00:00"}]}`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		listtest.Parse(t, Format, clearance.File{Name: "fuzz", R: bytes.NewReader(data)})
	})
}
