package uk

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance/lists/internal/listtest"
)

const header = "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,Passport Details,National Identification Number,National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,UK Sanctions List Date Designated,Last Updated,Group ID"

// line returns a CSV data row: a person named JOHN SMITH in group 1,
// with the given columns overridden.
func line(set map[string]string) string {
	cols := strings.Split(header, ",")
	vals := map[string]string{
		"Name 6": "SMITH", "Name 1": "John", "Group Type": "Individual", "Alias Type": "Primary name",
		"Regime": "Russia", "Listed On": "15/03/2022", "Last Updated": "15/03/2022", "Group ID": "1",
	}
	for k, v := range set {
		vals[k] = v
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = vals[c]
	}
	return strings.Join(out, ",")
}

// file is a ConList with its Last Updated line (line 1), header (line 2)
// and the given rows from line 3.
func file(rows ...string) string {
	return "Last Updated,10/04/2025\r\n" + header + "\r\n" + strings.Join(rows, "\r\n") + "\r\n"
}

func TestMalformed(t *testing.T) {
	real := string(readExtract(t))
	tests := []struct {
		name  string
		input string
		line  int    // 0: do not check
		field string // the error's Field
		msg   string // substring of the error's text
	}{
		{"empty", "", 1, "", "empty file"},
		{"no header", "Last Updated,10/04/2025\r\n", 2, "", "no header"},
		{"no rows", file(), 0, "", "no data rows"},
		{"missing Group ID", strings.Replace(file(line(nil)), ",Group ID", "", 1), 2, "Group ID", "missing required column"},
		{"missing Alias Type", strings.Replace(file(line(nil)), ",Alias Type", ",Alias", 1), 2, "Alias Type", "missing required column"},
		{"wrong format", `<?xml version="1.0"?>` + "\n<CONSOLIDATED_LIST/>\n", 1, "", "bare \""},
		{"other CSV", "name,country\nACME,CN\n", 1, "Name 6", "not an OFSI ConList.csv"},
		{"bad Last Updated line", strings.Replace(file(line(nil)), "10/04/2025", "2025-04-10", 1), 1, "Last Updated", "bad date"},
		{"truncated row", real[:len(real)-200], 0, "", "truncated"},
		{"truncated quote", file(line(map[string]string{"Other Information": `"(Gender):Male`})), 0, "", "quote"},
		{"invalid UTF-8", file(line(nil), line(map[string]string{"Name 2": "Jo\xffhn"})), 4, "Name 2", "invalid UTF-8"},
		{"bad DOB", file(line(map[string]string{"DOB": "31/02/1970"})), 3, "DOB", `bad date "31/02/1970"`},
		{"bad Listed On", file(line(map[string]string{"Listed On": "2022-03-15"})), 3, "Listed On", "bad date"},
		{"bad Last Updated", file(line(map[string]string{"Last Updated": "yesterday"})), 3, "Last Updated", "bad date"},
		{"empty Group ID", file(line(map[string]string{"Group ID": " "})), 3, "Group ID", "empty Group ID"},
		{"unknown Group Type", file(line(map[string]string{"Group Type": "Aircraft"})), 3, "Group Type", `unknown Group Type "Aircraft"`},
		{"mixed Group Type", file(line(nil), line(map[string]string{"Group Type": "Entity"})), 4, "Group Type", "group 1 is organization"},
		{"unknown Alias Type", file(line(map[string]string{"Alias Type": "Nickname"})), 3, "Alias Type", `unknown Alias Type "Nickname"`},
		{"unknown Alias Quality", file(line(map[string]string{"Alias Quality": "Excellent"})), 3, "Alias Type", `unknown Alias Quality "Excellent"`},
		{"empty name", file(line(map[string]string{"Name 6": "", "Name 1": ""})), 3, "Name 6", "empty name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseAll(t, "ConList.csv", []byte(tt.input))
			pe := listtest.ParseError(t, err, "ConList.csv")
			if tt.line != 0 && pe.Line != tt.line {
				t.Errorf("Parse(%s) error line = %d, want %d (%v)", tt.name, pe.Line, tt.line, err)
			}
			if pe.Field != tt.field {
				t.Errorf("Parse(%s) error field = %q, want %q (%v)", tt.name, pe.Field, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Parse(%s) error = %q, want it to contain %q", tt.name, err, tt.msg)
			}
		})
	}
}
