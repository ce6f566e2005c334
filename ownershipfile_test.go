package clearance

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const sampleOwnershipCSV = "\ufeffowner,owned,percent,as_of,source\n" +
	"\"Hangzhou Hikvision Digital Technology Co., Ltd.\",Westlake Optics Trading Co.,60,2025-06-30,registry\n" +
	"X,B,,2025-06-30,vendor\n" +
	"X,C,unknown,2025-06-30,vendor\n" +
	"Y,B,33.3333%,2025-06-30,vendor\n" +
	"Y,B,33.3333,2025-06-30,vendor\n" // repeated: kept once

func TestParseOwnershipCSV(t *testing.T) {
	edges, err := ParseOwnership("edges.csv", []byte(sampleOwnershipCSV))
	if err != nil {
		t.Fatal(err)
	}
	want := []OwnershipEdge{
		{Owner: "Hangzhou Hikvision Digital Technology Co., Ltd.", Owned: "Westlake Optics Trading Co.", Stake: Percent(60), AsOf: "2025-06-30", Source: "registry"},
		{Owner: "X", Owned: "B", AsOf: "2025-06-30", Source: "vendor"},
		{Owner: "X", Owned: "C", AsOf: "2025-06-30", Source: "vendor"},
		{Owner: "Y", Owned: "B", Stake: StakeMillionths(333_333), AsOf: "2025-06-30", Source: "vendor"},
	}
	if !reflect.DeepEqual(edges, want) {
		t.Errorf("ParseOwnership =\n%+v\nwant\n%+v", edges, want)
	}
	reordered := "source,percent,owned,owner,AS_OF\nregistry,40,B,A,2025-01-01\n"
	if edges, err := ParseOwnership("r.csv", []byte(reordered)); err != nil || edges[0].Owner != "A" || edges[0].Stake != Percent(40) {
		t.Errorf("columns in another order: %+v, %v", edges, err)
	}
}

func TestParseOwnershipJSON(t *testing.T) {
	doc := `[{"owner":"X","owned":"B","percent":50,"as_of":"2025-06-30","source":"vendor"},
		{"owner":"X","owned":"C","percent":"unknown","as_of":"2025-06-30","source":"vendor"},
		{"owner":"X","owned":"D","percent":null,"as_of":"2025-06-30","source":"vendor"},
		{"owner":"X","owned":"E","as_of":"2025-06-30","source":"vendor"}]`
	edges, err := ParseOwnership("edges.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 4 || edges[0].Stake != Percent(50) || edges[1].Stake.Known() || edges[2].Stake.Known() || edges[3].Stake.Known() {
		t.Errorf("ParseOwnership(JSON) = %+v", edges)
	}
}

// TestParseOwnershipErrors: every bad row is named by file, line and field.
func TestParseOwnershipErrors(t *testing.T) {
	const header = "owner,owned,percent,as_of,source\n"
	tests := []struct{ name, doc, want string }{
		{"empty", "", "edges.csv: empty file"},
		{"header only", header, "edges.csv: no ownership edges"},
		{"unknown column", "owner,owned,percent,as_of,source,confidence\n", `edges.csv line 1 field "confidence": unknown column`},
		{"missing column", "owner,owned,percent,as_of\n", `edges.csv line 1 field "source": missing column`},
		{"percent over 100", header + "A,B,101,2025-01-01,s\n", `edges.csv line 2 field "percent": 101% is outside 0 to 100`},
		{"percent negative", header + "A,B,-5,2025-01-01,s\n", `line 2 field "percent"`},
		{"percent text", header + "A,B,half,2025-01-01,s\n", `line 2 field "percent": "half" is not a percentage`},
		{"too precise", header + "A,B,1.23456,2025-01-01,s\n", `line 2 field "percent"`},
		{"bad date", header + "A,B,5,2025-02-30,s\n", `line 2 field "as_of": "2025-02-30" is not a date`},
		{"no owner", header + ",B,5,2025-01-01,s\n", `line 2 field "owner": required`},
		{"self", header + "Acme Ltd,ACME Limited,5,2025-01-01,s\n", `line 2 field "owned"`},
		{"short row", header + "A,B,5\n", "edges.csv line 2: 3 fields, the header has 5"},
		{"two errors", header + "A,B,5,2025-01-01,\n,B,5,2025-01-01,s\n", `line 3 field "owner"`},
		{"conflict", header + "A,B,5,2025-01-01,s\nA,B,6,2025-01-01,s\n", "edges.csv: line 3: percent: 6% of \"A\" in \"B\" as of 2025-01-01 from s, but line 2 says 5%"},
		{"JSON field", `[{"owner":"A","owned":"B","percent":"x","as_of":"2025-01-01","source":"s"}]`, `edges.csv: [0].percent: "x" is not a percentage`},
		{"JSON unknown field", `[{"owner":"A","owned":"B","pct":5}]`, `[0].pct: unknown field`},
		{"JSON invalid", `[{"owner":"A","owned":"","as_of":"2025-01-01","source":"s"}]`, `edges.csv: [0].owned: required`},
		{"reference without id", header + "A,entry: ,5,2025-01-01,s\n", `line 2 field "owned": "entry:" names no entry id`},
		{"reference to itself", header + "counterparty:C-1,Counterparty: C-1,5,2025-01-01,s\n", `line 2 field "owned": "counterparty:C-1" is the owner itself`},
		{"JSON reference without id", `[{"owner":"counterparty:","owned":"B","as_of":"2025-01-01","source":"s"}]`, `edges.csv: [0].owner: "counterparty:" names no counterparty id`},
	}
	for _, tt := range tests {
		_, err := ParseOwnership("edges.csv", []byte(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) || KindOf(err) != Invalid {
			t.Errorf("%s: ParseOwnership = %v, want an Invalid error with %q", tt.name, err, tt.want)
		}
	}
}

// TestParseOwnershipRefs: references are stored in one spelling, a name
// is not a reference, and an entry and a name never share a key.
func TestParseOwnershipRefs(t *testing.T) {
	doc := "owner,owned,percent,as_of,source\n" +
		"Entry: SDN-36 ,COUNTERPARTY:C-17,50,2025-06-30,registry\n" +
		"counterparty:C-17,Entry Point Ltd,100,2025-06-30,registry\n"
	edges, err := ParseOwnership("edges.csv", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if edges[0].Owner != "entry:SDN-36" || edges[0].Owned != "counterparty:C-17" || edges[1].Owned != "Entry Point Ltd" {
		t.Errorf("ParseOwnership = %+v, want references in their canonical spelling and the name as written", edges)
	}
	if PartyKey("entry:SDN-36") == PartyKey("Entry SDN 36") || PartyKey("entry:SDN-36") != PartyKey(" ENTRY:SDN-36") {
		t.Errorf("PartyKey of an entry reference = %q, of a name like it %q", PartyKey("entry:SDN-36"), PartyKey("Entry SDN 36"))
	}
}

// refusingStore refuses every import with edge errors at the given
// indexes.
type refusingStore struct {
	OwnershipStore
	at []int
}

func (s refusingStore) AddOwnership(_ context.Context, _, _ string, _ []OwnershipEdge) (OwnershipImport, error) {
	var errs []error
	for _, i := range s.at {
		errs = append(errs, &EdgeError{Index: i, Field: "owned", Err: errors.New("no counterparty has the id")})
	}
	return OwnershipImport{}, errors.Join(errs...)
}

// TestOwnershipImportPlaced: the store's edge errors are reported at the
// edges' lines (CSV) or places (JSON), counted after repeated rows are
// dropped.
func TestOwnershipImportPlaced(t *testing.T) {
	csvDoc := "owner,owned,percent,as_of,source\nA,B,5,2025-01-01,s\nA,B,5,2025-01-01,s\nA,counterparty:C,5,2025-01-01,s\n"
	jsonDoc := `[{"owner":"A","owned":"B","as_of":"2025-01-01","source":"s"},{"owner":"A","owned":"B","as_of":"2025-01-01","source":"s"},
		{"owner":"A","owned":"counterparty:C","as_of":"2025-01-01","source":"s"}]`
	for _, tt := range []struct{ name, doc, want string }{
		{"edges.csv", csvDoc, `edges.csv line 4 field "owned": no counterparty has the id`},
		{"edges.json", jsonDoc, `edges.json: [2].owned: no counterparty has the id`},
	} {
		f, err := ReadOwnershipFile(tt.name, []byte(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.Import(t.Context(), refusingStore{at: []int{1}})
		if err == nil || err.Error() != tt.want || KindOf(err) != Invalid {
			t.Errorf("Import of %s = %v, want an Invalid %q", tt.name, err, tt.want)
		}
	}
}

func TestParseStake(t *testing.T) {
	tests := []struct {
		in   string
		want Stake
		text string
	}{
		{"50", Percent(50), "50%"}, {" 49.9999 ", StakeMillionths(499_999), "49.9999%"}, {"100%", Whole, "100%"},
		{"0", Percent(0), "0%"}, {"", Stake{}, "unknown"}, {"Unknown", Stake{}, "unknown"}, {"12.50", Percent(12.5), "12.5%"},
	}
	for _, tt := range tests {
		got, err := ParseStake(tt.in)
		if err != nil || got != tt.want || got.String() != tt.text {
			t.Errorf("ParseStake(%q) = %v (%s), %v; want %v (%s)", tt.in, got, got, err, tt.want, tt.text)
		}
	}
	for _, bad := range []string{"1e2", "abc", "100.0001", "-0.1", "50%%", "0x10"} {
		if _, err := ParseStake(bad); err == nil {
			t.Errorf("ParseStake(%q) succeeded", bad)
		}
	}
	b, _ := json.Marshal([]Stake{Percent(40), {}})
	if string(b) != "[40,null]" {
		t.Errorf("stakes marshal as %s, want [40,null]", b)
	}
}

func TestPartyKey(t *testing.T) {
	same := [][2]string{{"ACME Co., Ltd.", "Acme Company Limited"}, {"Zürich Trading AG", "ZURICH TRADING AG"}}
	for _, p := range same {
		if PartyKey(p[0]) != PartyKey(p[1]) {
			t.Errorf("PartyKey(%q) = %q, PartyKey(%q) = %q; want equal", p[0], PartyKey(p[0]), p[1], PartyKey(p[1]))
		}
	}
	if PartyKey("Acme GmbH") == PartyKey("Acme Ltd") {
		t.Error("PartyKey makes a GmbH and a Ltd one party")
	}
}

// FuzzParseOwnership holds the parser to its promises on any input: no
// panic, Invalid errors naming the file, and edges that validate and read
// back the same once written as JSON.
func FuzzParseOwnership(f *testing.F) {
	f.Add([]byte(sampleOwnershipCSV))
	f.Add([]byte("owner,owned,percent,as_of,source\nA,B,\"5\n0\",2025-01-01,s\n"))
	f.Add([]byte(`[{"owner":"A","owned":"B","percent":50,"as_of":"2025-06-30","source":"v"}]`))
	f.Add([]byte(`{"owner":"A"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		edges, err := ParseOwnership("edges", data)
		if err != nil {
			if KindOf(err) != Invalid || !strings.HasPrefix(err.Error(), "edges") {
				t.Fatalf("error %q: kind %v, want invalid and the file named", err, KindOf(err))
			}
			var pe *ParseError
			var fe *FieldError
			if !errors.As(err, &pe) && !errors.As(err, &fe) {
				t.Fatalf("error %q (%T) names no line or field", err, err)
			}
			return
		}
		for _, e := range edges {
			if err := e.Validate(); err != nil {
				t.Fatalf("a parsed edge fails Validate: %v", err)
			}
		}
		b, _ := json.Marshal(edges)
		again, err := ParseOwnership("edges", b)
		if err != nil || !reflect.DeepEqual(edges, again) {
			t.Fatalf("edges do not read back:\n%+v\n%+v\n%v", edges, again, err)
		}
	})
}
