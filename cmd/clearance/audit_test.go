package main

import (
	"bufio"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/postgres/pgtest"
)

// backend is a database the command line runs on in a test.
type backend struct {
	name string
	// setup returns a data directory holding the shipped snapshot, the
	// flags that select the database, and raw SQL on it.
	setup func(t *testing.T) (dir string, flags []string, exec func(sql string) error)
	// unguard lifts the audit log's append-only triggers.
	unguard []string
}

var backends = []backend{
	{"sqlite", func(t *testing.T) (string, []string, func(string) error) {
		dir := shippedData(t)
		return dir, nil, func(q string) error {
			db, err := sql.Open("sqlite", filepath.Join(dir, "clearance.db"))
			if err != nil {
				return err
			}
			defer db.Close()
			_, err = db.Exec(q)
			return err
		}
	}, []string{`DROP TRIGGER audit_records_append_only`, `DROP TRIGGER audit_records_purge_only`}},
	{"postgres", func(t *testing.T) (string, []string, func(string) error) {
		db, dir, pg := pgRunner(t)
		pg("lists") // loads the shipped snapshot
		return dir, []string{"--db", db}, func(q string) error {
			pgtest.Exec(t, db, q)
			return nil
		}
	}, []string{`ALTER TABLE audit_records DISABLE TRIGGER audit_records_guard`}},
}

// exportRecords exports today's audit records as JSON lines and decodes
// them.
func exportRecords(t *testing.T, dir string, flags []string) []clearance.AuditRecord {
	t.Helper()
	today := time.Now().UTC().Format(time.DateOnly)
	out := mustRun(t, dir, append(flags, "audit", "export", "--from", today, "--to", today)...).stdout
	var recs []clearance.AuditRecord
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r clearance.AuditRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("audit export line %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestAuditTrail runs a screening and a batch on each database, checks
// what the audit log recorded, then tampers with a row: verify must fail
// and name it.
func TestAuditTrail(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			dir, flags, exec := b.setup(t)
			cli := func(args ...string) result { return mustRun(t, dir, append(flags, args...)...) }
			cli("--actor", "alice", "screen", "Hikvision")
			in, out := filepath.Join(t.TempDir(), "in.csv"), filepath.Join(t.TempDir(), "out.csv")
			os.WriteFile(in, []byte("name,country\nApple Inc.,US\nHikvision,CN\n"), 0o600)
			cli("--actor", "bob", "batch", "--in", in, "--out", out)
			if r := cli("audit", "verify"); !strings.Contains(r.stdout, "Audit log intact") {
				t.Fatalf("audit verify: %s", r.stdout)
			}
			recs := exportRecords(t, dir, flags)
			byAction := map[clearance.AuditAction][]clearance.AuditRecord{}
			for _, r := range recs {
				byAction[r.Action] = append(byAction[r.Action], r)
			}
			if len(byAction[clearance.AuditListImport]) != 5 || len(byAction[clearance.AuditConfig]) != 1 {
				t.Errorf("records by action: %d imports, %d config changes; want 5, 1", len(byAction[clearance.AuditListImport]), len(byAction[clearance.AuditConfig]))
			}
			checkScreenRecord(t, byAction[clearance.AuditScreen])
			checkBatchRecords(t, byAction, in, out)

			last := recs[len(recs)-1].Seq
			csvOut := cli("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "csv").stdout
			rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
			if err != nil || len(rows) != len(recs)+1 || rows[0][0] != "seq" || rows[len(rows)-1][0] != itoa(last) {
				t.Errorf("CSV export: %d rows, %v; want a header and %d records", len(rows), err, len(recs))
			}
			victim := byAction[clearance.AuditScreen][0].Seq
			for _, q := range append(b.unguard, `UPDATE audit_records SET actor = 'mallory' WHERE seq = `+itoa(victim)) {
				if err := exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			r := run(t, dir, append(flags, "audit", "verify")...)
			if r.code == 0 || !strings.Contains(r.stderr, "record "+itoa(victim)) {
				t.Errorf("audit verify after an edit of record %d: exit %d, stderr %q", victim, r.code, r.stderr)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func checkScreenRecord(t *testing.T, recs []clearance.AuditRecord) {
	t.Helper()
	if len(recs) != 1 {
		t.Fatalf("%d screen records, want 1", len(recs))
	}
	r := recs[0]
	var p clearance.ScreeningAudit
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		t.Fatal(err)
	}
	if r.Actor != "alice" || r.Subject != "Hikvision" || p.Query.Name != "Hikvision" || p.Normalized.Name != "hikvision" ||
		len(p.Versions) != 5 || p.OptionsHash == "" || len(p.Hits) < 2 {
		t.Errorf("screen record = %+v\npayload %s", r, r.Payload)
	}
	for _, h := range p.Hits {
		if h.Score < p.Threshold || h.EntryID == "" {
			t.Errorf("screen record hit %+v: below the threshold %v or without an entry", h, p.Threshold)
		}
	}
}

func checkBatchRecords(t *testing.T, byAction map[clearance.AuditAction][]clearance.AuditRecord, in, out string) {
	t.Helper()
	runs, hits := byAction[clearance.AuditBatch], byAction[clearance.AuditBatchHit]
	if len(runs) != 1 || len(hits) != 1 {
		t.Fatalf("%d batch records and %d batch hit records, want 1 and 1", len(runs), len(hits))
	}
	var p batchAudit
	if err := json.Unmarshal(runs[0].Payload, &p); err != nil {
		t.Fatal(err)
	}
	if runs[0].Actor != "bob" || p.Rows != 2 || p.Potential != 1 || p.Clear != 1 || len(p.Versions) != 5 ||
		p.InputSHA256 != fileSHA256(t, in) || p.OutputSHA256 != fileSHA256(t, out) {
		t.Errorf("batch record = %s\nwant the files' hashes %s, %s", runs[0].Payload, fileSHA256(t, in), fileSHA256(t, out))
	}
	var h batchHitAudit
	if err := json.Unmarshal(hits[0].Payload, &h); err != nil {
		t.Fatal(err)
	}
	if h.Line != 3 || h.Query.Name != "Hikvision" || h.Query.Country != "CN" || len(h.Hits) == 0 || hits[0].RequestID != runs[0].RequestID {
		t.Errorf("batch hit record = %+v %s", hits[0], hits[0].Payload)
	}
}

// TestAuditHoldCommands places, lists and releases a legal hold and purges
// with nothing expired, on a fresh data directory.
func TestAuditHoldCommands(t *testing.T) {
	dir := t.TempDir()
	if r := mustRun(t, dir, "--actor", "counsel", "audit", "hold", "--reason", "BIS request 17", "--from", "2025-01-01", "--to", "2025-12-31"); !strings.Contains(r.stdout, "Legal hold 1 placed") {
		t.Errorf("audit hold: %s", r.stdout)
	}
	var holds []clearance.AuditHold
	if err := json.Unmarshal([]byte(mustRun(t, dir, "audit", "holds").stdout), &holds); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // --to is the last day, included
	if len(holds) != 1 || !holds[0].Active() || holds[0].PlacedBy != "counsel" || !holds[0].To.Equal(want) {
		t.Errorf("audit holds = %+v", holds)
	}
	mustRun(t, dir, "audit", "release", "1")
	if r := run(t, dir, "audit", "release", "1"); r.code == 0 {
		t.Errorf("releasing a released hold succeeded")
	}
	if r := mustRun(t, dir, "audit", "purge"); !strings.Contains(r.stdout, "Nothing to purge") {
		t.Errorf("audit purge: %s", r.stdout)
	}
	if r := mustRun(t, dir, "audit", "verify"); !strings.Contains(r.stdout, "intact: 2 records") {
		t.Errorf("audit verify: %s", r.stdout)
	}
	if r := run(t, dir, "audit", "export", "--from", "yesterday", "--to", "2026-01-01"); r.code == 0 || !strings.Contains(r.stderr, "--from") {
		t.Errorf("export with a bad date: exit %d, %s", r.code, r.stderr)
	}
}
