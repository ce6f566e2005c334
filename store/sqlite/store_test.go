package sqlite

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/storetest"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "clearance.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestListStore(t *testing.T) {
	storetest.RunListStore(t, func(t *testing.T) clearance.ListStore { return openTemp(t) })
}

func TestReopen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "new", "dir", "clearance.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	want := storetest.Synthetic(clearance.SourceUSCSL, 10, "x")
	res, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, "h1", want...))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s, err = Open(ctx, path) // migrations find nothing to do
	if err != nil {
		t.Fatalf("reopen %s: %v", path, err)
	}
	defer s.Close()
	vs, err := s.ActiveVersions(ctx)
	if err != nil || len(vs) != 1 || vs[0].Number != 1 || !vs[0].ImportedAt.Equal(res.Version.ImportedAt) {
		t.Fatalf("ActiveVersions after reopen = %v, %v, want version 1", vs, err)
	}
	n := 0
	for e, err := range s.Entries(ctx, clearance.SourceUSCSL, 1) {
		if err != nil {
			t.Fatalf("Entries after reopen: %v", err)
		}
		if e.ID != want[n].ID {
			t.Errorf("entry %d after reopen = %s, want %s", n, e.ID, want[n].ID)
		}
		n++
	}
	if n != len(want) {
		t.Errorf("read %d entries after reopen, want %d", n, len(want))
	}
}

func TestOpenBadFile(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	text := strings.Repeat("this is not a database\n", 500)
	if err := os.WriteFile(garbage, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		kind       clearance.ErrorKind
	}{
		{"garbage", garbage, clearance.Invalid},
		{"directory", dir, clearance.Internal},
		{"under a file", filepath.Join(garbage, "x.db"), clearance.Internal},
	}
	for _, tt := range tests {
		s, err := Open(t.Context(), tt.path)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) = nil error, want one", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.path) || clearance.KindOf(err) != tt.kind {
			t.Errorf("Open(%s) = %q (kind %v), want kind %v naming %s", tt.name, err, clearance.KindOf(err), tt.kind, tt.path)
		}
	}
	got, _ := os.ReadFile(garbage)
	if string(got) != text {
		t.Errorf("Open changed the garbage file")
	}
}

func TestOpenOddPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir?x=1#frag%20", "db?.sqlite")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Open(%q) did not create the file: %v", path, err)
	}
}

// TestBlobsShared checks that re-importing unchanged entries stores no new
// bodies, and that a changed entry stores one.
func TestBlobsShared(t *testing.T) {
	ctx := t.Context()
	s := openTemp(t)
	defer s.Close()
	entries := storetest.Synthetic(clearance.SourceUSCSL, 100, "same")
	for i, hash := range []string{"h1", "h2"} {
		if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, hash, entries...)); err != nil {
			t.Fatalf("Import %d: %v", i+1, err)
		}
		if n := count(t, s, "entry_blobs"); n != 100 {
			t.Errorf("after import %d: %d entry bodies, want 100", i+1, n)
		}
		if n := count(t, s, "entry_lean_blobs"); n != 100 {
			t.Errorf("after import %d: %d lean entry bodies, want 100", i+1, n)
		}
	}
	entries[7].Remarks = "changed"
	if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, "h3", entries...)); err != nil {
		t.Fatalf("Import 3: %v", err)
	}
	if n := count(t, s, "entry_blobs"); n != 101 {
		t.Errorf("after a one-entry change: %d entry bodies, want 101", n)
	}
	if n := count(t, s, "entry_lean_blobs"); n != 101 {
		t.Errorf("after a one-entry change: %d lean entry bodies, want 101", n)
	}
	if n := count(t, s, "version_entries"); n != 300 {
		t.Errorf("version_entries rows = %d, want 300", n)
	}
}

// TestEntriesReleaseConnection checks that stopping a stream early closes
// its rows.
func TestEntriesReleaseConnection(t *testing.T) {
	ctx := t.Context()
	s := openTemp(t)
	defer s.Close()
	if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, "h1", storetest.Synthetic(clearance.SourceUSCSL, 10, "x")...)); err != nil {
		t.Fatal(err)
	}
	for range s.Entries(ctx, clearance.SourceUSCSL, 1) {
		break
	}
	if n := s.db.Stats().InUse; n != 0 {
		t.Errorf("%d connections in use after the stream stopped, want 0", n)
	}
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// BenchmarkImport imports 15,000 entries per iteration, all of them new.
func BenchmarkImport(b *testing.B) {
	benchmarkImport(b, func(i int) string { return fmt.Sprintf("iteration %d", i) })
}

// BenchmarkImportUnchangedEntries imports 15,000 entries per iteration, all
// of them already stored: the weekly re-import of a list that barely moved.
func BenchmarkImportUnchangedEntries(b *testing.B) {
	benchmarkImport(b, func(int) string { return "same" })
}

func benchmarkImport(b *testing.B, seed func(i int) string) {
	const n = 15000
	s := openTemp(b)
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, "warm-up", storetest.Synthetic(clearance.SourceUSCSL, n, seed(-1))...)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		entries := storetest.Synthetic(clearance.SourceUSCSL, n, seed(i))
		b.StartTimer()
		if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, fmt.Sprint(i), entries...)); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/entry")
}

// BenchmarkDelta compares two versions of 15,000 entries of which every
// hundredth changed.
func BenchmarkDelta(b *testing.B) {
	const n = 15000
	s := openTemp(b)
	defer s.Close()
	ctx := context.Background()
	entries := storetest.Synthetic(clearance.SourceUSCSL, n, "one")
	if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, "h1", entries...)); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i += 100 {
		entries[i].LicensePolicy = "Case-by-case review."
	}
	if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, "h2", entries...)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d, err := s.Delta(ctx, clearance.SourceUSCSL, 1, 2)
		if err != nil || len(d.Changed) != n/100 {
			b.Fatalf("Delta = %d changed, %v", len(d.Changed), err)
		}
	}
}

func TestAuditLog(t *testing.T) {
	storetest.RunAuditLog(t, storetest.AuditHarness{
		Open: func(t *testing.T) clearance.Store { return openTemp(t) },
		Reopen: func(t *testing.T, s clearance.Store) clearance.Store {
			other, err := Open(t.Context(), s.(*Store).path)
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			return other
		},
		Exec: func(s clearance.Store, sql string) error {
			_, err := s.(*Store).db.ExecContext(context.Background(), sql)
			return err
		},
		Unguard: []string{`DROP TRIGGER audit_records_append_only`, `DROP TRIGGER audit_records_purge_only`},
	})
}

func TestGateStore(t *testing.T) {
	storetest.RunGateStore(t, func(t *testing.T) clearance.GateStore { return openTemp(t) })
}

func TestKeyStore(t *testing.T) {
	storetest.RunKeyStore(t, func(t *testing.T) clearance.KeyStore { return openTemp(t) })
}

func TestGateStoreHandles(t *testing.T) {
	a := openTemp(t)
	defer a.Close()
	b, err := Open(t.Context(), a.path)
	if err != nil {
		t.Fatalf("second handle: %v", err)
	}
	defer b.Close()
	storetest.RunGateStoreHandles(t, a, b)
}

func TestOwnershipStore(t *testing.T) {
	storetest.RunOwnershipStore(t, func(t *testing.T) clearance.OwnershipStore { return openTemp(t) })
}

func TestReviewStore(t *testing.T) {
	storetest.RunReviewStore(t, func(t *testing.T) clearance.ReviewStore { return openTemp(t) })
}

// TestMigrateMarksExistingLists: lists imported before the review
// migration count as monitored.
func TestMigrateMarksExistingLists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clearance.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	downgrade := func() error {
		sub, _ := fs.Sub(migrations, "migrations")
		p, err := goose.NewProvider(goose.DialectSQLite3, s.db, sub, goose.WithDisableGlobalRegistry(true))
		if err == nil {
			_, err = p.DownTo(t.Context(), 3)
		}
		return err
	}
	storetest.RunMonitorUpgrade(t, s, downgrade, func() clearance.ReviewStore {
		s, err := Open(t.Context(), path)
		if err != nil {
			t.Fatalf("reopen and migrate up: %v", err)
		}
		return s
	})
}

// TestMigrateKeepsEntriesWithoutRaw checks that a database made before the
// lean bodies (migration 9) gets them for every body it holds: start-up
// reads them, and an entry without one would not be screened.
func TestMigrateKeepsEntriesWithoutRaw(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clearance.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	entries := append(storetest.Synthetic(clearance.SourceUSCSL, 40, "old"), storetest.FullEntry(clearance.SourceUSCSL, "full-1"))
	if _, err := s.Import(t.Context(), storetest.Request(clearance.SourceUSCSL, "h1", entries...)); err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, s.db, sub, goose.WithDisableGlobalRegistry(true))
	if err == nil {
		_, err = p.DownTo(t.Context(), 8)
	}
	if err != nil {
		t.Fatalf("migrate down to 8: %v", err)
	}
	// Bodies stored before the migration: none has a lean copy.
	for _, e := range entries[:10] {
		e.Remarks = "changed"
	}
	if _, err := s.Import(t.Context(), storetest.Request(clearance.SourceUSCSL, "h2", entries...)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen and migrate up: %v", err)
	}
	defer s.Close()
	if b, l := count(t, s, "entry_blobs"), count(t, s, "entry_lean_blobs"); b != 51 || l != b {
		t.Errorf("after migrating: %d bodies and %d lean bodies, want 51 of each", b, l)
	}
	for v := 1; v <= 2; v++ {
		if n := storetest.CheckEntriesWithoutRaw(t, s, clearance.SourceUSCSL, v); n != 41 {
			t.Fatalf("version %d: %d entries, want 41", v, n)
		}
	}
}

// TestLeanEntriesQuery checks that the raw-less stream's query is the
// entries query over the lean bodies: were the replacement to miss,
// start-up would read whole bodies again and no other test would tell.
func TestLeanEntriesQuery(t *testing.T) {
	if !strings.Contains(leanEntriesQuery, "JOIN entry_lean_blobs ") || strings.Contains(leanEntriesQuery, "entry_blobs ") {
		t.Errorf("leanEntriesQuery does not read entry_lean_blobs alone:\n%s", leanEntriesQuery)
	}
	if strings.Replace(leanEntriesQuery, "entry_lean_blobs", "entry_blobs", 1) != entriesQuery {
		t.Errorf("leanEntriesQuery differs from entriesQuery beyond its table:\n%s\n%s", leanEntriesQuery, entriesQuery)
	}
}
