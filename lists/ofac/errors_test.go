package ofac_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
	"github.com/clearancehq/clearance/lists/ofac"
)

// Real rows from OFAC's sdn.csv and alt.csv, the building blocks of the
// malformed inputs below.
const (
	row36  = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
	row173 = "173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
	alt36  = "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n"
	add36  = "36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n"
)

func files(nameContent ...string) []clearance.File {
	var out []clearance.File
	for i := 0; i+1 < len(nameContent); i += 2 {
		out = append(out, clearance.File{Name: nameContent[i], R: strings.NewReader(nameContent[i+1])})
	}
	return out
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		files []clearance.File
		file  string // want ParseError.File
		line  int
		field string
		msg   string // want in the error text
	}{
		{"wrong field count", files("sdn.csv", row36+"173,\"ANGLO\",-0- ,\"CUBA\"\r\n"), "sdn.csv", 2, "", "4 fields, want 12"},
		{"missing column in alt", files("sdn.csv", row36, "alt.csv", "36,12,\"aka\",\"AERO-CARIBBEAN\"\r\n"), "alt.csv", 1, "", "4 fields, want 5"},
		{"invalid UTF-8", files("sdn.csv", row36+strings.Replace(row173, "ANGLO", "ANG\xffLO", 1)), "sdn.csv", 2, "SDN_Name", "invalid UTF-8"},
		{"empty file", files("sdn.csv", ""), "sdn.csv", 0, "", "no records"},
		{"only the end-of-file mark", files("sdn.csv", "\x1a"), "sdn.csv", 0, "", "no records"},
		{"empty companion", files("sdn.csv", row36, "add.csv", ""), "add.csv", 0, "", "empty file"},
		{"truncated quoted field", files("sdn.csv", row36+"173,\"ANGLO-CARIBBEAN CO"), "sdn.csv", 2, "", "quote"},
		{"stray end-of-file mark", files("sdn.csv", row36+"\x1a\r\n"+row173), "sdn.csv", 2, "", "1 fields, want 12"},
		{"orphan alt row", files("sdn.csv", row36, "alt.csv", alt36+"999,13,\"aka\",\"NOBODY\",-0- \r\n"), "alt.csv", 2, "ent_num", "ent_num 999 has no record"},
		{"orphan add row", files("sdn.csv", row36, "add.csv", add36+add36+"37,26,-0- ,\"Havana\",\"Cuba\",-0- \r\n"), "add.csv", 3, "ent_num", "ent_num 37 has no record"},
		{"unknown file name", files("sdn.csv", row36, "names.csv", alt36), "names.csv", 0, "", "not a file of an OFAC legacy CSV set"},
		{"mixed sets", files("sdn.csv", row36, "cons_alt.csv", alt36), "cons_alt.csv", 0, "", "us-ofac-cons"},
		{"missing primary", files("ALT.CSV", alt36), "sdn.csv", 0, "", "primary file missing"},
		{"duplicate file", files("sdn.csv", row36, "SDN.CSV", row173), "SDN.CSV", 0, "", "duplicate of sdn.csv"},
		{"duplicate ent_num", files("sdn.csv", row36+row36), "sdn.csv", 2, "ent_num", "duplicate ent_num 36"},
		{"bad ent_num", files("sdn.csv", "X36"+row36[2:]), "sdn.csv", 1, "ent_num", "not a number"},
		{"unknown SDN_Type", files("sdn.csv", strings.Replace(row36, "-0- ", "\"submarine\"", 1)), "sdn.csv", 1, "SDN_Type", "submarine"},
		{"unknown alt_type", files("sdn.csv", row36, "alt.csv", strings.Replace(alt36, "aka", "xyz", 1)), "alt.csv", 1, "alt_type", "xyz"},
		{"empty alias", files("sdn.csv", row36, "alt.csv", strings.Replace(alt36, "\"AERO-CARIBBEAN\"", "-0- ", 1)), "alt.csv", 1, "alt_name", "empty"},
		{"empty name", files("sdn.csv", strings.Replace(row36, "\"AEROCARIBBEAN AIRLINES\"", "-0- ", 1)), "sdn.csv", 1, "SDN_Name", "empty"},
		{"wrong format", files("sdn.csv", "<?xml version=\"1.0\"?>\r\n<sanctionsData/>\r\n"), "sdn.csv", 1, "", `bare "`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := listtest.Parse(t, ofac.Format, tt.files...)
			pe := listtest.ParseError(t, err, tt.file)
			if pe.Line != tt.line || pe.Field != tt.field {
				t.Errorf("Parse() error at line %d field %q, want line %d field %q (%v)", pe.Line, pe.Field, tt.line, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Parse() = %q, want it to mention %q", err, tt.msg)
			}
		})
	}
}

func TestParseAcceptsSetVariants(t *testing.T) {
	tests := []struct {
		name  string
		files []clearance.File
		want  int
	}{
		{"upper-case names in a directory", files("data/SDN.CSV", row36+row173, `data\ALT.CSV`, alt36), 2},
		{"no end-of-file mark", files("sdn.csv", row36), 1},
		{"end-of-file mark without a line end", files("sdn.csv", strings.TrimSuffix(row36, "\r\n")+"\x1a"), 1},
		{"byte-order mark", files("sdn.csv", "\uFEFF"+row36), 1},
		{"empty but complete companion", files("sdn.csv", row36, "sdn_comments.csv", "\x1a"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			_, err := ofac.Format.Parse(context.Background(), tt.files, func(e *clearance.Entry) error {
				n++
				if e.Name == "" || e.Remarks != "" {
					t.Errorf("entry %s = name %q remarks %q", e.ID, e.Name, e.Remarks)
				}
				return nil
			})
			if err != nil || n != tt.want {
				t.Errorf("Parse() = %d entries, %v; want %d, nil", n, err, tt.want)
			}
		})
	}
}

func TestParseEmitError(t *testing.T) {
	stop := errors.New("stop")
	_, err := ofac.Format.Parse(context.Background(), files("sdn.csv", row36+row173), func(*clearance.Entry) error { return stop })
	if err != stop {
		t.Errorf("Parse() = %v, want the emit error", err)
	}
}
