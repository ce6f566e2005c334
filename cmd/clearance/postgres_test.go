package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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

// pgLoadCSL imports a CSL file into the database, as the commands import:
// the first run then finds lists and loads no snapshot.
func pgLoadCSL(t *testing.T, db, csl string) {
	t.Helper()
	app := &App{ctx: t.Context(), stdout: io.Discard, stderr: io.Discard,
		cfg: Config{DB: db, Actor: "user:loader"}, requestID: newRequestID()}
	defer app.Close()
	if _, err := app.importInputs(clearance.WithActor(app.ctx, app.cfg.Actor, app.requestID), "csl", []input{osInput(csl)}, "", ""); err != nil {
		t.Fatal(err)
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

// TestPostgresOrders runs the licence gate's commands on PostgreSQL: a
// licence added and an order submitted by one run are drawn down as the
// next runs see it, the eleventh unit is blocked, an order is submitted
// once, and the audit log holds each change by the --actor that made it.
func TestPostgresOrders(t *testing.T) {
	db, _, pg := pgRunner(t)
	csl := filepath.Join(t.TempDir(), "consolidated.csv")
	if err := os.WriteFile(csl, shippedCSL(t), 0o600); err != nil {
		t.Fatal(err)
	}
	pgLoadCSL(t, db, csl)

	lic := writeDoc(t, "licence.json", `{"number":"D123456","destination":"CN","parties":["`+hikvisionName+`"],
		"items":[{"eccn":"EAR99","quantity":10,"unit":"pieces","value":1500}],"valid_from":"2019-11-01","valid_to":"2021-10-31"}`)
	if out := pg("--actor", "user:clerk", "licence", "add", lic).stdout; !strings.Contains(out, "Recorded licence D123456") {
		t.Errorf("licence add on PostgreSQL printed %q", out)
	}
	submit := func(id string, qty int) clearance.Decision {
		t.Helper()
		out := pg("--actor", "user:clerk", "order", "submit", "--json", hikvisionOrder(t, id, "2020-01-15", "EAR99", qty)).stdout
		var d clearance.Decision
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatalf("order submit --json %s: %v\n%s", id, err, out)
		}
		return d
	}
	if d := submit("PO-2", 10); d.Outcome != clearance.Released || !d.Recorded || len(d.Draws) != 1 || d.Draws[0].Licence != "D123456" {
		t.Fatalf("ten units under the licence on PostgreSQL = %s (recorded %v), draws %+v; want released on D123456", d.Outcome, d.Recorded, d.Draws)
	}
	if d := submit("PO-3", 1); d.Outcome != clearance.Blocked || len(d.Draws) != 0 {
		t.Errorf("the eleventh unit on PostgreSQL = %s, draws %+v; want blocked, none", d.Outcome, d.Draws)
	}
	if r := run(t, t.TempDir(), "--db", db, "order", "submit", hikvisionOrder(t, "PO-2", "2020-01-15", "EAR99", 10)); r.code == 0 ||
		!strings.Contains(r.stderr, "order PO-2 was already submitted") {
		t.Errorf("resubmitting PO-2 on PostgreSQL: exit %d, stderr %q; want a refusal", r.code, r.stderr)
	}
	var b clearance.LicenceBalance
	if err := json.Unmarshal([]byte(pg("licence", "show", "--json", "D123456").stdout), &b); err != nil {
		t.Fatal(err)
	}
	if *b.Lines[0].RemainingQuantity != 0 || len(b.Draws) != 1 || b.Draws[0].Order != "PO-2" {
		t.Errorf("licence D123456 on PostgreSQL: %s left, draws %+v; want 0 and PO-2", b.Lines[0].RemainingQuantity, b.Draws)
	}

	var got []string
	for line := range strings.Lines(pg("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01").stdout) {
		var r clearance.AuditRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("audit export line %q: %v", line, err)
		}
		switch r.Action {
		case clearance.AuditLicenceAdd, clearance.AuditOrderSubmit:
			var p struct {
				Decision struct{ Decision string } `json:"decision"`
			}
			json.Unmarshal(r.Payload, &p)
			got = append(got, strings.TrimSpace(fmt.Sprintf("%s %s %s %s", r.Actor, r.Action, r.Subject, p.Decision.Decision)))
		}
	}
	want := []string{"user:clerk licence.add D123456", "user:clerk order.submit PO-2 released", "user:clerk order.submit PO-3 blocked"}
	if !slices.Equal(got, want) {
		t.Errorf("gate records in the audit log on PostgreSQL:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r := pg("audit", "verify"); r.code != 0 {
		t.Errorf("audit verify: %s", r.stderr)
	}
}

// TestPostgresMonitoring runs review and monitoring on PostgreSQL: a
// registry is imported before the 2019 rule; the real CSL's import
// re-screens it and opens Entity List cases for Hikvision and Dahua and
// none for an ordinary company; a clearance of the Hikvision case waits
// for a second approver, given from another data directory as another
// instance would, and the event log and the monitoring runs tell it all.
func TestPostgresMonitoring(t *testing.T) {
	db, dir, pg := pgRunner(t)
	before := filepath.Join(t.TempDir(), "consolidated-before.csv")
	writeCSLWithout(t, before, rule84FR54002(t))
	pgLoadCSL(t, db, before)
	registry := writeDoc(t, "counterparties.csv", "id,name,country,address,type\n"+
		hikID+",\""+hikvisionName+"\",CN,\"No. 555 Qianmo Road, Hangzhou\",company\n"+
		dahuaID+",\""+dahua+"\",China,,company\n"+
		"CP-0001,Northwind Garden Supplies Ltd,GB,,company\n")
	if out := pg("counterparties", "import", "--by", "onboarding", registry).stdout; !strings.Contains(out, "3 counterparties added") ||
		!strings.Contains(out, "3 new or changed counterparties are not screened yet") {
		t.Errorf("counterparties import on PostgreSQL:\n%s", out)
	}
	if cps := runJSON[[]clearance.Counterparty](t, dir, "--db", db, "counterparties", "list", "--json"); len(cps) != 3 || cps[0].ID != dahuaID {
		t.Errorf("counterparties list on PostgreSQL = %+v, want the three, by id", cps)
	}

	out := pg("lists", "import", "--format", "csl", realCSL(t, "consolidated.csv", nil)).stdout
	if !strings.Contains(out, "28 added, 0 removed, 0 changed") || !strings.Contains(out, "re-screened 3 counterparties and 0 open orders") {
		t.Errorf("lists import on PostgreSQL does not report the re-screen:\n%s", out)
	}
	cs := byEntry(casesJSON(t, dir, "--db", db, "--state", "open"))
	hik, ok := cs[hikID+"/EL"]
	if !ok || hik.EntryName != hikvisionName || hik.Trigger.Kind != clearance.TriggerListUpdate {
		t.Fatalf("Hikvision case on PostgreSQL = %+v (all: %v)", hik, keys(cs))
	}
	if _, ok := cs[dahuaID+"/EL"]; !ok {
		t.Errorf("no Entity List case for Dahua on PostgreSQL: %v", keys(cs))
	}
	for key := range cs {
		if strings.HasPrefix(key, "CP-") {
			t.Errorf("a case opened for an ordinary company on PostgreSQL: %s", key)
		}
	}

	if out := pg("cases", "clear", itoa(hik.ID), "--reason", "different_country", "--by", "alice").stdout; !strings.Contains(out, "awaiting second approval") {
		t.Errorf("cases clear on PostgreSQL:\n%s", out)
	}
	if r := run(t, t.TempDir(), "--db", db, "cases", "approve", itoa(hik.ID), "--by", "alice"); r.code == 0 || !strings.Contains(r.stderr, "four-eyes") {
		t.Errorf("approval by the proposer on PostgreSQL: exit %d, %s", r.code, r.stderr)
	}
	mustRun(t, t.TempDir(), "--db", db, "cases", "approve", itoa(hik.ID), "--by", "bob") // from another data directory
	cleared := casesJSON(t, dir, "--db", db, "--state", "cleared")
	if len(cleared) != 1 || cleared[0].ID != hik.ID || cleared[0].Resolution.By != "alice" || cleared[0].Resolution.ApprovedBy != "bob" {
		t.Errorf("cleared cases on PostgreSQL = %+v", cleared)
	}

	count := map[clearance.EventType]int{}
	for _, e := range eventsJSON(t, dir, "--db", db, "--since", "1") {
		count[e.Type]++
	}
	if count[clearance.EventCounterpartiesImported] != 1 || count[clearance.EventListUpdated] < 1 || count[clearance.EventCaseOpened] < 2 ||
		count[clearance.EventMonitorCompleted] < 1 || count["case.clearance_proposed"] != 1 || count["case.approved"] != 1 {
		t.Errorf("event counts on PostgreSQL = %v", count)
	}
	runs := runJSON[[]clearance.MonitorRun](t, dir, "--db", db, "monitor", "--json")
	if len(runs) == 0 || runs[0].FinishedAt.IsZero() || runs[0].Stats.Counterparties != 3 || runs[0].Stats.CasesOpened != len(cs) {
		t.Errorf("monitor --json on PostgreSQL = %+v; want the last run finished, over 3 counterparties, %d cases", runs, len(cs))
	}
	if _, err := os.Stat(filepath.Join(dir, "clearance.db")); err == nil {
		t.Errorf("--db given, yet a SQLite database was created in the data directory")
	}
}
