package clearance

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseCounterparties(t *testing.T) {
	in := "\ufeffID,Name,Country,Address,Kind,ids\n" +
		"C-1,\" Hangzhou Hikvision Digital Technology Co., Ltd. \",China,\"No. 555 Qianmo Road, Hangzhou\",company,91330000733796106P; X-2\n" +
		"C-2,Jane Doe,us,,individual,\n" +
		"C-3,Acme,,,,\n"
	got, err := ParseCounterparties("cp.csv", strings.NewReader(in))
	if err != nil {
		t.Fatalf("ParseCounterparties: %v", err)
	}
	want := []Counterparty{
		{ID: "C-1", Name: "Hangzhou Hikvision Digital Technology Co., Ltd.", Kind: KindOrganization, Country: "CN",
			Address: "No. 555 Qianmo Road, Hangzhou", Identifiers: []string{"91330000733796106P", "X-2"}},
		{ID: "C-2", Name: "Jane Doe", Kind: KindPerson, Country: "US"},
		{ID: "C-3", Name: "Acme"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseCounterparties =\n%+v\nwant\n%+v", got, want)
	}
	for i := range got {
		if err := got[i].Validate(); err != nil {
			t.Errorf("parsed counterparty %s fails Validate: %v", got[i].ID, err)
		}
	}
}

// TestParseCounterpartiesErrors: every problem names the file, the line and
// the column, and a file with any problem yields no counterparty.
func TestParseCounterpartiesErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // each a substring of one joined error
	}{
		{"empty file", "", []string{"cp.csv line 1: empty file"}},
		{"header only", "id,name\n", []string{"cp.csv line 2: no counterparty"}},
		{"no name column", "id,country\nC-1,CN\n", []string{`cp.csv line 1 field "name": required column missing`}},
		{"unknown column", "id,name,contry\nC-1,A,CN\n", []string{`cp.csv line 1 field "contry": unknown column`}},
		{"column twice", "id,name,kind,type\nC-1,A,,\n", []string{`cp.csv line 1 field "type": column appears twice`}},
		{"empty name", "id,name\nC-1, \n", []string{`cp.csv line 2 field "name": required`}},
		{"empty id", "id,name\n,Acme\n", []string{`cp.csv line 2 field "id": required`}},
		{"bad country", "id,name,country\nC-1,A,Narnia\n", []string{`cp.csv line 2 field "country": "Narnia" is not a recognised country`}},
		{"bad type", "id,name,type\nC-1,A,robot\n", []string{`cp.csv line 2 field "type": unknown type "robot"`}},
		{"duplicate id", "id,name\nC-1,A\nC-2,B\nC-1,C\n", []string{`cp.csv line 4 field "id": "C-1" is also on line 2`}},
		{"short row", "id,name,country\nC-1,A\nC-2,B,XX\n", []string{"cp.csv line 2: the row does not have as many fields", `cp.csv line 3 field "country"`}},
		{"bad quote", "id,name\nC-1,\"A\n", []string{"cp.csv line 2"}},
		{"invalid UTF-8", "id,name\nC-1,A\xff\n", []string{`cp.csv line 2 field "name": not valid UTF-8`}},
		{"control character", "id,name\nC-1,A\x07B\n", []string{`cp.csv line 2 field "name": contains a control character`}},
		{"several problems", "id,name,country\n,A,Narnia\nC-2,,\n", []string{`line 2 field "id"`, `line 2 field "country"`, `line 3 field "name"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCounterparties("cp.csv", strings.NewReader(tt.in))
			if err == nil || got != nil {
				t.Fatalf("ParseCounterparties(%q) = %v, %v; want no counterparty and an error", tt.in, got, err)
			}
			if KindOf(err) != Invalid {
				t.Errorf("error %q has kind %v, want invalid", err, KindOf(err))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			checkCSVError(t, err)
		})
	}
}

// checkCSVError asserts that every part of a joined error is a *ParseError
// naming the file and a line.
func checkCSVError(t *testing.T, err error) {
	t.Helper()
	parts := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if _, isParse := err.(*ParseError); !isParse {
			parts = j.Unwrap()
		}
	}
	if len(parts) > maxProblems {
		t.Errorf("error joins %d problems, want at most %d", len(parts), maxProblems)
	}
	for _, p := range parts {
		var pe *ParseError
		if !errors.As(p, &pe) || pe.File != "cp.csv" || pe.Line < 1 {
			t.Errorf("problem %q (%T) is not a *ParseError naming cp.csv and a line", p, p)
		}
	}
}

func TestParseCounterpartiesManyProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,name\n")
	for range 100 {
		b.WriteString(",\n")
	}
	_, err := ParseCounterparties("cp.csv", strings.NewReader(b.String()))
	if err == nil {
		t.Fatal("no error for 100 bad rows")
	}
	checkCSVError(t, err)
}

func TestParseCounterpartiesWideBadHeader(t *testing.T) {
	// Found by the fuzzer: a header of many unknown columns must still give
	// at most maxProblems problems.
	header := "x0"
	for i := 1; i < 40; i++ {
		header += fmt.Sprintf(",x%d", i)
	}
	_, err := ParseCounterparties("cp.csv", strings.NewReader(header+"\n"))
	if err == nil {
		t.Fatal("no error for a header of unknown columns")
	}
	checkCSVError(t, err)
}

func FuzzParseCounterparties(f *testing.F) {
	f.Add([]byte("id,name,country,address,type\nC-1,Acme Trading,CN,\"1 Road, Town\",company\n"))
	f.Add([]byte("\ufeffname,id,identifiers\nJane Doe,P-1,AB123; CD456\n"))
	f.Add([]byte("id,name\nC-1,A\nC-1,B\n"))
	f.Add([]byte("id,name,country\nC-1,\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cps, err := ParseCounterparties("cp.csv", strings.NewReader(string(data)))
		if err != nil {
			if cps != nil {
				t.Fatalf("error %v with %d counterparties", err, len(cps))
			}
			if KindOf(err) != Invalid {
				t.Fatalf("error %q has kind %v, want invalid", err, KindOf(err))
			}
			checkCSVError(t, err)
			return
		}
		ids := map[string]bool{}
		for i := range cps {
			c := &cps[i]
			if err := c.Validate(); err != nil {
				t.Fatalf("parsed counterparty fails Validate: %v", err)
			}
			if ids[c.ID] {
				t.Fatalf("id %q parsed twice", c.ID)
			}
			ids[c.ID] = true
			if QueryHash(c.Query()) != c.Hash() {
				t.Fatalf("Hash is not the hash of the query")
			}
		}
	})
}
