package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/postgres/pgtest"
)

// pgRunner returns a function that runs the command line on a PostgreSQL
// database of the test's own (and a data directory that must stay without
// a SQLite database).
func pgRunner(t *testing.T) (db, dir string, pg func(args ...string) result) {
	t.Helper()
	db = pgtest.URL(t)
	dir = t.TempDir()
	return db, dir, func(args ...string) result {
		t.Helper()
		return mustRun(t, dir, append([]string{"--db", db}, args...)...)
	}
}

// TestPostgresCommands runs the list and screening commands on PostgreSQL:
// the first run loads the snapshot there, an import reports its delta,
// screening and batch see the new version, and no SQLite file appears.
func TestPostgresCommands(t *testing.T) {
	_, dir, pg := pgRunner(t)
	if out := pg("lists").stdout; !strings.Contains(out, "us-ofac-sdn") {
		t.Fatalf("lists on PostgreSQL:\n%s", out)
	}
	before := filepath.Join(t.TempDir(), "consolidated-before.csv")
	writeCSLWithout(t, before, rule84FR54002(t))
	pg("lists", "import", "--format", "csl", before)
	real := filepath.Join(t.TempDir(), "consolidated.csv")
	if err := os.WriteFile(real, shippedCSL(t), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := pg("lists", "import", "--format", "csl", real); !strings.Contains(r.stdout, "28 added, 0 removed, 0 changed") {
		t.Errorf("import on PostgreSQL does not report the delta:\n%s", r.stdout)
	}
	var d clearance.Delta
	if err := json.Unmarshal([]byte(pg("lists", "diff", "--json", "us-csl", "2", "3").stdout), &d); err != nil || len(d.Added) != 28 {
		t.Errorf("diff --json v2->v3 on PostgreSQL: %d added, %v; want 28", len(d.Added), err)
	}
	var s clearance.Screening
	if err := json.Unmarshal([]byte(pg("screen", "--json", "Hikvision").stdout), &s); err != nil {
		t.Fatal(err)
	}
	if findHit(s, clearance.ListEntity) == nil {
		t.Errorf("screen Hikvision on PostgreSQL: no Entity List hit in %+v", s.Hits)
	}
	in, out := filepath.Join(t.TempDir(), "in.csv"), filepath.Join(t.TempDir(), "out.csv")
	os.WriteFile(in, []byte("name\nHikvision\nApple Inc.\n"), 0o600)
	if r := pg("batch", "--in", in, "--out", out); !strings.Contains(r.stderr, "Screened 2 names") {
		t.Errorf("batch on PostgreSQL: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "clearance.db")); err == nil {
		t.Errorf("--db given, yet a SQLite database was created in the data directory")
	}
}
