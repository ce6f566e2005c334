package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
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
