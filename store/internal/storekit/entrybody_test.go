package storekit

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/storetest"
)

var entryBodies = []string{
	`{"id":"a","source":"s","list":"SDN","name":"A","names":[{"value":"A","kind":"primary"}],"raw":{"x":"}\"{","y":[1,{"raw":2}]}}`,
	`{"raw":{"a":1},"id":"a","name":"A \"raw\":"}`,
	`{ "id" : "a" , "raw" : [ "]" , "\\" ] , "name" : "B" }`,
	`{"raw":null}`,
	`{"raw":"text"}`,
	`{"id":"a","raw":12.5e3}`,
	`{"id":"a","remarks":"{\"raw\":1}"}`,
	`{"id":"a"}`,
	`{}`,
	`{"id":"a","Raw":{"b":2}}`,
	`{"id":"a","raw":{"b":2},"raw":{"c":3}}`,
	`{"id":"a","raw":{"b":}`,
	`{"id":"a","raw":{"b":2}`,
	`[1,2]`,
	``,
	`{"id":"a","names":[],"countries":null,"programs":["x",null,"\u00e9\ud83d\udea2"],"vessel":{},"addresses":[null,{"full":"f"}]}`,
	`{"id":"a","vessel":null,"identifiers":[{"type":"t","value":"v","country":"c","note":"n"}]} `,
	`{"id":"a\u0000b","name":"bad \xff"}`,
	"{\"id\":\"\xff\xfe\",\"names\":[{\"value\":\"caf\xe9\"}]}",
	`{"id":"a","id":"b"}`,
	`{"ID":"a"}`,
	`{"id":1}`,
	`{"id":"a"}x`,
	`{"id":"a","names":[{"value":"v","kind":"primary","strength":"weak","script":"Latn"}],"raw":{"a":[1,2]}}`,
}

// TestDecodeEntryWithoutRaw checks that cutting the raw member out gives
// what decoding the whole body and dropping Raw gives.
func TestDecodeEntryWithoutRaw(t *testing.T) {
	e := &clearance.Entry{ID: "x", Source: "s", List: "EL", Name: "N", Names: []clearance.Name{{Value: "N", Kind: clearance.NamePrimary}},
		Remarks: `a "raw": {"b"}`, Raw: json.RawMessage(`{"k":"v \" } ]","n":[1,2,{"raw":"x"}]}`)}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range append(entryBodies, string(b)) {
		checkWithoutRaw(t, []byte(body))
	}
}

// TestDecodeEntryFastEveryField checks that the fast decoder reads every
// field of an entry as an Encoder writes it (storetest.FullEntry sets them
// all): a field added to Entry and not to the decoder would send every
// body to encoding/json.
func TestDecodeEntryFastEveryField(t *testing.T) {
	for _, e := range []*clearance.Entry{storetest.FullEntry("us-csl", "full-1"), storetest.NewEntry("us-csl", "min-1", "Ли Мин 李明")} {
		body, _, err := NewEncoder().Encode(e, e.Source)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := decodeEntryFast(body)
		if !ok {
			t.Fatalf("decodeEntryFast(%s) fell back to encoding/json", body)
		}
		checkWithoutRaw(t, body)
		want := *e
		want.Raw = nil
		if !reflect.DeepEqual(got, &want) {
			t.Errorf("decodeEntryFast(Encode(%s)) = %+v, want %+v", e.ID, got, &want)
		}
	}
}

func checkWithoutRaw(t *testing.T, body []byte) {
	t.Helper()
	if fast, ok := decodeEntryFast(body); ok {
		var want clearance.Entry
		if err := json.Unmarshal(body, &want); err != nil {
			// Only the raw member, which is not read, may be invalid.
			from, to, found := rawMember(body)
			if !found || !json.Valid(append(append([]byte{}, body[:from]...), body[to:]...)) {
				t.Fatalf("decodeEntryFast(%q) succeeded; encoding/json: %v", body, err)
			}
		} else if want.Raw = nil; !reflect.DeepEqual(fast, &want) {
			t.Errorf("decodeEntryFast(%q) = %+v, encoding/json gives %+v", body, fast, &want)
		}
	}
	want, wantErr := DecodeEntry(body)
	got, err := DecodeEntryWithoutRaw(body)
	if wantErr != nil {
		return // the raw member alone may be invalid: see DecodeEntryWithoutRaw
	}
	if err != nil {
		t.Fatalf("DecodeEntryWithoutRaw(%q): %v, want no error", body, err)
	}
	want.Raw = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DecodeEntryWithoutRaw(%q) = %+v, want %+v", body, got, want)
	}
}

func FuzzDecodeEntryWithoutRaw(f *testing.F) {
	for _, b := range entryBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if from, to, ok := rawMember(body); ok && (from < 0 || from > to || to > len(body)) {
			t.Fatalf("rawMember(%q) = %d, %d", body, from, to)
		}
		checkWithoutRaw(t, body)
	})
}

// TestWithoutRawBody checks the bodies stored without their raw records:
// a body with one loses exactly its top-level member and stays an object
// that decodes, Raw left out, as the whole body does; one without, or one
// not read, comes back as it was.
func TestWithoutRawBody(t *testing.T) {
	for _, body := range entryBodies {
		lean := WithoutRawBody([]byte(body))
		from, to, ok := rawMember([]byte(body))
		if !ok {
			if string(lean) != body {
				t.Errorf("%s: a body without a raw member it reads came back as %s", body, lean)
			}
			continue
		}
		if want := body[:from] + body[to:]; string(lean) != want {
			t.Errorf("%s: lean body %s, want %s", body, lean, want)
		}
		var whole, cut map[string]json.RawMessage
		if json.Unmarshal([]byte(body), &whole) != nil {
			continue // not JSON: the lean body need only be what rawMember cut
		}
		if err := json.Unmarshal(lean, &cut); err != nil {
			t.Errorf("%s: lean body %s is not an object: %v", body, lean, err)
			continue
		}
		// A second raw member stays (the decoder leaves it out too).
		delete(whole, "raw")
		delete(cut, "raw")
		if !reflect.DeepEqual(whole, cut) {
			t.Errorf("%s: lean body holds %v, want %v", body, cut, whole)
		}
		if _, err := DecodeEntryWithoutRaw(lean); err != nil {
			if _, werr := DecodeEntry([]byte(body)); werr == nil {
				t.Errorf("%s: lean body does not decode: %v", body, err)
			}
		}
	}
}
