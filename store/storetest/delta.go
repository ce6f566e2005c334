package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clearancehq/clearance"
)

// deltaVersions imports two versions of srcA and returns their entries:
// from v1 to v2, a is removed, d added, b changed in three fields, and c
// changes only its Raw record and SourceRef, which is no change.
func deltaVersions(t *testing.T, s clearance.ListStore) (v1, v2 []*clearance.Entry) {
	a := NewEntry(srcA, "a", "Alpha Industries")
	b := NewEntry(srcA, "b", "Beta Trading")
	b.LicensePolicy = "Case-by-case review."
	c := NewEntry(srcA, "c", "Gamma Shipping")
	c.SourceRef = "ref-1"
	v1 = []*clearance.Entry{c, a, b}

	b2 := NewEntry(srcA, "b", "Beta Trading")
	b2.Names = append(b2.Names, clearance.Name{Value: "Beta Trading FZE", Kind: clearance.NameAlias})
	b2.LicensePolicy = "Presumption of denial."
	b2.FederalRegister = []string{"89 FR 12345"}
	c2 := NewEntry(srcA, "c", "Gamma Shipping")
	c2.SourceRef = "ref-2"
	c2.Raw = rawJSON("id", "c", "name", "Gamma Shipping", "last_updated", "2025-02-01")
	d := NewEntry(srcA, "d", "Delta Logistics")
	v2 = []*clearance.Entry{d, c2, b2}

	mustImport(t, s, Request(srcA, "h1", v1...))
	mustImport(t, s, Request(srcA, "h2", v2...))
	return v1, v2
}

func testDelta(t *testing.T, s clearance.ListStore) {
	v1, v2 := deltaVersions(t, s)
	a, b := v1[1], v1[2]
	b2, d := v2[2], v2[0]
	want := &clearance.Delta{
		Source: srcA, From: 1, To: 2,
		Added:   []*clearance.Entry{d},
		Removed: []*clearance.Entry{a},
		Changed: []clearance.EntryChange{{
			ID: "b", Name: "Beta Trading", List: clearance.ListSDN,
			Fields: []clearance.FieldChange{
				{Field: "names", Added: []string{"Beta Trading FZE"}},
				{Field: "license_policy", Before: "Case-by-case review.", After: "Presumption of denial."},
				{Field: "federal_register", Added: []string{"89 FR 12345"}},
			},
			Before: b, After: b2,
		}},
	}
	got, err := s.Delta(t.Context(), srcA, 1, 2)
	if err != nil {
		t.Fatalf("Delta(1, 2): %v", err)
	}
	if diff := cmp.Diff(want, got, entryOpts); diff != "" {
		t.Errorf("Delta(1, 2) (-want +got):\n%s", diff)
	}

	back, err := s.Delta(t.Context(), srcA, 2, 1)
	if err != nil {
		t.Fatalf("Delta(2, 1): %v", err)
	}
	if ids(back.Added)[0] != "a" || ids(back.Removed)[0] != "d" || len(back.Changed) != 1 || back.Changed[0].After.LicensePolicy != b.LicensePolicy {
		t.Errorf("Delta(2, 1) = %+v, want the reverse of Delta(1, 2)", back)
	}
	same, err := s.Delta(t.Context(), srcA, 2, 2)
	if err != nil || !same.Empty() {
		t.Errorf("Delta(2, 2) = %+v, %v, want empty", same, err)
	}
}

func testDeltaFromZero(t *testing.T, s clearance.ListStore) {
	_, v2 := deltaVersions(t, s)
	got, err := s.Delta(t.Context(), srcA, 0, 2)
	if err != nil {
		t.Fatalf("Delta(0, 2): %v", err)
	}
	want := &clearance.Delta{Source: srcA, From: 0, To: 2, Added: v2}
	sortByID := cmpopts.SortSlices(func(x, y *clearance.Entry) bool { return x.ID < y.ID })
	if diff := cmp.Diff(want, got, entryOpts, sortByID); diff != "" {
		t.Errorf("Delta(0, 2) (-want +got):\n%s", diff)
	}
	if got := ids(got.Added); !cmp.Equal(got, []string{"b", "c", "d"}) {
		t.Errorf("Delta(0, 2).Added ids = %v, want [b c d] (id order)", got)
	}
}

func testDeltaNotFound(t *testing.T, s clearance.ListStore) {
	mustImport(t, s, Request(srcA, "h1", threeEntries(srcA)...))
	tests := []struct {
		source   clearance.SourceID
		from, to int
	}{
		{srcA, 1, 2},
		{srcA, 2, 1},
		{srcA, 0, 0},
		{srcB, 0, 1},
	}
	for _, tt := range tests {
		_, err := s.Delta(t.Context(), tt.source, tt.from, tt.to)
		if clearance.KindOf(err) != clearance.NotFound {
			t.Errorf("Delta(%s, %d, %d) = %v, want a NotFound error", tt.source, tt.from, tt.to, err)
		}
	}
}
