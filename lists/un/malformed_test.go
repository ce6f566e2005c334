package un

import (
	"os"
	"strings"
	"testing"

	"github.com/clearancehq/clearance/lists/internal/listtest"
)

// doc wraps records in a minimal consolidated list; the first record
// starts on line 4.
func doc(records string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
<INDIVIDUALS>
` + records + `
</INDIVIDUALS>
</CONSOLIDATED_LIST>
`
}

const person = `<INDIVIDUAL>
<DATAID>1</DATAID>
<FIRST_NAME>ERIC</FIRST_NAME>
<SECOND_NAME>BADEGE</SECOND_NAME>
<REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>
<LISTED_ON>2012-12-31</LISTED_ON>
%s
</INDIVIDUAL>`

// rec returns the person record with extra elements in place of %s (line 10).
func rec(extra string) string { return strings.Replace(person, "%s", extra, 1) }

func TestMalformed(t *testing.T) {
	real, err := os.ReadFile(extract)
	if err != nil {
		t.Fatal(err)
	}
	truncated := string(real[:len(real)/2])
	tests := []struct {
		name  string
		input string
		line  int    // 0: do not check
		field string // substring of the error's Field
		msg   string // substring of the error's text
	}{
		{"empty", "", 0, "", "empty file"},
		{"blank", " \n\n", 0, "", "empty file"},
		{"not XML", "Name 6,Name 1\nA,B\n", 0, "", "not a UN consolidated list"},
		{"wrong root", `<?xml version="1.0"?>` + "\n<sdnList><sdnEntry/></sdnList>", 2, "sdnList", "not a UN consolidated list"},
		{"truncated", truncated, 0, "", "truncated"},
		{"unclosed root", strings.TrimSuffix(doc(rec("")), "</CONSOLIDATED_LIST>\n"), 0, "CONSOLIDATED_LIST", "not closed"},
		{"unclosed record", before(doc(rec("<NATIONALITY><VALUE>Rwanda</VALUE></NATIONALITY>")), "</VALUE>"), 10, "INDIVIDUAL/NATIONALITY/VALUE", "truncated"},
		{"mismatched tag", doc("<INDIVIDUAL><FIRST_NAME>A</SECOND_NAME></INDIVIDUAL>"), 4, "INDIVIDUAL/FIRST_NAME", "SECOND_NAME"},
		{"invalid UTF-8", doc(strings.Replace(rec(""), "BADEGE", "BAD\xffEGE", 1)), 7, "SECOND_NAME", "UTF-8"},
		{"no records", doc(""), 0, "CONSOLIDATED_LIST", "no INDIVIDUAL or ENTITY"},
		{"no name", doc(strings.NewReplacer("<FIRST_NAME>ERIC</FIRST_NAME>", "", "<SECOND_NAME>BADEGE</SECOND_NAME>", "").Replace(rec(""))), 4, "INDIVIDUAL/FIRST_NAME", "no name"},
		{"no reference", doc(strings.NewReplacer("<DATAID>1</DATAID>", "", "<REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>", "").Replace(rec(""))), 4, "REFERENCE_NUMBER", "neither"},
		{"duplicate", doc(rec("") + "\n" + rec("")), 12, "REFERENCE_NUMBER", "duplicate id un-sc:UN:CDi.001"},
		{"bad listed on", doc(strings.Replace(rec(""), "2012-12-31", "31/12/2012", 1)), 9, "INDIVIDUAL/LISTED_ON", "bad date"},
		{"bad dateGenerated", strings.Replace(doc(rec("")), "2026-02-27T", "yesterday", 1), 2, "dateGenerated", "bad date"},
		{"bad birth date", doc(rec("<INDIVIDUAL_DATE_OF_BIRTH>\n<TYPE_OF_DATE>EXACT</TYPE_OF_DATE>\n<DATE>1971-02-30</DATE>\n</INDIVIDUAL_DATE_OF_BIRTH>")), 12, "INDIVIDUAL_DATE_OF_BIRTH/DATE", "bad date"},
		{"bad year", doc(rec("<INDIVIDUAL_DATE_OF_BIRTH>\n<TYPE_OF_DATE>EXACT</TYPE_OF_DATE>\n<YEAR>71</YEAR>\n</INDIVIDUAL_DATE_OF_BIRTH>")), 12, "INDIVIDUAL_DATE_OF_BIRTH/YEAR", "bad year"},
		{"between without end", doc(rec("<INDIVIDUAL_DATE_OF_BIRTH>\n<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>\n<FROM_YEAR>1971</FROM_YEAR>\n</INDIVIDUAL_DATE_OF_BIRTH>")), 10, "TO_YEAR", "missing TO_YEAR"},
		{"unknown alias quality", doc(rec("<INDIVIDUAL_ALIAS>\n<QUALITY>Medium</QUALITY>\n<ALIAS_NAME>X</ALIAS_NAME>\n</INDIVIDUAL_ALIAS>")), 10, "INDIVIDUAL_ALIAS/QUALITY", `unknown alias quality "Medium"`},
		{"too deep", doc(rec(strings.Repeat("<A>", 40) + strings.Repeat("</A>", 40))), 10, "A", "nested"},
		{"latin-1 declared", strings.Replace(doc(rec("")), "UTF-8", "ISO-8859-1", 1), 1, "", "ISO-8859-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseAll(t, "list.xml", []byte(tt.input))
			listtest.CheckError(t, err, "list.xml", tt.line, tt.field, tt.msg)
		})
	}
}

// before returns s up to the first sep.
func before(s, sep string) string {
	b, _, _ := strings.Cut(s, sep)
	return b
}

// TestNoAlias checks that the UN's empty alias element is no alias, not an
// error, and that a record needs no dates, places or documents.
func TestNoAlias(t *testing.T) {
	input := doc(rec("<INDIVIDUAL_ALIAS>\n<QUALITY/>\n<ALIAS_NAME/>\n</INDIVIDUAL_ALIAS>\n<INDIVIDUAL_DOCUMENT/>\n<INDIVIDUAL_DATE_OF_BIRTH>\n<TYPE_OF_DATE/>\n</INDIVIDUAL_DATE_OF_BIRTH>"))
	_, entries, err := parseAll(t, "list.xml", []byte(input))
	if err != nil || len(entries) != 1 {
		t.Fatalf("Parse = %d entries, %v; want 1 entry", len(entries), err)
	}
	e := entries[0]
	if len(e.Names) != 1 || e.Name != "ERIC BADEGE" || len(e.Identifiers) != 0 || len(e.BirthDates) != 0 {
		t.Errorf("Parse = %+v, want only the name ERIC BADEGE", e)
	}
}
