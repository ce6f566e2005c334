package clearance

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestParseCounterpartiesJSON: the JSON form reads as the CSV form does,
// with the same normalisation.
func TestParseCounterpartiesJSON(t *testing.T) {
	in := `[{"id":"C-1","name":" Hangzhou Hikvision Digital Technology Co., Ltd. ","country":"China","kind":"company",
		"address":"No. 555 Qianmo Road, Hangzhou","identifiers":["91330000733796106P"," X-2"]},
		{"id":"C-2","name":"Jane Doe","country":"us","kind":"individual"},{"id":"C-3","name":"Acme"}]`
	got, err := ParseCounterpartiesJSON("cp", []byte(in))
	if err != nil {
		t.Fatalf("ParseCounterpartiesJSON: %v", err)
	}
	want, err := ParseCounterparties("cp.csv", strings.NewReader("id,name,country,type,address,identifiers\n"+
		"C-1,\"Hangzhou Hikvision Digital Technology Co., Ltd.\",China,company,\"No. 555 Qianmo Road, Hangzhou\",91330000733796106P;X-2\n"+
		"C-2,Jane Doe,us,individual,,\nC-3,Acme,,,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseCounterpartiesJSON =\n%+v\nwant what the CSV form gives\n%+v", got, want)
	}
}

// TestParseCounterpartiesJSONErrors: every problem names the element and
// the field, and a document with any problem yields no counterparty.
func TestParseCounterpartiesJSONErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`[]`, "cp: no counterparty"},
		{`{"id":"C-1"}`, "want an array"},
		{`[{"id":"C-1","name":"A","colour":"red"}]`, "cp: [0].colour: unknown field"},
		{`[{"id":"C-1","name":"A","country":"Atlantis"}]`, `cp: [0].country: "Atlantis" is not a recognised country`},
		{`[{"id":"C-1","name":"A","kind":"robot"}]`, `cp: [0].kind: unknown type "robot"`},
		{`[{"id":"C-1","name":""}]`, "cp: [0].name: required"},
		{`[{"id":"C-1","name":"A"},{"id":"C-1","name":"B"}]`, `cp: [1].id: "C-1" is also element 0`},
	}
	for _, tt := range tests {
		got, err := ParseCounterpartiesJSON("cp", []byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || got != nil {
			t.Errorf("ParseCounterpartiesJSON(%s) = %v, %v; want no counterparty and an error containing %q", tt.in, got, err, tt.want)
			continue
		}
		var fe *FieldError
		if !errors.As(err, &fe) || KindOf(err) != Invalid {
			t.Errorf("ParseCounterpartiesJSON(%s): error %T is not an Invalid *FieldError", tt.in, err)
		}
	}
}
