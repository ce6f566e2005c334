package clearance

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// fieldErrors returns the *FieldError values an error joins; it fails the
// test on any other error.
func fieldErrors(t *testing.T, err error) []*FieldError {
	t.Helper()
	if fe, ok := err.(*FieldError); ok {
		return []*FieldError{fe}
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %q (%T) is not a *FieldError", err, err)
	}
	var out []*FieldError
	for _, e := range j.Unwrap() {
		out = append(out, fieldErrors(t, e)...)
	}
	return out
}

// checkDocError asserts what every parse error promises: kind Invalid, and
// each part names the document, and the field unless the document as a
// whole is at fault.
func checkDocError(t *testing.T, doc string, err error) {
	t.Helper()
	if KindOf(err) != Invalid {
		t.Fatalf("error %q has kind %v, want invalid", err, KindOf(err))
	}
	fes := fieldErrors(t, err)
	if len(fes) == 0 || len(fes) > maxProblems {
		t.Fatalf("error %q joins %d field errors", err, len(fes))
	}
	for _, fe := range fes {
		if fe.Doc != doc || !strings.HasPrefix(fe.Error(), doc+": ") {
			t.Fatalf("error %q does not name the document %s", fe, doc)
		}
		if fe.Field == "" && !wholeDocument(fe.Err.Error()) {
			t.Fatalf("error %q names no field", fe)
		}
	}
}

// wholeDocument reports whether a message is about the document as a whole.
func wholeDocument(msg string) bool {
	for _, p := range []string{"empty document", "the JSON ends too early", "line ", "want an object", "unexpected data after", "json:"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func FuzzParseOrder(f *testing.F) {
	f.Add([]byte(validOrder))
	f.Add([]byte(order(`"items":[{"description":"x","eccn":"1A004.c","quantity":0.5,"value":0.01}]`)))
	f.Add([]byte(`{"items":[{"quantity":1.2345}]}`))
	f.Add([]byte(`{"parties":[{"role":"end user","name":5}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := ParseOrder("order.json", data)
		if err != nil {
			checkDocError(t, "order.json", err)
			return
		}
		if err := o.Validate(); err != nil {
			t.Fatalf("a parsed order fails Validate: %v", err)
		}
		// Parsing is idempotent: what it writes reads back the same.
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseOrder("order.json", b)
		if err != nil || !reflect.DeepEqual(o, again) {
			t.Fatalf("a parsed order does not read back:\n%+v\n%+v\n%v", o, again, err)
		}
	})
}

func FuzzParseLicence(f *testing.F) {
	f.Add([]byte(validLicence))
	f.Add([]byte(`{"number":"L","destination":"RU","parties":["A"],"items":[{"eccn":"EAR99","value":1}],"valid_from":"2020-01-01","valid_to":"2020-01-01"}`))
	f.Add([]byte(`{"items":[{"eccn":"EAR99","quantity":"x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseLicence("licence.json", data)
		if err != nil {
			checkDocError(t, "licence.json", err)
			return
		}
		if err := l.Validate(); err != nil {
			t.Fatalf("a parsed licence fails Validate: %v", err)
		}
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseLicence("licence.json", b)
		if err != nil || !reflect.DeepEqual(l, again) {
			t.Fatalf("a parsed licence does not read back:\n%+v\n%+v\n%v", l, again, err)
		}
	})
}
