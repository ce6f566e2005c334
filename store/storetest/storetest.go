// Package storetest is the contract suite for clearance.ListStore: every
// store runs RunListStore against itself, so the SQLite and PostgreSQL
// stores behave alike.
//
// Beyond the interface's comments, the suite pins down:
//   - entry ids sort bytewise, as Go compares strings (PostgreSQL needs
//     COLLATE "C");
//   - ActiveVersions is ordered by source id, Versions(ctx, "") by import
//     time, Versions of one source by number;
//   - an import whose Hash is empty never counts as unchanged;
//   - Import refuses nil entries, invalid ones (Entry.Validate) and entries
//     of another source, with Invalid errors;
//   - Entries of an unknown version yields one NotFound error, and Delta
//     returns NotFound for an unknown version; Delta ignores changes to Raw
//     and SourceRef only (Entry.ContentHash);
//   - ImportedAt round-trips at microsecond precision, in UTC;
//   - Raw round-trips as equal JSON (the same values; byte equality is not
//     required, so a store may keep it as jsonb).
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clearancehq/clearance"
)

// The sources the suite imports. Any ids would do; these are real ones.
const (
	srcA = clearance.SourceUSCSL
	srcB = clearance.SourceOFACSDN
)

// RunListStore runs the contract suite. Open must return a new, empty store
// for each call; the suite closes it.
func RunListStore(t *testing.T, open func(t *testing.T) clearance.ListStore) {
	runSuite(t, open, []suiteTest[clearance.ListStore]{
		{"Numbering", testNumbering},
		{"VersionFields", testVersionFields},
		{"Unchanged", testUnchanged},
		{"RequestChecked", testRequestChecked},
		{"ParseErrorRollsBack", testParseErrorRollsBack},
		{"CancelRollsBack", testCancelRollsBack},
		{"IgnoredEmitErrorRollsBack", testIgnoredEmitErrorRollsBack},
		{"ZeroEntriesRefused", testZeroEntriesRefused},
		{"DuplicateIDRefused", testDuplicateIDRefused},
		{"InvalidEntryRefused", testInvalidEntryRefused},
		{"EntriesInIDOrder", testEntriesInIDOrder},
		{"EntriesEarlyStop", testEntriesEarlyStop},
		{"EntriesNotFound", testEntriesNotFound},
		{"RoundTrip", testRoundTrip},
		{"EntriesWithoutRaw", testEntriesWithoutRaw},
		{"Delta", testDelta},
		{"DeltaFromZero", testDeltaFromZero},
		{"DeltaNotFound", testDeltaNotFound},
		{"TwoSources", testTwoSources},
		{"ConcurrentReads", testConcurrentReads},
	})
}

// suiteTest is one test of a contract suite over stores of type S.
type suiteTest[S any] struct {
	name string
	run  func(t *testing.T, s S)
}

// runSuite runs each test as a subtest on a fresh store, closed at the
// end of the subtest when it has a Close method.
func runSuite[S any](t *testing.T, open func(t *testing.T) S, tests []suiteTest[S]) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if c, ok := any(s).(interface{ Close() error }); ok {
				t.Cleanup(func() {
					if err := c.Close(); err != nil {
						t.Errorf("Close: %v", err)
					}
				})
			}
			tt.run(t, s)
		})
	}
}

// entryOpts compares entries as the contract promises them back: nil and
// empty slices alike, Raw as JSON values.
var entryOpts = cmp.Options{
	cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().Type() != reflect.TypeFor[json.RawMessage]()
	}, cmpopts.EquateEmpty()),
	cmp.Comparer(jsonEqual),
}

// versionOpts compares versions, instants by time.Time.Equal.
var versionOpts = cmp.Options{cmpopts.EquateEmpty()}

func jsonEqual(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// mustImport imports req and fails the test unless a new version results.
func mustImport(t *testing.T, s clearance.ListStore, req clearance.ImportRequest) clearance.Version {
	t.Helper()
	res, err := s.Import(t.Context(), req)
	if err != nil {
		t.Fatalf("Import(%s, hash %q) = %v", req.Source, req.Hash, err)
	}
	if res.Unchanged {
		t.Fatalf("Import(%s, hash %q) = unchanged, want a new version", req.Source, req.Hash)
	}
	return res.Version
}

// readEntries returns every entry of a version.
func readEntries(t *testing.T, s clearance.ListStore, source clearance.SourceID, version int) []*clearance.Entry {
	t.Helper()
	var out []*clearance.Entry
	for e, err := range s.Entries(t.Context(), source, version) {
		if err != nil {
			t.Fatalf("Entries(%s, %d): %v", source, version, err)
		}
		out = append(out, e)
	}
	return out
}

func ids(entries []*clearance.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.ID
	}
	return out
}

func numbers(vs []clearance.Version) []int {
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = v.Number
	}
	return out
}

// activeNumber returns the active version number of source, 0 for none.
func activeNumber(ctx context.Context, t *testing.T, s clearance.ListStore, source clearance.SourceID) int {
	t.Helper()
	vs, err := s.ActiveVersions(ctx)
	if err != nil {
		t.Fatalf("ActiveVersions: %v", err)
	}
	for _, v := range vs {
		if v.Source == source {
			return v.Number
		}
	}
	return 0
}

// wantKind fails the test unless err is an error of the given kind.
func wantKind(t *testing.T, what string, err error, kind clearance.ErrorKind) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s = nil error, want %v", what, kind)
	}
	if got := clearance.KindOf(err); got != kind {
		t.Fatalf("%s = %v (kind %v), want kind %v", what, err, got, kind)
	}
}
