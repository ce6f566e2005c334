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

// checkParse holds a document parser to its promises on any input: no
// panic, errors that name the document and field, and on success a value
// that validates and reads back the same once written.
func checkParse[T any](t *testing.T, doc string, data []byte, parse func(string, []byte) (*T, error), validate func(*T) error) {
	v, err := parse(doc, data)
	if err != nil {
		checkDocError(t, doc, err)
		return
	}
	if err := validate(v); err != nil {
		t.Fatalf("a parsed %s fails Validate: %v", doc, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	again, err := parse(doc, b)
	if err != nil || !reflect.DeepEqual(v, again) {
		t.Fatalf("a parsed %s does not read back:\n%+v\n%+v\n%v", doc, v, again, err)
	}
}

func FuzzParseOrder(f *testing.F) {
	f.Add([]byte(validOrder))
	f.Add([]byte(order(`"items":[{"description":"x","eccn":"1A004.c","quantity":0.5,"value":0.01}]`)))
	f.Add([]byte(`{"items":[{"quantity":1.2345}]}`))
	f.Add([]byte(`{"parties":[{"role":"end user","name":5}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "order.json", data, ParseOrder, (*Order).Validate)
	})
}

func FuzzParseLicence(f *testing.F) {
	f.Add([]byte(validLicence))
	f.Add([]byte(`{"number":"L","destination":"RU","parties":["A"],"items":[{"eccn":"EAR99","value":1}],"valid_from":"2020-01-01","valid_to":"2020-01-01"}`))
	f.Add([]byte(`{"items":[{"eccn":"EAR99","quantity":"x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, "licence.json", data, ParseLicence, (*Licence).Validate)
	})
}
