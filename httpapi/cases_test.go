package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// openCases registers Hikvision (C-1), Dahua (C-2) and a clean company,
// screens the registry, and returns the cases opened by counterparty id.
func (w *world) openCases() map[string]clearance.Case {
	w.t.Helper()
	cps := []map[string]any{
		{"id": "C-1", "name": hikvision, "country": "China", "kind": "company"},
		{"id": "C-2", "name": "Zhejiang Dahua Technology Co., Ltd.", "country": "CN"},
		{"id": "C-3", "name": "Nordwind Logistik GmbH", "country": "Germany"},
	}
	r := w.do(request{method: "POST", path: "/v1/counterparties", key: "screener", body: cps})
	wantStatus(w.t, "upsert", r, http.StatusOK)
	if res := decodeAs[clearance.UpsertResult](w.t, r); len(res.Added) != 3 {
		w.t.Fatalf("upsert: %+v", res)
	}
	r = w.do(request{method: "POST", path: "/v1/counterparties/screen", key: "screener"})
	wantStatus(w.t, "screen the registry", r, http.StatusOK)
	rep := decodeAs[clearance.RegistryReport](w.t, r)
	out := map[string]clearance.Case{}
	for _, c := range rep.Cases {
		out[c.CounterpartyID] = c
	}
	if rep.Counterparties != 3 || len(out) != 2 || out["C-1"].EntryID != "el-hikvision" || out["C-2"].EntryID != "el-dahua" {
		w.t.Fatalf("registry screening: %+v", rep)
	}
	return out
}

// act takes an action on a case as a key.
func (w *world) act(key string, id int64, verb string, body any, header map[string]string) reply {
	w.t.Helper()
	return w.do(request{method: "POST", path: fmt.Sprintf("/v1/cases/%d/%s", id, verb), key: key, body: body, header: header})
}

// TestFourEyes: an analyst's clearance of a high-scoring case waits for a
// second approval; the approval of the key that proposed it is refused,
// whatever its role; another approver's clears the case. Every action is
// the key's, never a name in the body, and is in the audit log.
func TestFourEyes(t *testing.T) {
	w := newWorld(t)
	cases := w.openCases()
	hik, dahua := cases["C-1"].ID, cases["C-2"].ID

	r := w.act("screener", hik, "clear", map[string]string{"reason": "different_country"}, nil)
	wantStatus(t, "a screener clears", r, http.StatusForbidden)
	r = w.act("alice", hik, "clear", map[string]string{"reason": "different_country", "by": "bob"}, nil)
	wantStatus(t, "a clearance naming its actor", r, http.StatusBadRequest)

	r = w.act("alice", hik, "clear", map[string]string{"reason": "different_country", "comment": "our customer is in Ohio"},
		map[string]string{"X-Request-Id": "req-clear-1"})
	wantStatus(t, "alice clears", r, http.StatusOK)
	c := decodeAs[clearance.Case](t, r)
	if c.State != clearance.CaseOpen || c.Pending == nil || c.Pending.By != "key:alice" || c.Version() != 2 || r.header.Get("ETag") != `"2"` {
		t.Fatalf("after alice's clearance: state %s, pending %+v, version %d, ETag %s", c.State, c.Pending, c.Version(), r.header.Get("ETag"))
	}

	// bob proposes clearing Dahua and may not approve it himself.
	wantStatus(t, "bob clears", w.act("bob", dahua, "clear", map[string]string{"reason": "name_only_similarity"}, nil), http.StatusOK)
	r = w.act("bob", dahua, "approve", nil, nil)
	wantStatus(t, "bob approves his own clearance", r, http.StatusForbidden)
	if p := r.problem(t); !strings.Contains(p.Detail, "four-eyes") {
		t.Errorf("own approval: %q", p.Detail)
	}

	r = w.act("approver", hik, "approve", map[string]string{"comment": "checked the register"}, map[string]string{"If-Match": `"2"`})
	wantStatus(t, "another approver approves", r, http.StatusOK)
	c = decodeAs[clearance.Case](t, r)
	if c.State != clearance.CaseCleared || c.Resolution == nil || c.Resolution.By != "key:alice" || c.Resolution.ApprovedBy != "key:approver" {
		t.Fatalf("after approval: %+v", c.Resolution)
	}

	var got []string
	for _, rec := range w.audit(clearance.AuditQuery{Action: clearance.AuditCaseAction}) {
		var p clearance.CaseActionAudit
		if err := json.Unmarshal(rec.Payload, &p); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %s %d %s", rec.Actor, p.Action, p.State, p.CaseID, rec.RequestID))
		if rec.RequestID == "" || p.By != rec.Actor {
			t.Errorf("case action record %d: actor %s, by %s, request id %q", rec.Seq, rec.Actor, p.By, rec.RequestID)
		}
	}
	want := []string{fmt.Sprintf("key:alice clearance_proposed open %d req-clear-1", hik)}
	if len(got) != 3 || got[0] != want[0] || !strings.HasPrefix(got[1], "key:bob clearance_proposed open") ||
		!strings.HasPrefix(got[2], fmt.Sprintf("key:approver approved cleared %d", hik)) {
		t.Errorf("case.action records:\n%s\nwant alice's proposal (%s), bob's, the approval", strings.Join(got, "\n"), want[0])
	}
}

// TestCaseConflict: an action decided on a version of the case that is no
// longer current is refused with 409 and changes nothing, by If-Match or
// by expected_version; a malformed If-Match is a 400.
func TestCaseConflict(t *testing.T) {
	w := newWorld(t)
	id := w.openCases()["C-1"].ID
	r := w.do(request{method: "GET", path: fmt.Sprintf("/v1/cases/%d", id), key: "analyst"})
	wantStatus(t, "get case", r, http.StatusOK)
	tag := r.header.Get("ETag")
	if c := decodeAs[clearance.Case](t, r); tag != `"1"` || c.Version() != 1 {
		t.Fatalf("a new case has ETag %s", tag)
	}
	wantStatus(t, "alice assigns", w.act("alice", id, "assign", map[string]any{"to": "alice", "expected_version": 1}, nil), http.StatusOK)

	r = w.act("analyst", id, "escalate", map[string]string{"comment": "unsure"}, map[string]string{"If-Match": tag})
	wantStatus(t, "escalate on the old version", r, http.StatusConflict)
	if p := r.problem(t); !strings.Contains(p.Detail, "changed since version 1") || !strings.Contains(p.Detail, "key:alice assigned") {
		t.Errorf("conflict detail %q does not say what changed", p.Detail)
	}
	r = w.act("analyst", id, "confirm", map[string]any{"reason": "confirmed_match", "expected_version": 1}, nil)
	wantStatus(t, "confirm on the old version", r, http.StatusConflict)
	c := decodeAs[clearance.Case](t, w.do(request{method: "GET", path: fmt.Sprintf("/v1/cases/%d", id), key: "analyst"}))
	if c.Version() != 2 || c.State != clearance.CaseOpen {
		t.Errorf("refused actions changed the case: version %d, state %s", c.Version(), c.State)
	}
	for _, h := range []string{`W/"x"`, "2", `"0"`} {
		r = w.act("analyst", id, "escalate", nil, map[string]string{"If-Match": h})
		wantStatus(t, "If-Match "+h, r, http.StatusBadRequest)
	}
	r = w.act("analyst", id, "escalate", map[string]any{"expected_version": 3}, map[string]string{"If-Match": `"2"`})
	wantStatus(t, "disagreeing versions", r, http.StatusBadRequest)
	wantStatus(t, "escalate on the current version", w.act("analyst", id, "escalate", nil, map[string]string{"If-Match": `W/"2"`}), http.StatusOK)
	wantStatus(t, "an unknown case", w.act("analyst", 999, "escalate", nil, nil), http.StatusNotFound)

	list := decodeAs[page[clearance.Case]](t, w.do(request{method: "GET", path: "/v1/cases?state=escalated", key: "analyst"}))
	if len(list.Items) != 1 || list.Items[0].ID != id {
		t.Errorf("escalated cases: %+v", list.Items)
	}
	codes := w.do(request{method: "GET", path: "/v1/reason-codes", key: "analyst"})
	if !strings.Contains(string(codes.body), "name_only_similarity") {
		t.Errorf("reason codes:\n%s", codes.body)
	}
}
