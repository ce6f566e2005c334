package httpapi

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestAuditLog: the log pages oldest first by action and actor, verifies,
// and exports as JSON lines and CSV; holds are placed and released by an
// admin, and everything an API key did is attributed to it.
func TestAuditLog(t *testing.T) {
	w := newWorld(t)
	for _, name := range []string{"Hikvision", "Dahua", "Acme"} {
		wantStatus(t, "screen", w.do(request{method: "POST", path: "/v1/screen", key: "screener", body: map[string]string{"name": name}}), http.StatusOK)
	}
	r := w.do(request{method: "GET", path: "/v1/audit?action=screen&actor=key:screener&limit=2", key: "analyst"})
	wantStatus(t, "audit page", r, http.StatusOK)
	p := decodeAs[page[clearance.AuditRecord]](t, r)
	if len(p.Items) != 2 || p.Items[0].Subject != "Hikvision" || p.Next == "" {
		t.Fatalf("first page: %+v", p)
	}
	p = decodeAs[page[clearance.AuditRecord]](t, w.do(request{method: "GET", path: "/v1/audit?action=screen&actor=key:screener&limit=2&cursor=" + p.Next, key: "analyst"}))
	if len(p.Items) != 1 || p.Items[0].Subject != "Acme" || p.Next != "" {
		t.Fatalf("last page: %+v", p)
	}
	if p := decodeAs[page[clearance.AuditRecord]](t, w.do(request{method: "GET", path: "/v1/audit?actor=key:nobody", key: "analyst"})); len(p.Items) != 0 {
		t.Errorf("records of nobody: %+v", p.Items)
	}
	wantStatus(t, "a bad period", w.do(request{method: "GET", path: "/v1/audit?from=yesterday", key: "analyst"}), http.StatusBadRequest)

	v := decodeAs[auditVerification](t, w.do(request{method: "GET", path: "/v1/audit/verify", key: "analyst"}))
	if !v.Intact || v.Records < 4 || v.Head.Hash == "" {
		t.Errorf("verification: %+v", v)
	}

	r = w.do(request{method: "GET", path: "/v1/audit/export", key: "analyst"})
	wantStatus(t, "export", r, http.StatusOK)
	if r.header.Get("Content-Type") != "application/x-ndjson" {
		t.Errorf("export Content-Type %q", r.header.Get("Content-Type"))
	}
	lines := 0
	for sc := bufio.NewScanner(bytes.NewReader(r.body)); sc.Scan(); lines++ {
		var rec clearance.AuditRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec.Hash == "" {
			t.Fatalf("export line %d: %v: %s", lines+1, err, sc.Bytes())
		}
	}
	if int64(lines) != v.Records {
		t.Errorf("export has %d records, verification %d", lines, v.Records)
	}
	r = w.do(request{method: "GET", path: "/v1/audit/export?format=csv&from=2000-01-01&to=2999-12-31", key: "analyst"})
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) != lines+1 || strings.Join(rows[0], ",") != strings.Join(clearance.AuditCSVHeader, ",") {
		t.Errorf("CSV export: %d rows (%v), want a header and %d", len(rows), err, lines)
	}

	wantStatus(t, "an analyst places a hold", w.do(request{method: "POST", path: "/v1/audit/holds", key: "analyst", body: map[string]string{"reason": "x"}}),
		http.StatusForbidden)
	r = w.do(request{method: "POST", path: "/v1/audit/holds", key: "admin", body: map[string]string{"reason": "subpoena 7", "from": "2026-01-01"}})
	wantStatus(t, "place hold", r, http.StatusCreated)
	h := decodeAs[clearance.AuditHold](t, r)
	if h.PlacedBy != "key:admin" || !h.Active() {
		t.Errorf("hold: %+v", h)
	}
	wantStatus(t, "release", w.do(request{method: "POST", path: "/v1/audit/holds/1/release", key: "admin"}), http.StatusOK)
	wantStatus(t, "release again", w.do(request{method: "POST", path: "/v1/audit/holds/1/release", key: "admin"}), http.StatusNotFound)
	holds := decodeAs[page[clearance.AuditHold]](t, w.do(request{method: "GET", path: "/v1/audit/holds", key: "analyst"}))
	if len(holds.Items) != 1 || holds.Items[0].ReleasedBy != "key:admin" {
		t.Errorf("holds: %+v", holds.Items)
	}
	res := w.do(request{method: "POST", path: "/v1/audit/purge", key: "admin"})
	wantStatus(t, "purge", res, http.StatusOK)
	if !strings.Contains(string(res.body), `"purged":0`) {
		t.Errorf("a purge of young records deleted some: %s", res.body)
	}
	for _, action := range []clearance.AuditAction{clearance.AuditHoldPlaced, clearance.AuditHoldReleased} {
		if recs := w.audit(clearance.AuditQuery{Action: action}); len(recs) != 1 || recs[0].Actor != "key:admin" {
			t.Errorf("%s records: %+v", action, recs)
		}
	}
}

// TestEvents: the event log pages by id and filters by type.
func TestEvents(t *testing.T) {
	w := newWorld(t)
	w.openCases()
	r := w.do(request{method: "GET", path: "/v1/events?type=case.opened&limit=1", key: "analyst"})
	wantStatus(t, "events", r, http.StatusOK)
	p := decodeAs[page[clearance.Event]](t, r)
	if len(p.Items) != 1 || p.Items[0].Type != clearance.EventCaseOpened || p.Next == "" {
		t.Fatalf("first page of case.opened: %+v", p)
	}
	p = decodeAs[page[clearance.Event]](t, w.do(request{method: "GET", path: "/v1/events?type=case.opened&cursor=" + p.Next, key: "analyst"}))
	if len(p.Items) != 1 || p.Next != "" {
		t.Errorf("last page of case.opened: %+v", p)
	}
	all := decodeAs[page[clearance.Event]](t, w.do(request{method: "GET", path: "/v1/events?since=1", key: "analyst"}))
	if len(all.Items) == 0 || all.Items[0].ID != 2 {
		t.Errorf("events since 1: %+v", all.Items)
	}
	wantStatus(t, "bad since", w.do(request{method: "GET", path: "/v1/events?since=soon", key: "analyst"}), http.StatusBadRequest)
	wantStatus(t, "monitor runs", w.do(request{method: "GET", path: "/v1/monitor/runs", key: "analyst"}), http.StatusOK)
}

// TestOwnershipImport: ownership edges are imported from CSV by an
// approver, all or nothing, and an edge on file is not added twice.
func TestOwnershipImport(t *testing.T) {
	w := newWorld(t)
	csv := "owner,owned,percent,as_of,source\n\"" + hikvision + "\",Hik Sub Ltd,60,2020-01-01,registry\n"
	wantStatus(t, "an analyst imports", w.do(request{method: "POST", path: "/v1/ownership", key: "analyst", body: csv, contentType: "text/csv"}),
		http.StatusForbidden)
	r := w.do(request{method: "POST", path: "/v1/ownership?file=owners.csv", key: "approver", body: csv, contentType: "text/csv"})
	wantStatus(t, "import", r, http.StatusOK)
	if imp := decodeAs[clearance.OwnershipImport](t, r); imp.Edges != 1 || imp.Added != 1 || imp.File != "owners.csv" {
		t.Errorf("import: %+v", imp)
	}
	edges := []map[string]any{{"owner": hikvision, "owned": "Hik Sub Ltd", "percent": 60, "as_of": "2020-01-01", "source": "registry"}}
	r = w.do(request{method: "POST", path: "/v1/ownership", key: "approver", body: edges})
	if imp := decodeAs[clearance.OwnershipImport](t, r); r.status != http.StatusOK || imp.Added != 0 {
		t.Errorf("the same edge as JSON: %d %+v", r.status, imp)
	}
	r = w.do(request{method: "POST", path: "/v1/ownership", key: "approver", body: "owner,owned,percent,as_of,source\nA,B,150,2020-01-01,x\n", contentType: "text/csv"})
	wantStatus(t, "a bad stake", r, http.StatusBadRequest)
	if p := r.problem(t); len(p.Errors) == 0 {
		t.Errorf("a bad stake names no field: %+v", p)
	}
}
