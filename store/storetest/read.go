package storetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

func testEntriesInIDOrder(t *testing.T, s clearance.ListStore) {
	emitted := []string{"b", "10", "9", "B", "a-2", "a", "é", "Z", "a 1", "ü", "A"}
	var entries []*clearance.Entry
	for _, id := range emitted {
		entries = append(entries, NewEntry(srcA, id, "Party "+id))
	}
	v := mustImport(t, s, Request(srcA, "h1", entries...))
	if v.Entries != len(emitted) {
		t.Errorf("version.Entries = %d, want %d", v.Entries, len(emitted))
	}
	want := slices.Sorted(slices.Values(emitted))
	if got := ids(readEntries(t, s, srcA, v.Number)); !cmp.Equal(got, want) {
		t.Errorf("Entries ids = %q, want %q (bytewise order)", got, want)
	}
}

func testEntriesEarlyStop(t *testing.T, s clearance.ListStore) {
	mustImport(t, s, Request(srcA, "h1", Synthetic(srcA, 50, "one")...))
	for range 20 { // enough to exhaust a leaking connection pool
		n := 0
		for _, err := range s.Entries(t.Context(), srcA, 1) {
			if err != nil {
				t.Fatalf("Entries: %v", err)
			}
			if n++; n == 3 {
				break
			}
		}
	}
	if got := len(readEntries(t, s, srcA, 1)); got != 50 {
		t.Errorf("Entries after early stops = %d entries, want 50", got)
	}
	if v := mustImport(t, s, Request(srcA, "h2", Synthetic(srcA, 50, "two")...)); v.Number != 2 {
		t.Errorf("import after early stops = version %d, want 2", v.Number)
	}
}

func testEntriesNotFound(t *testing.T, s clearance.ListStore) {
	check := func(source clearance.SourceID, version int) {
		t.Helper()
		n := 0
		for e, err := range s.Entries(t.Context(), source, version) {
			n++
			if e != nil || clearance.KindOf(err) != clearance.NotFound {
				t.Errorf("Entries(%s, %d) yielded %v, %v, want one NotFound error", source, version, e, err)
			}
		}
		if n != 1 {
			t.Errorf("Entries(%s, %d) yielded %d times, want once (an error)", source, version, n)
		}
	}
	check(srcA, 1)
	mustImport(t, s, Request(srcA, "h1", threeEntries(srcA)...))
	check(srcA, 2)
	check(srcA, 0)
	check(srcB, 1)
}

func testRoundTrip(t *testing.T, s clearance.ListStore) {
	full := FullEntry(srcA, "full-1")
	ev := reflect.ValueOf(*full)
	for i := range ev.NumField() {
		if ev.Field(i).IsZero() {
			t.Fatalf("FullEntry leaves %s zero: fill it so the round trip covers it", ev.Type().Field(i).Name)
		}
	}
	minimal := NewEntry(srcA, "min-1", "Ли Мин 李明")
	minimal.Raw = nil
	want := []*clearance.Entry{full, minimal}
	mustImport(t, s, Request(srcA, "h1", want...))
	if diff := cmp.Diff(want, readEntries(t, s, srcA, 1), entryOpts); diff != "" {
		t.Errorf("Entries round trip (-imported +read):\n%s", diff)
	}
	d, err := s.Delta(t.Context(), srcA, 0, 1)
	if err != nil {
		t.Fatalf("Delta(0, 1): %v", err)
	}
	if diff := cmp.Diff(want, d.Added, entryOpts); diff != "" {
		t.Errorf("Delta(0, 1).Added round trip (-imported +read):\n%s", diff)
	}
}

// testEntriesWithoutRaw checks that a store's raw-less stream, when it has
// one, gives what Entries gives with Raw dropped: every other field, in the
// same order, for entries with, without and with tricky raw records.
func testEntriesWithoutRaw(t *testing.T, s clearance.ListStore) {
	rs, ok := s.(clearance.RawlessEntries)
	if !ok {
		t.Skip("the store has no EntriesWithoutRaw")
	}
	minimal := NewEntry(srcA, "min-1", "Ли Мин 李明")
	minimal.Raw = nil
	tricky := NewEntry(srcA, "raw-1", "Raw Trading")
	tricky.Raw = json.RawMessage(`{"raw":{"raw":"}]\"{"},"x":[{"y":"raw"}]}`)
	mustImport(t, s, Request(srcA, "h1", append(Synthetic(srcA, 50, "s"), FullEntry(srcA, "full-1"), minimal, tricky)...))
	CheckEntriesWithoutRaw(t, s, srcA, 1)
	for e, err := range rs.EntriesWithoutRaw(t.Context(), srcA, 9) {
		if err == nil || e != nil {
			t.Errorf("EntriesWithoutRaw(%s, 9) = %v, %v; want an error", srcA, e, err)
		}
		break
	}
}

// CheckEntriesWithoutRaw checks that the raw-less stream of a version
// (the store must be a clearance.RawlessEntries) gives what Entries gives
// with Raw dropped, and returns how many entries the version holds.
func CheckEntriesWithoutRaw(t *testing.T, s clearance.ListStore, source clearance.SourceID, version int) int {
	t.Helper()
	rs, ok := s.(clearance.RawlessEntries)
	if !ok {
		t.Fatalf("%T has no EntriesWithoutRaw", s)
	}
	want := readEntries(t, s, source, version)
	for _, e := range want {
		e.Raw = nil
	}
	var got []*clearance.Entry
	for e, err := range rs.EntriesWithoutRaw(t.Context(), source, version) {
		if err != nil {
			t.Fatalf("EntriesWithoutRaw(%s, %d): %v", source, version, err)
		}
		got = append(got, e)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s version %d: EntriesWithoutRaw differs from Entries without Raw (-Entries +EntriesWithoutRaw):\n%s", source, version, diff)
	}
	return len(want)
}

func testTwoSources(t *testing.T, s clearance.ListStore) {
	ctx := t.Context()
	a1 := mustImport(t, s, Request(srcA, "a1", threeEntries(srcA)...))
	b1 := mustImport(t, s, Request(srcB, "b1", NewEntry(srcB, "a", "Same id, other source")))
	a2 := mustImport(t, s, Request(srcA, "a2", threeEntries(srcA)[:2]...))
	a1.Active = false

	tests := []struct {
		source clearance.SourceID
		want   []clearance.Version
	}{
		{srcA, []clearance.Version{a1, a2}},
		{srcB, []clearance.Version{b1}},
		{"", []clearance.Version{a1, b1, a2}},
		{"no-such-source", nil},
	}
	for _, tt := range tests {
		got, err := s.Versions(ctx, tt.source)
		if err != nil {
			t.Fatalf("Versions(%q): %v", tt.source, err)
		}
		if diff := cmp.Diff(tt.want, got, versionOpts); diff != "" {
			t.Errorf("Versions(%q) (-want +got):\n%s", tt.source, diff)
		}
	}
	active, err := s.ActiveVersions(ctx)
	if err != nil {
		t.Fatalf("ActiveVersions: %v", err)
	}
	if diff := cmp.Diff([]clearance.Version{a2, b1}, active, versionOpts); diff != "" {
		t.Errorf("ActiveVersions (-want +got):\n%s", diff)
	}
	got := readEntries(t, s, srcB, 1)
	if len(got) != 1 || got[0].Source != srcB || got[0].Name != "Same id, other source" {
		t.Errorf("Entries(%s, 1) = %v, want only its own entry", srcB, got)
	}
}
