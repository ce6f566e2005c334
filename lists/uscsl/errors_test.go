package uscsl

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
)

const (
	csvHeader = "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date," +
		"standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage," +
		"vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities," +
		"places_of_birth,source_information_url,ids\n"
	elSource = "Entity List (EL) - Bureau of Industry and Security"
)

// csvRow returns a CSV row of the standard header with the given cells set.
func csvRow(cells map[string]string) string {
	cols := strings.Split(strings.TrimSpace(csvHeader), ",")
	out := make([]string, len(cols))
	for i, c := range cols {
		v := cells[c]
		if strings.ContainsAny(v, ",\"\n") {
			v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		out[i] = v
	}
	return strings.Join(out, ",") + "\n"
}

// goodRow is a valid Entity List row.
var goodRow = map[string]string{"_id": "x1", "source": elSource, "name": "Hangzhou Hikvision Digital Technology Co., Ltd.", "start_date": "2019-10-09"}

// with returns goodRow with some cells changed.
func with(cells map[string]string) map[string]string {
	m := make(map[string]string)
	for k, v := range goodRow {
		m[k] = v
	}
	for k, v := range cells {
		m[k] = v
	}
	return m
}

func TestParseErrors(t *testing.T) {
	good := csvRow(goodRow)
	tests := []struct {
		name, input string
		line        int
		field, msg  string
	}{
		{"empty", "", 1, "", "empty file"},
		{"blank", " \n\t\n", 1, "", "empty file"},
		{"bom only", "\xEF\xBB\xBF", 1, "", "empty file"},
		{"header only", csvHeader, 2, "", "no records"},
		{"missing name column", "_id,source\nx,EL\n", 1, "name", "missing required column"},
		{"missing source column", "_id,name\nx,Foo\n", 1, "source", "missing required column"},
		{"wrong format xml", "<?xml version=\"1.0\"?>\n<sdnList></sdnList>\n", 1, "source", "not a CSL CSV file"},
		{"duplicate column", "source,name,name\nx,y,z\n", 1, "name", "duplicate column"},
		{"truncated quoted field", csvHeader + good + `x2,"` + elSource + `,,,,"Unfinished`, 3, "", "quote"},
		{"short row", csvHeader + good + "x2,EL,\n", 3, "", "wrong number of fields"},
		{"invalid utf-8", csvHeader + good + csvRow(with(map[string]string{"name": "Bad \xff name"})), 3, "name", "invalid UTF-8"},
		{"invalid utf-8 header", "source,na\xffme\n", 1, "", "not valid UTF-8"},
		{"bad start date", csvHeader + good + good + csvRow(with(map[string]string{"start_date": "2019-13-40"})), 4, "start_date", "not a date"},
		{"bad end date", csvHeader + csvRow(with(map[string]string{"end_date": "soon"})), 2, "end_date", "not a date"},
		{"empty name", csvHeader + csvRow(with(map[string]string{"name": "  "})), 2, "name", "empty name"},
		{"bad entity number", csvHeader + csvRow(with(map[string]string{"entity_number": "12a"})), 2, "entity_number", "not an entity number"},
		{"unknown source", csvHeader + csvRow(with(map[string]string{"source": "Some Other List"})), 2, "source", "cannot tell the list"},
		{"empty source", csvHeader + csvRow(with(map[string]string{"source": ""})), 2, "source", "empty source"},
		{"json truncated", `{"results": [{"source": "` + elSource + `", "name": "A"},` + "\n" + `{"source": "` + elSource, 2, "", "truncated"},
		{"json truncated array", `[{"source": "` + elSource + `", "name": "A"}` + "\n", 2, "", "truncated"},
		{"json no results", "{\n\"total\": 0\n}", 1, "results", "no \"results\" array"},
		{"json results not array", `{"results": {"a": 1}}`, 1, "results", "not an array"},
		{"json empty results", `{"results": []}`, 1, "results", "no records"},
		{"json empty array", "[\n]", 2, "results", "no records"},
		{"json record not object", `[` + "\n" + `"just a string"]`, 2, "", "not a JSON object"},
		{"json invalid utf-8", "[\n{\"source\": \"" + elSource + "\",\n\"name\": \"Bad \xff\"}]", 2, "name", "invalid UTF-8"},
		{"json wrong type", "[\n{\"source\": \"" + elSource + "\", \"name\": {\"x\": 1}}]", 2, "name", "want a string"},
		{"json bad address", "[\n{\"source\": \"" + elSource + "\", \"name\": \"A\", \"addresses\": 5}]", 2, "addresses", "want an array"},
		{"json bad start date", "[\n{\"source\": \"" + elSource + "\", \"name\": \"A\"},\n{\"source\": \"" + elSource + "\", \"name\": \"B\", \"start_date\": \"later\"}]", 3, "start_date", "not a date"},
		{"json trailing data", `[{"source": "` + elSource + `", "name": "A"}] [`, 1, "", "after the end"},
		{"json syntax", "[\n{\"source\": \"" + elSource + "\", \"name\": \"A\"},\n{\"source\" \"x\"}]", 3, "", "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := listtest.Parse(t, Format, clearance.File{Name: "in.csv", R: strings.NewReader(tt.input)})
			pe := listtest.ParseError(t, err, "in.csv")
			if pe.Line != tt.line || pe.Field != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Parse(%q) = %v (line %d field %q), want line %d field %q containing %q",
					tt.input, err, pe.Line, pe.Field, tt.line, tt.field, tt.msg)
			}
		})
	}
}

func TestParseUnknownListIsNotAnError(t *testing.T) {
	in := csvHeader + csvRow(with(map[string]string{"source": "Military End-User and Intelligence List (MIEU) - BIS"}))
	entries, _ := parseBytes(t, "in.csv", []byte(in))
	if len(entries) != 1 || entries[0].List != "MIEU" || !strings.HasPrefix(entries[0].ID, "us-csl:MIEU:") {
		t.Errorf("Parse(unknown list) = %+v, want one MIEU entry", entries)
	}
}

func TestParseFiles(t *testing.T) {
	f := clearance.File{Name: "a.csv", R: strings.NewReader(csvHeader + csvRow(goodRow))}
	for _, files := range [][]clearance.File{nil, {f, f}} {
		_, err := Format.Parse(context.Background(), files, func(*clearance.Entry) error { return nil })
		if clearance.KindOf(err) != clearance.Invalid {
			t.Errorf("Parse(%d files) = %v, want an invalid error", len(files), err)
		}
	}
}

func TestCancel(t *testing.T) {
	for _, name := range []string{"consolidated_extract.csv", "consolidated_extract.json"} {
		listtest.Cancel(t, Format, listtest.Open(t, filepath.Join("testdata", name)))
	}
}

func TestParseJSONPublished(t *testing.T) {
	in := `{"results": [{"id": "1", "source": "` + elSource + `", "name": "A", "start_date": "2019-10-09"}],
		"sources_used": [{"source": "x", "source_last_updated": "2026-09-23T14:07:33+00:00"},
			{"source": "y", "source_last_updated": "2026-09-22T10:00:00+00:00"}, {"source": "z"}]}`
	_, res := parseBytes(t, "in.json", []byte(in))
	if res.Published != "2026-09-23" || !strings.Contains(res.PublishedNote, "source_last_updated") {
		t.Errorf("Parse(json with sources_used) = %+v, want published 2026-09-23 from source_last_updated", res)
	}
	_, res = parseBytes(t, "in.json", []byte("\xEF\xBB\xBF  "+`[{"_id": 7, "source": "`+elSource+`", "name": "A", "start_date": "2019-10-09"}]`))
	if res.Published != "2019-10-09" || !strings.HasPrefix(res.PublishedNote, "estimated") {
		t.Errorf("Parse(json without sources_used) = %+v, want an estimate from start_date", res)
	}
}
