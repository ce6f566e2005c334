package postgres

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
	"github.com/clearancehq/clearance/store/postgres/pgtest"
	"github.com/clearancehq/clearance/store/storetest"
)

// openTemp opens a store in a schema of its own.
func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestListStore(t *testing.T) {
	storetest.RunListStore(t, func(t *testing.T) clearance.ListStore { return openTemp(t) })
}

func TestGateStore(t *testing.T) {
	storetest.RunGateStore(t, func(t *testing.T) clearance.GateStore { return openTemp(t) })
}

func TestKeyStore(t *testing.T) {
	storetest.RunKeyStore(t, func(t *testing.T) clearance.KeyStore { return openTemp(t) })
}

// TestGateStoreHandles races submissions through two stores, each with its
// own pool, as two processes would.
func TestGateStoreHandles(t *testing.T) {
	addr := pgtest.URL(t)
	var handles [2]*Store
	for i := range handles {
		s, err := Open(t.Context(), addr)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer s.Close()
		handles[i] = s
	}
	storetest.RunGateStoreHandles(t, handles[0], handles[1])
}

// TestReopen checks that a second Open of a migrated schema finds nothing
// to do and sees the data.
func TestReopen(t *testing.T) {
	ctx := t.Context()
	addr := pgtest.URL(t)
	s, err := Open(ctx, addr)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	want := storetest.Synthetic(clearance.SourceUSCSL, 10, "x")
	if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, "h1", want...)); err != nil {
		t.Fatalf("Import: %v", err)
	}
	s.Close()
	s, err = Open(ctx, addr)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	vs, err := s.ActiveVersions(ctx)
	if err != nil || len(vs) != 1 || vs[0].Entries != 10 {
		t.Fatalf("ActiveVersions after reopen = %v, %v, want version 1 of 10 entries", vs, err)
	}
}

// TestBlobsShared checks that re-importing unchanged entries stores no new
// bodies, and that a changed entry stores one; also across the round trips
// the import groups entries in.
func TestBlobsShared(t *testing.T) {
	ctx := t.Context()
	s := openTemp(t)
	defer s.Close()
	n := sinkRows + 500
	entries := storetest.Synthetic(clearance.SourceUSCSL, n, "same")
	for i, hash := range []string{"h1", "h2"} {
		if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, hash, entries...)); err != nil {
			t.Fatalf("Import %d: %v", i+1, err)
		}
		if got := count(t, s, "entry_blobs"); got != n {
			t.Errorf("after import %d: %d entry bodies, want %d", i+1, got, n)
		}
	}
	entries[7].Remarks = "changed"
	if _, err := s.Import(ctx, storetest.Request(clearance.SourceUSCSL, "h3", entries...)); err != nil {
		t.Fatalf("Import 3: %v", err)
	}
	if got := count(t, s, "entry_blobs"); got != n+1 {
		t.Errorf("after a one-entry change: %d entry bodies, want %d", got, n+1)
	}
	if got := count(t, s, "version_entries"); got != 3*n {
		t.Errorf("version_entries rows = %d, want %d", got, 3*n)
	}
}

// TestOpenBadAddress checks the kinds of the errors Open gives.
func TestOpenBadAddress(t *testing.T) {
	tests := []struct {
		name, addr string
		kind       clearance.ErrorKind
	}{
		{"malformed", "postgres://%zz", clearance.Invalid},
		{"no server", "postgres://nobody:secret@127.0.0.1:1/none?connect_timeout=2", clearance.Unavailable},
	}
	for _, tt := range tests {
		s, err := Open(t.Context(), tt.addr)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) = nil error, want one", tt.name)
			continue
		}
		if clearance.KindOf(err) != tt.kind || strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%s) = %q (kind %v), want kind %v and no password", tt.name, err, clearance.KindOf(err), tt.kind)
		}
	}
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestAuditLog(t *testing.T) {
	addrs := map[clearance.Store]string{}
	storetest.RunAuditLog(t, storetest.AuditHarness{
		Open: func(t *testing.T) clearance.Store {
			addr := pgtest.URL(t)
			s, err := Open(t.Context(), addr)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			addrs[s] = addr
			return s
		},
		Reopen: func(t *testing.T, s clearance.Store) clearance.Store {
			other, err := Open(t.Context(), addrs[s])
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			return other
		},
		Exec: func(s clearance.Store, sql string) error {
			_, err := s.(*Store).pool.Exec(context.Background(), sql)
			return err
		},
		Unguard: []string{`ALTER TABLE audit_records DISABLE TRIGGER audit_records_guard`},
	})
}

func TestOwnershipStore(t *testing.T) {
	storetest.RunOwnershipStore(t, func(t *testing.T) clearance.OwnershipStore { return openTemp(t) })
}

func TestReviewStore(t *testing.T) {
	storetest.RunReviewStore(t, func(t *testing.T) clearance.ReviewStore { return openTemp(t) })
}

// TestOwnershipBatches imports more edges than one round trip carries,
// some of them twice, and checks that every edge is counted once, in the
// order recorded, and that a changed stake in a later batch still refuses
// the whole import.
func TestOwnershipBatches(t *testing.T) {
	ctx := t.Context()
	s := openTemp(t)
	defer s.Close()
	n := edgeRows + 500
	edges := make([]clearance.OwnershipEdge, n)
	for i := range edges {
		edges[i] = clearance.OwnershipEdge{Owner: fmt.Sprintf("Owner %d", i), Owned: "Target", Stake: clearance.StakeMillionths(int32(i)),
			AsOf: "2025-06-30", Source: "registry"}
	}
	if _, err := s.AddOwnership(ctx, "first.csv", "h1", edges[:10]); err != nil {
		t.Fatal(err)
	}
	again := append(slices.Clone(edges), edges[edgeRows+1]) // the last edge states one of the second batch again
	imp, err := s.AddOwnership(ctx, "all.csv", "h2", again)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Edges != n+1 || imp.Added != n-10 {
		t.Errorf("AddOwnership = %d edges, %d added; want %d and %d", imp.Edges, imp.Added, n+1, n-10)
	}
	var got []clearance.OwnershipEdge
	for e, err := range s.OwnershipEdges(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	if !slices.Equal(got, edges) {
		t.Errorf("edges read back: %d, not as recorded", len(got))
	}
	changed := slices.Clone(edges)
	changed[n-1].Stake = clearance.Percent(99)
	_, err = s.AddOwnership(ctx, "changed.csv", "h3", append(changed, clearance.OwnershipEdge{Owner: "New", Owned: "Target",
		AsOf: "2025-06-30", Source: "registry"}))
	if clearance.KindOf(err) != clearance.Conflict || !strings.Contains(err.Error(), fmt.Sprintf("%q", edges[n-1].Owner)) {
		t.Errorf("AddOwnership with a changed stake in the second batch = %v, want a Conflict naming %q", err, edges[n-1].Owner)
	}
	if imps, _ := s.OwnershipImports(ctx); len(imps) != 2 {
		t.Errorf("%d imports on file after a refused one, want 2", len(imps))
	}
}

// TestCaseUpdateHandles updates one case and imports counterparties through
// two stores, each with its own pool, as two processes would: no update is
// lost, and a reader following the event log by ID misses none.
func TestCaseUpdateHandles(t *testing.T) {
	ctx := t.Context()
	addr := pgtest.URL(t)
	var handles [2]*Store
	for i := range handles {
		s, err := Open(ctx, addr)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer s.Close()
		handles[i] = s
	}
	e := storetest.NewEntry(clearance.SourceUSCSL, "e1", "Alpha Trading")
	rec, err := handles[0].RecordFindings(ctx, &clearance.Findings{Cases: []clearance.Case{storetest.NewCase("C-1", e, 0.8)}})
	if err != nil || len(rec.Cases) != 1 {
		t.Fatalf("RecordFindings = %+v, %v", rec, err)
	}
	id := rec.Cases[0].ID
	// A follower reads the log as a webhook does, each time after the
	// last event it saw, while the writers run.
	var followed []int64
	done := make(chan struct{})
	follow := func() {
		after := int64(0)
		if len(followed) > 0 {
			after = followed[len(followed)-1]
		}
		evs, err := handles[0].Events(ctx, clearance.EventFilter{After: after})
		if err != nil {
			t.Errorf("Events: %v", err)
		}
		for _, e := range evs {
			followed = append(followed, e.ID)
		}
	}
	var follower sync.WaitGroup
	follower.Go(func() {
		for {
			select {
			case <-done:
				follow()
				return
			default:
				follow()
			}
		}
	})
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		review := &clearance.Review{Store: handles[i%2]}
		wg.Go(func() {
			if _, err := review.Assign(ctx, id, "lead", fmt.Sprintf("analyst%d", i)); err != nil {
				t.Errorf("Assign: %v", err)
			}
		})
		wg.Go(func() {
			c := storetest.Counterparty(fmt.Sprintf("C-%d", i), "Party")
			if _, err := handles[(i+1)%2].UpsertCounterparties(ctx, []clearance.Counterparty{c}, "loader"); err != nil {
				t.Errorf("UpsertCounterparties: %v", err)
			}
		})
	}
	wg.Wait()
	close(done)
	follower.Wait()
	c, err := handles[1].Case(ctx, id)
	if err != nil || len(c.Actions) != n+1 || c.Actions[n].To != c.Assignee {
		t.Fatalf("after %d concurrent assignments through two handles: %+v, %v", n, c, err)
	}
	evs, err := handles[0].Events(ctx, clearance.EventFilter{})
	if err != nil || len(evs) != 1+2*n {
		t.Fatalf("Events = %d, %v; want %d", len(evs), err, 1+2*n)
	}
	if len(followed) != len(evs) {
		t.Errorf("reading the log after the last event seen missed %d of %d events: they committed after a later one", len(evs)-len(followed), len(evs))
	}
}

// TestMigrateMarksExistingLists: lists imported before the review
// migration count as monitored.
func TestMigrateMarksExistingLists(t *testing.T) {
	addr := pgtest.URL(t)
	s, err := Open(t.Context(), addr)
	if err != nil {
		t.Fatal(err)
	}
	downgrade := func() error {
		db := stdlib.OpenDBFromPool(s.pool)
		defer db.Close()
		p, err := newProvider(db)
		if err == nil {
			_, err = p.DownTo(t.Context(), 3)
		}
		return err
	}
	storetest.RunMonitorUpgrade(t, s, downgrade, func() clearance.ReviewStore {
		s, err := Open(t.Context(), addr)
		if err != nil {
			t.Fatalf("reopen and migrate up: %v", err)
		}
		return s
	})
}

// TestMigrateKeepsEntriesWithoutRaw checks that a database made before the
// lean bodies (migration 9) gets them for every body it holds, each the
// body with its raw member cut out byte for byte, that imports store them
// from then on, and that the raw-less stream reads what Entries does,
// Raw left out.
func TestMigrateKeepsEntriesWithoutRaw(t *testing.T) {
	addr := pgtest.URL(t)
	s, err := Open(t.Context(), addr)
	if err != nil {
		t.Fatal(err)
	}
	entries := append(storetest.Synthetic(clearance.SourceUSCSL, 40, "old"), storetest.FullEntry(clearance.SourceUSCSL, "full-1"))
	if _, err := s.Import(t.Context(), storetest.Request(clearance.SourceUSCSL, "h1", entries...)); err != nil {
		t.Fatal(err)
	}
	if b, l := count(t, s, "entry_blobs"), count(t, s, "entry_lean_blobs"); b != 41 || l != b {
		t.Errorf("after an import: %d bodies and %d lean bodies, want 41 of each", b, l)
	}
	db := stdlib.OpenDBFromPool(s.pool)
	p, err := newProvider(db)
	if err == nil {
		_, err = p.DownTo(t.Context(), 8)
	}
	db.Close()
	if err != nil {
		t.Fatalf("migrate down to 8: %v", err)
	}
	// Bodies stored before the migration: none has a lean copy.
	for _, e := range entries[:10] {
		e.Remarks = "changed"
	}
	if _, err := s.Import(t.Context(), storetest.Request(clearance.SourceUSCSL, "h2", entries...)); err != nil {
		t.Fatalf("import into schema 8: %v", err)
	}
	s.Close()
	s, err = Open(t.Context(), addr)
	if err != nil {
		t.Fatalf("reopen and migrate up: %v", err)
	}
	defer s.Close()
	if b, l := count(t, s, "entry_blobs"), count(t, s, "entry_lean_blobs"); b != 51 || l != b {
		t.Errorf("after migrating: %d bodies and %d lean bodies, want 51 of each", b, l)
	}
	rows, err := s.pool.Query(t.Context(), `SELECT b.body, l.body FROM entry_blobs b JOIN entry_lean_blobs l USING (hash)`)
	if err != nil {
		t.Fatal(err)
	}
	cut := 0
	for rows.Next() {
		var body, lean []byte
		if err := rows.Scan(&body, &lean); err != nil {
			t.Fatal(err)
		}
		if want := storekit.WithoutRawBody(body); !bytes.Equal(lean, want) {
			t.Errorf("lean body\n%s\nwant\n%s", lean, want)
		}
		if len(lean) < len(body) {
			cut++
		}
	}
	if rows.Close(); rows.Err() != nil || cut != 51 {
		t.Errorf("%d of 51 lean bodies shorter than their bodies (%v)", cut, rows.Err())
	}
	for v := 1; v <= 2; v++ {
		if n := storetest.CheckEntriesWithoutRaw(t, s, clearance.SourceUSCSL, v); n != 41 {
			t.Fatalf("version %d: %d entries, want 41", v, n)
		}
	}
}
