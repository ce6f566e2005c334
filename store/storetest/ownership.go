package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

// RunOwnershipStore runs the contract suite of clearance.OwnershipStore.
// Open must return a new, empty store for each call; the suite closes it.
//
// Beyond the interface's comments, the suite pins down that stakes read
// back exactly (unknown as unknown, 0% as 0%), that names, dates and
// sources read back as written, that parties named by id must be on file
// (the store must also be a clearance.ListStore and a
// clearance.CounterpartyStore), and that ImportedAt round-trips at
// microsecond precision in UTC.
func RunOwnershipStore(t *testing.T, open func(t *testing.T) clearance.OwnershipStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, s clearance.OwnershipStore)
	}{
		{"RoundTrip", testOwnershipRoundTrip},
		{"AddedOnce", testOwnershipAddedOnce},
		{"ConflictRollsBack", testOwnershipConflict},
		{"InvalidRefused", testOwnershipInvalid},
		{"References", testOwnershipRefs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, fresh(t, open)) })
	}
}

// OwnershipEdges returns edges of every kind of stake: known, unknown, 0%,
// a fraction, and two statements of one pair by date and by source.
func OwnershipEdges() []clearance.OwnershipEdge {
	return []clearance.OwnershipEdge{
		{Owner: "Hangzhou Hikvision Digital Technology Co., Ltd.", Owned: "Westlake Optics Trading Co., Ltd.", Stake: clearance.Percent(60), AsOf: "2025-06-30", Source: "registry"},
		{Owner: "X", Owned: "B", AsOf: "2025-06-30", Source: "vendor"},
		{Owner: "X", Owned: "B", Stake: clearance.Percent(0), AsOf: "2026-03-01", Source: "vendor"},
		{Owner: "X", Owned: "B", Stake: clearance.StakeMillionths(333_333), AsOf: "2026-03-01", Source: "registry"},
		{Owner: "Заря ООО", Owned: "B", Stake: clearance.Whole, AsOf: "2024-01-01", Source: "filing"},
	}
}

func readOwnership(t *testing.T, s clearance.OwnershipStore) []clearance.OwnershipEdge {
	t.Helper()
	var out []clearance.OwnershipEdge
	for e, err := range s.OwnershipEdges(t.Context()) {
		if err != nil {
			t.Fatalf("OwnershipEdges: %v", err)
		}
		out = append(out, e)
	}
	return out
}

func imports(t *testing.T, s clearance.OwnershipStore) []clearance.OwnershipImport {
	t.Helper()
	imps, err := s.OwnershipImports(t.Context())
	if err != nil {
		t.Fatalf("OwnershipImports: %v", err)
	}
	return imps
}

func testOwnershipRoundTrip(t *testing.T, s clearance.OwnershipStore) {
	want := OwnershipEdges()
	before := time.Now().UTC()
	imp, err := s.AddOwnership(t.Context(), "edges.csv", "h1", want)
	if err != nil {
		t.Fatal(err)
	}
	if imp.ID == 0 || imp.Edges != len(want) || imp.Added != len(want) || imp.ImportedAt.Before(before.Truncate(time.Microsecond)) {
		t.Errorf("AddOwnership = %+v, want a new import of %d edges, all added", imp, len(want))
	}
	if diff := cmp.Diff(want, readOwnership(t, s), cmp.Comparer(func(a, b clearance.Stake) bool { return a == b })); diff != "" {
		t.Errorf("edges read back differ (-want +got):\n%s", diff)
	}
	got := imports(t, s)
	if len(got) != 1 || got[0].ID != imp.ID || got[0].File != "edges.csv" || got[0].Hash != "h1" ||
		!got[0].ImportedAt.Equal(imp.ImportedAt) || got[0].ImportedAt.Location() != time.UTC {
		t.Errorf("OwnershipImports = %+v, want %+v", got, imp)
	}
}

func testOwnershipAddedOnce(t *testing.T, s clearance.OwnershipStore) {
	edges := OwnershipEdges()
	if _, err := s.AddOwnership(t.Context(), "a.csv", "h1", edges[:3]); err != nil {
		t.Fatal(err)
	}
	imp, err := s.AddOwnership(t.Context(), "b.csv", "h2", edges)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Edges != len(edges) || imp.Added != len(edges)-3 {
		t.Errorf("second import = %+v, want %d edges of which %d added", imp, len(edges), len(edges)-3)
	}
	if got := readOwnership(t, s); len(got) != len(edges) {
		t.Errorf("%d edges on file after importing some twice, want %d", len(got), len(edges))
	}
	if got := imports(t, s); len(got) != 2 || got[0].File != "a.csv" || got[1].Added != imp.Added {
		t.Errorf("OwnershipImports = %+v", got)
	}
}

func testOwnershipConflict(t *testing.T, s clearance.OwnershipStore) {
	edges := OwnershipEdges()
	if _, err := s.AddOwnership(t.Context(), "a.csv", "h1", edges[:2]); err != nil {
		t.Fatal(err)
	}
	for _, changed := range []clearance.Stake{clearance.Percent(61), {}} {
		again := slices.Clone(edges)
		again[0].Stake = changed // was 60%
		_, err := s.AddOwnership(t.Context(), "b.csv", "h2", again)
		wantKind(t, "AddOwnership with another stake of a recorded edge", err, clearance.Conflict)
	}
	changed := slices.Clone(edges[1:2])
	changed[0].Stake = clearance.Percent(10) // was unknown
	_, err := s.AddOwnership(t.Context(), "c.csv", "h3", changed)
	wantKind(t, "AddOwnership giving a size to an unknown stake of the same date and source", err, clearance.Conflict)
	if got := readOwnership(t, s); len(got) != 2 {
		t.Errorf("%d edges on file after refused imports, want 2", len(got))
	}
	if got := imports(t, s); len(got) != 1 {
		t.Errorf("refused imports were recorded: %+v", got)
	}
}

func testOwnershipInvalid(t *testing.T, s clearance.OwnershipStore) {
	for _, bad := range []clearance.OwnershipEdge{
		{Owner: "", Owned: "B", AsOf: "2025-01-01", Source: "s"},
		{Owner: "A", Owned: "B", AsOf: "30/06/2025", Source: "s"},
		{Owner: "A", Owned: "B", AsOf: "2025-01-01"},
		{Owner: "Acme Ltd", Owned: "ACME Limited", AsOf: "2025-01-01", Source: "s"},
	} {
		_, err := s.AddOwnership(t.Context(), "bad.csv", "h", append(OwnershipEdges(), bad))
		wantKind(t, "AddOwnership with an invalid edge", err, clearance.Invalid)
	}
	if got := readOwnership(t, s); len(got) != 0 {
		t.Errorf("an import with an invalid edge recorded %d edges", len(got))
	}
	if got := imports(t, s); len(got) != 0 {
		t.Errorf("an import with an invalid edge was recorded: %+v", got)
	}
}

// testOwnershipRefs: edges may name a counterparty of the registry and an
// entry of an active list version by id; an unknown id, of either kind, on
// either side, refuses the whole import, naming each edge and field, and an
// entry of a version no longer active is unknown.
func testOwnershipRefs(t *testing.T, s clearance.OwnershipStore) {
	ctx := t.Context()
	lists, ok := s.(clearance.ListStore)
	cps, ok2 := s.(clearance.CounterpartyStore)
	if !ok || !ok2 {
		t.Fatalf("%T keeps no lists or no counterparties", s)
	}
	mustImport(t, lists, Request(srcA, "v1", NewEntry(srcA, "A-1", "Ivan Old"), NewEntry(srcA, "A-2", "Oleg Owner")))
	mustImport(t, lists, Request(srcA, "v2", NewEntry(srcA, "A-2", "Oleg Owner"), NewEntry(srcA, "A-3", "Pavel New")))
	if _, err := cps.UpsertCounterparties(ctx, []clearance.Counterparty{Counterparty("C-1", "Acme Trading")}, "alice"); err != nil {
		t.Fatalf("UpsertCounterparties: %v", err)
	}
	good := []clearance.OwnershipEdge{
		{Owner: "entry:A-2", Owned: "counterparty:C-1", Stake: clearance.Percent(50), AsOf: "2025-06-30", Source: "registry"},
		{Owner: "counterparty:C-1", Owned: "Acme Europe B.V.", Stake: clearance.Whole, AsOf: "2025-06-30", Source: "registry"},
	}
	bad := append(slices.Clone(good),
		clearance.OwnershipEdge{Owner: "entry:A-1", Owned: "counterparty:C-1", AsOf: "2025-06-30", Source: "registry"},  // A-1 is in v1 only
		clearance.OwnershipEdge{Owner: "Oleg Owner", Owned: "counterparty:C-9", AsOf: "2025-06-30", Source: "registry"}, // no such counterparty
		clearance.OwnershipEdge{Owner: "entry:A-404", Owned: "counterparty:C-404", AsOf: "2025-06-30", Source: "vendor"},
	)
	_, err := s.AddOwnership(ctx, "refs.csv", "h0", bad)
	wantKind(t, "AddOwnership naming unknown ids", err, clearance.Invalid)
	type place struct {
		index int
		field string
	}
	var got []place
	for _, e := range joined(err) {
		var ee *clearance.EdgeError
		if !errors.As(e, &ee) {
			t.Errorf("AddOwnership error %v is not an *EdgeError", e)
			continue
		}
		got = append(got, place{ee.Index, ee.Field})
	}
	want := []place{{2, "owner"}, {3, "owned"}, {4, "owner"}, {4, "owned"}}
	if !slices.Equal(got, want) {
		t.Errorf("AddOwnership with unknown ids reported %v, want %v (%v)", got, want, err)
	}
	if n := len(readOwnership(t, s)); n != 0 || len(imports(t, s)) != 0 {
		t.Errorf("an import with unknown ids recorded %d edges", n)
	}
	imp, err := s.AddOwnership(ctx, "refs.csv", "h1", good)
	if err != nil || imp.Added != 2 {
		t.Fatalf("AddOwnership of known ids = %+v, %v", imp, err)
	}
	if diff := cmp.Diff(good, readOwnership(t, s), cmp.Comparer(func(a, b clearance.Stake) bool { return a == b })); diff != "" {
		t.Errorf("edges naming ids read back (-want +got):\n%s", diff)
	}
}

// joined returns the errors joined in err, or err alone.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if _, one := err.(*clearance.EdgeError); !one {
			return j.Unwrap()
		}
	}
	return []error{err}
}
