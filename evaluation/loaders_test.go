package evaluation

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tempFile writes content to a file named name in a new temporary
// directory and returns its path.
func tempFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// wantErr checks that err is not nil and mentions every substring.
func wantErr(t *testing.T, what string, err error, subs ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want one mentioning %q", what, subs)
	}
	for _, s := range subs {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: error %q does not mention %q", what, err, s)
		}
	}
}

const pairsHeader = "case_group,schema,name1,name2,is_match,quality,category,notes\n"

func TestLoadPairs(t *testing.T) {
	p := tempFile(t, "cases.csv", "\ufeff"+pairsHeader+
		"g,Person,Olaf Scholze,Olaf Scholz,true,STRONG,,\n"+
		"g,Company,\"Acme, Inc.\",Acme Inc,FALSE,MEDIUM,Abbreviation,a note\n")
	got, err := LoadPairs(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []Pair{
		{Line: 2, Group: "g", Schema: "Person", Name1: "Olaf Scholze", Name2: "Olaf Scholz", Match: true, Quality: "STRONG"},
		{Line: 3, Group: "g", Schema: "Company", Name1: "Acme, Inc.", Name2: "Acme Inc", Match: false, Quality: "MEDIUM", Category: "Abbreviation"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadPairs (-want +got):\n%s", diff)
	}
}

func TestLoadPairsMalformed(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
	}{
		{"empty file", "", []string{"cases.csv", "empty file"}},
		{"missing column", "schema,name1,name2\nPerson,a,b\n", []string{"cases.csv", "line 1", `"is_match"`}},
		{"bad verdict", pairsHeader + "g,Person,a,b,true,,,\ng,Person,a,c,maybe,,,\n", []string{"cases.csv", "line 3", "is_match", `"maybe"`}},
		{"empty name", pairsHeader + "g,Person,,b,true,,,\n", []string{"cases.csv", "line 2", "name1", "empty"}},
		{"invalid UTF-8", pairsHeader + "g,Person,a,b\xff,true,,,\n", []string{"cases.csv", "line 2", "name2", "UTF-8"}},
		{"wrong field count", pairsHeader + "g,Person,a,b,true\n", []string{"cases.csv", "line 2"}},
		{"bare quote", pairsHeader + "g,Person,a \"b,c,true,,,\n", []string{"cases.csv", "line 2"}},
		{"header only", pairsHeader, []string{"cases.csv", "no pairs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadPairs(tempFile(t, "cases.csv", tt.content))
			wantErr(t, "LoadPairs", err, tt.want...)
		})
	}
	_, err := LoadPairs(filepath.Join(t.TempDir(), "absent.csv"))
	wantErr(t, "LoadPairs of a missing file", err, "absent.csv")
}

func TestLoadPeer(t *testing.T) {
	p := tempFile(t, "logicv2.csv", "schema,name1,name2,is_match,predicted_match\nPerson,a,b,true,false\nCompany,c,d,false,true\n")
	got, err := LoadPeer(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[PairKey]bool{{"Person", "a", "b"}: false, {"Company", "c", "d"}: true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadPeer (-want +got):\n%s", diff)
	}
	_, err = LoadPeer(tempFile(t, "logicv2.csv", "schema,name1,name2,predicted_match\nPerson,a,b,yes please\n"))
	wantErr(t, "LoadPeer", err, "logicv2.csv", "line 2", "predicted_match")
}

const personsHeader = "full_name,first_name,middle_name,last_name,gender,date_of_birth,place_of_birth,nationality\n"

func TestLoadPersons(t *testing.T) {
	p := tempFile(t, "people.csv", personsHeader+
		"ERIC BADEGE,,,,,1971,,cd\n"+
		"\"SALEK, ABDULHAI\",,,,,1965-7-6,,Afghanistan\n"+
		"Jane Roe,,,,,1974-01-32,,Atlantis\n"+
		"John Roe,,,,,,,Atlantis\n")
	got, notes, err := LoadPersons(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []Person{
		{Line: 2, Name: "ERIC BADEGE", BirthDate: "1971", Nationality: "cd", Country: "CD"},
		{Line: 3, Name: "SALEK, ABDULHAI", BirthDate: "1965-07-06", Nationality: "Afghanistan", Country: "AF"},
		{Line: 4, Name: "Jane Roe", BirthDate: "1974-01-32", Nationality: "Atlantis"},
		{Line: 5, Name: "John Roe", Nationality: "Atlantis"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadPersons (-want +got):\n%s", diff)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], `"Atlantis" (2)`) {
		t.Errorf("notes = %q, want one naming \"Atlantis\" (2)", notes)
	}
	if q := got[1].Query(); q.Kind != "person" || q.BirthDate != "1965-07-06" || q.Country != "AF" {
		t.Errorf("Query() = %+v", q)
	}
}

func TestLoadPersonsMalformed(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
	}{
		{"no full_name column", "name,date_of_birth,nationality\na,,\n", []string{"people.csv", "line 1", "full_name"}},
		{"empty name", personsHeader + "a,,,,,,,\n,,,,,1970,,\n", []string{"people.csv", "line 3", "full_name", "empty"}},
		{"bad date", personsHeader + "a,,,,,circa 1970,,\n", []string{"people.csv", "line 2", "date_of_birth", "circa 1970"}},
		{"two-digit year", personsHeader + "a,,,,,70-01-01,,\n", []string{"people.csv", "line 2", "date_of_birth"}},
		{"too many parts", personsHeader + "a,,,,,1970-01-01-01,,\n", []string{"people.csv", "line 2", "date_of_birth"}},
		{"header only", personsHeader, []string{"people.csv", "no rows"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := LoadPersons(tempFile(t, "people.csv", tt.content))
			wantErr(t, "LoadPersons", err, tt.want...)
		})
	}
}

func TestIsoDate(t *testing.T) {
	for in, want := range map[string]string{"": "", "1971": "1971", "1971-3": "1971-03", "1969-7-16": "1969-07-16",
		"1974-02-6": "1974-02-06", "1968-13-30": "1968-13-30", "2000-01-01": "2000-01-01"} {
		if got, err := isoDate(in); err != nil || got != want {
			t.Errorf("isoDate(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"71", "1971-", "1971-001", "abcd", "1971/03/01", "-1971"} {
		if got, err := isoDate(in); err == nil {
			t.Errorf("isoDate(%q) = %q, want an error", in, got)
		}
	}
}

func TestLoadSECTitles(t *testing.T) {
	p := tempFile(t, "tickers.json", `{"10":{"cik_str":1,"ticker":"C","title":"Gamma Corp"},
"0":{"cik_str":2,"ticker":"A","title":"Alpha Inc."},"1":{"cik_str":2,"ticker":"A-B","title":"ALPHA  INC."},
"2":{"cik_str":3,"ticker":"B","title":"Beta Ltd"}}`)
	got, err := LoadSECTitles(p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Alpha Inc.", "Beta Ltd", "Gamma Corp"}, got); diff != "" {
		t.Errorf("LoadSECTitles: key order, duplicates dropped (-want +got):\n%s", diff)
	}
	tests := []struct {
		name, content string
		want          []string
	}{
		{"syntax error", "{\"0\":{\"title\":\"A\"},\n\"1\":{\"title\" \"B\"}}", []string{"tickers.json", "line 2"}},
		{"missing title", `{"0":{"cik_str":1,"ticker":"A"}}`, []string{"tickers.json", `record "0"`, "title"}},
		{"title not a string", `{"0":{"title":7}}`, []string{"tickers.json", "line 1"}},
		{"key not a number", `{"x":{"title":"A"}}`, []string{"tickers.json", `record "x"`}},
		{"empty object", `{}`, []string{"tickers.json", "no records"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadSECTitles(tempFile(t, "tickers.json", tt.content))
			wantErr(t, "LoadSECTitles", err, tt.want...)
		})
	}
}

func TestLoadOUINames(t *testing.T) {
	p := tempFile(t, "oui.csv", "Registry,Assignment,Organization Name,Organization Address\n"+
		"MA-L,1,\"Acme Co.,Ltd\",No. 5 Road Shenzhen Guangdong CN 518000\nMA-L,2,Private,\n"+
		"MA-L,3,\"Acme Co.,Ltd\",2181 Buchanan Loop Ferndale WA US 98248\nMA-L,4,IGT,600 March Road Kanata Ontario CA K2K 2E6\n"+
		"MA-L,5,Nowhere Inc,Somewhere AA 1\n")
	names, countries, err := LoadOUINames(p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Acme Co.,Ltd", "IGT", "Nowhere Inc"}, names); diff != "" {
		t.Errorf("LoadOUINames names (-want +got):\n%s", diff)
	}
	// The first address of a name counts; CA after a province is Canada;
	// two capitals that are no ISO code give no country.
	if diff := cmp.Diff([]string{"CN", "CA", ""}, countries); diff != "" {
		t.Errorf("LoadOUINames countries (-want +got):\n%s", diff)
	}
	_, _, err = LoadOUINames(tempFile(t, "oui.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-L,1,,addr\n"))
	wantErr(t, "LoadOUINames", err, "oui.csv", "line 2", "Organization Name")
	_, _, err = LoadOUINames(tempFile(t, "oui.csv", "Registry,Assignment,Name\n"))
	wantErr(t, "LoadOUINames", err, "oui.csv", "line 1", "Organization Name")
}

func TestLoadKnownListed(t *testing.T) {
	const header = "name,set,listed_entry_name,reason\n"
	got, err := LoadKnownListed("labels.csv", strings.NewReader(header+
		"\"Acme Co.,Ltd\",oui,ACME COMPANY LIMITED | Acme,same address\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Listed{{Line: 2, Name: "Acme Co.,Ltd", Set: "oui", Entries: []string{"ACME COMPANY LIMITED", "Acme"}, Reason: "same address"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadKnownListed (-want +got):\n%s", diff)
	}
	tests := []struct {
		name, content string
		want          []string
	}{
		{"unknown set", header + "a,nasdaq,A,r\n", []string{"labels.csv", "line 2", "set", "nasdaq"}},
		{"no entry", header + "a,oui, | ,r\n", []string{"labels.csv", "line 2", "listed_entry_name"}},
		{"no reason", header + "a,oui,A,\n", []string{"labels.csv", "line 2", "reason"}},
		{"duplicate", header + "a,oui,A,r\nA ,oui,A,r\n", []string{"labels.csv", "line 3", "twice", "line 2"}},
		{"missing column", "name,set,reason\na,oui,r\n", []string{"labels.csv", "listed_entry_name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadKnownListed("labels.csv", strings.NewReader(tt.content))
			wantErr(t, "LoadKnownListed", err, tt.want...)
		})
	}
}

// TestKnownListedPinned checks the pinned, reviewed label file parses and
// every label says why.
func TestKnownListedPinned(t *testing.T) {
	labels, err := LoadKnownListed(KnownListedFile, bytes.NewReader(KnownListedCSV))
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) == 0 {
		t.Fatal("no labels in the pinned file")
	}
	for _, l := range labels {
		if len(l.Reason) < 10 {
			t.Errorf("%s line %d: reason %q is too short to be a review", KnownListedFile, l.Line, l.Reason)
		}
	}
}

func TestEntryKey(t *testing.T) {
	if a, b := entryKey("Suzhou Keda Technology Co., Ltd.,"), entryKey("SUZHOU KEDA TECHNOLOGY CO LTD"); a != b {
		t.Errorf("entryKey: %q != %q", a, b)
	}
}
