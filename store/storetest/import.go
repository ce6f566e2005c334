package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

var errBoom = errors.New("boom: bad record")

// threeEntries is the first version most import tests start from.
func threeEntries(source clearance.SourceID) []*clearance.Entry {
	return []*clearance.Entry{
		NewEntry(source, "a", "Alpha Industries"),
		NewEntry(source, "b", "Beta Trading"),
		NewEntry(source, "c", "Gamma Shipping"),
	}
}

func testNumbering(t *testing.T, s clearance.ListStore) {
	for i, hash := range []string{"h1", "h2", "h3"} {
		v := mustImport(t, s, Request(srcA, hash, threeEntries(srcA)...))
		if v.Number != i+1 || !v.Active {
			t.Fatalf("import %d: version %d (active %v), want %d (active)", i+1, v.Number, v.Active, i+1)
		}
	}
	vs, err := s.Versions(t.Context(), srcA)
	if err != nil {
		t.Fatalf("Versions: %v", err)
	}
	var active []bool
	for _, v := range vs {
		active = append(active, v.Active)
	}
	if diff := cmp.Diff([]bool{false, false, true}, active); diff != "" || !cmp.Equal(numbers(vs), []int{1, 2, 3}) {
		t.Errorf("Versions = %v with active %v, want [1 2 3] with only 3 active", numbers(vs), active)
	}
}

func testVersionFields(t *testing.T, s clearance.ListStore) {
	before := time.Now().Add(-time.Second)
	req := Request(srcA, "sha256:abc", threeEntries(srcA)...)
	req.Files = []string{"SDN.CSV", "ALT.CSV"}
	got := mustImport(t, s, req)
	after := time.Now().Add(time.Second)
	want := clearance.Version{
		Source: srcA, Number: 1, Hash: "sha256:abc", Format: "test", Files: req.Files,
		Entries: 3, Published: "2025-01-31", PublishedNote: "test", ImportedAt: got.ImportedAt, Active: true,
	}
	if diff := cmp.Diff(want, got, versionOpts); diff != "" {
		t.Errorf("Import version mismatch (-want +got):\n%s", diff)
	}
	if got.ImportedAt.Before(before) || got.ImportedAt.After(after) || got.ImportedAt.Location() != time.UTC {
		t.Errorf("ImportedAt = %v, want UTC between %v and %v", got.ImportedAt, before, after)
	}
	vs, err := s.Versions(t.Context(), srcA)
	if err != nil || len(vs) != 1 {
		t.Fatalf("Versions = %v, %v, want one version", vs, err)
	}
	if diff := cmp.Diff(got, vs[0], versionOpts); diff != "" {
		t.Errorf("Versions()[0] differs from Import's version (-import +stored):\n%s", diff)
	}
}

func testUnchanged(t *testing.T, s clearance.ListStore) {
	ctx := t.Context()
	v1 := mustImport(t, s, Request(srcA, "h1", threeEntries(srcA)...))
	again := Request(srcA, "h1")
	again.Parse = func(func(*clearance.Entry) error) (clearance.ParseResult, error) {
		t.Error("Import called Parse for files identical to the active version")
		return clearance.ParseResult{}, errBoom
	}
	res, err := s.Import(ctx, again)
	if err != nil || !res.Unchanged {
		t.Fatalf("Import(same hash) = %+v, %v, want Unchanged", res, err)
	}
	if diff := cmp.Diff(v1, res.Version, versionOpts); diff != "" {
		t.Errorf("Import(same hash) version (-active +got):\n%s", diff)
	}
	mustImport(t, s, Request(srcA, "h2", threeEntries(srcA)...))
	// h1 is an older version's hash, not the active one's: a new version.
	if v := mustImport(t, s, Request(srcA, "h1", threeEntries(srcA)...)); v.Number != 3 {
		t.Errorf("re-import of version 1's files = version %d, want 3", v.Number)
	}
	// An unknown hash is never "unchanged".
	mustImport(t, s, Request(srcA, "", threeEntries(srcA)...))
	if v := mustImport(t, s, Request(srcA, "", threeEntries(srcA)...)); v.Number != 5 {
		t.Errorf("second import without hash = version %d, want 5", v.Number)
	}
}

func testRequestChecked(t *testing.T, s clearance.ListStore) {
	noSource := Request("", "h1", threeEntries(srcA)...)
	_, err := s.Import(t.Context(), noSource)
	wantKind(t, "Import(no source)", err, clearance.Invalid)
	noParse := Request(srcA, "h1")
	noParse.Parse = nil
	_, err = s.Import(t.Context(), noParse)
	wantKind(t, "Import(no Parse)", err, clearance.Invalid)
	noActor := Request(srcA, "h1", threeEntries(srcA)...)
	noActor.Actor = ""
	_, err = s.Import(t.Context(), noActor)
	wantKind(t, "Import(no Actor)", err, clearance.Invalid)
	if vs, err := s.Versions(t.Context(), ""); err != nil || len(vs) != 0 {
		t.Errorf("Versions after refused imports = %v, %v, want none", vs, err)
	}
}

// failedImport sets up version 1 of srcA, runs the failing import that
// try performs, and checks that nothing changed and no number was used.
func failedImport(t *testing.T, s clearance.ListStore, try func() error) error {
	t.Helper()
	v1 := mustImport(t, s, Request(srcA, "h1", threeEntries(srcA)...))
	err := try()
	if err == nil {
		t.Fatal("Import succeeded, want an error")
	}
	vs, verr := s.Versions(t.Context(), srcA)
	if verr != nil {
		t.Fatalf("Versions: %v", verr)
	}
	if diff := cmp.Diff([]clearance.Version{v1}, vs, versionOpts); diff != "" {
		t.Errorf("versions after failed import (-want +got):\n%s", diff)
	}
	if got := ids(readEntries(t, s, srcA, 1)); !cmp.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("version 1 entries after failed import = %v, want [a b c]", got)
	}
	if v := mustImport(t, s, Request(srcA, "h9", threeEntries(srcA)...)); v.Number != 2 {
		t.Errorf("next import after a failed one = version %d, want 2", v.Number)
	}
	return err
}

func testParseErrorRollsBack(t *testing.T, s clearance.ListStore) {
	err := failedImport(t, s, func() error {
		req := Request(srcA, "h2")
		req.Parse = func(emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
			for _, e := range []*clearance.Entry{NewEntry(srcA, "x", "X Corp"), NewEntry(srcA, "y", "Y Corp")} {
				if err := emit(e); err != nil {
					return clearance.ParseResult{}, err
				}
			}
			return clearance.ParseResult{}, &clearance.ParseError{File: "list.csv", Line: 4, Field: "name", Err: errBoom}
		}
		_, err := s.Import(t.Context(), req)
		return err
	})
	if !errors.Is(err, errBoom) || clearance.KindOf(err) != clearance.Invalid {
		t.Errorf("Import(parse error) = %v (kind %v), want Invalid wrapping %v", err, clearance.KindOf(err), errBoom)
	}
}

func testCancelRollsBack(t *testing.T, s clearance.ListStore) {
	err := failedImport(t, s, func() error {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		req := Request(srcA, "h2")
		req.Parse = func(emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
			for i, e := range Synthetic(srcA, 10, "cancelled") {
				if i == 5 {
					cancel()
				}
				if err := emit(e); err != nil {
					return clearance.ParseResult{}, err
				}
			}
			return clearance.ParseResult{}, nil
		}
		_, err := s.Import(ctx, req)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Import(cancelled) = %v, want it to wrap context.Canceled", err)
	}
}

func testIgnoredEmitErrorRollsBack(t *testing.T, s clearance.ListStore) {
	err := failedImport(t, s, func() error {
		req := Request(srcA, "h2")
		req.Parse = func(emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
			bad := NewEntry(srcA, "bad", "Bad")
			bad.Names = nil
			for _, e := range []*clearance.Entry{NewEntry(srcA, "x", "X Corp"), bad, NewEntry(srcA, "y", "Y Corp")} {
				_ = emit(e) // a careless parser
			}
			return clearance.ParseResult{}, nil
		}
		_, err := s.Import(t.Context(), req)
		return err
	})
	wantKind(t, "Import(parser ignoring emit's error)", err, clearance.Invalid)
}

func testZeroEntriesRefused(t *testing.T, s clearance.ListStore) {
	_, err := s.Import(t.Context(), Request(srcB, "h0"))
	wantKind(t, "Import(no entries, first version)", err, clearance.Invalid)
	err = failedImport(t, s, func() error {
		_, err := s.Import(t.Context(), Request(srcA, "h2"))
		return err
	})
	wantKind(t, "Import(no entries)", err, clearance.Invalid)
	if !strings.Contains(err.Error(), "no entries") {
		t.Errorf("Import(no entries) = %q, want it to say \"no entries\"", err)
	}
	if vs, _ := s.Versions(t.Context(), srcB); len(vs) != 0 {
		t.Errorf("Versions(%s) = %v after an empty first import, want none", srcB, vs)
	}
}

func testDuplicateIDRefused(t *testing.T, s clearance.ListStore) {
	err := failedImport(t, s, func() error {
		entries := append(threeEntries(srcA), NewEntry(srcA, "dup-7", "First"), NewEntry(srcA, "dup-7", "Second"))
		_, err := s.Import(t.Context(), Request(srcA, "h2", entries...))
		return err
	})
	wantKind(t, "Import(duplicate id)", err, clearance.Invalid)
	if !strings.Contains(err.Error(), "dup-7") {
		t.Errorf("Import(duplicate id) = %q, want it to name dup-7", err)
	}
}

func testInvalidEntryRefused(t *testing.T, s clearance.ListStore) {
	noName := NewEntry(srcA, "n1", "x")
	noName.Name, noName.Names = "", nil
	aliasFirst := NewEntry(srcA, "n2", "Name")
	aliasFirst.Names[0].Kind = clearance.NameAlias
	badKind := NewEntry(srcA, "n3", "Name")
	badKind.Kind = "ship"
	otherSource := NewEntry(srcB, "n4", "Name")
	badRaw := NewEntry(srcA, "n5", "Name")
	badRaw.Raw = json.RawMessage(`{"name":`)
	tests := []struct {
		name  string
		entry *clearance.Entry
	}{
		{"no name", noName},
		{"alias first", aliasFirst},
		{"unknown kind", badKind},
		{"other source", otherSource},
		{"malformed Raw", badRaw},
		{"nil", nil},
	}
	v1 := mustImport(t, s, Request(srcA, "h1", threeEntries(srcA)...))
	for _, tt := range tests {
		entries := append(threeEntries(srcA), tt.entry)
		_, err := s.Import(t.Context(), Request(srcA, "h-"+tt.name, entries...))
		wantKind(t, "Import(entry with "+tt.name+")", err, clearance.Invalid)
	}
	vs, err := s.Versions(t.Context(), srcA)
	if err != nil || !cmp.Equal([]clearance.Version{v1}, vs, versionOpts) {
		t.Errorf("Versions after refused imports = %v, %v, want only version 1", vs, err)
	}
}
