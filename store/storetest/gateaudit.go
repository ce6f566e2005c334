package storetest

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

// testGateRecorded: with an actor in the context, a licence, a UVL
// statement and a submitted order each append their audit record, holding
// what was recorded; a refused change appends none, and without an actor
// nothing is appended.
func testGateRecorded(t *testing.T, _ AuditHarness, s clearance.Store) {
	ctx := clearance.WithActor(t.Context(), "user:clerk", "req-7")
	l := Licence("L-1", "Hikvision", 10, "EAR99")
	if _, err := s.AddLicence(ctx, l); err != nil {
		t.Fatalf("AddLicence: %v", err)
	}
	st, err := s.AddUVLStatement(ctx, &clearance.UVLStatement{Party: "Hikvision", Signed: "2020-05-01"})
	if err != nil {
		t.Fatalf("AddUVLStatement: %v", err)
	}
	o := Order("PO-1", "Hikvision", 4)
	sub, err := s.SubmitOrder(ctx, o, Released(o, "L-1", 0))
	if err != nil {
		t.Fatalf("SubmitOrder: %v", err)
	}
	// Refused: a duplicate licence, an overdraw, a duplicate order.
	if _, err := s.AddLicence(ctx, l); err == nil {
		t.Fatal("AddLicence of a recorded number succeeded")
	}
	over := Order("PO-2", "Hikvision", 7)
	if _, err := s.SubmitOrder(ctx, over, Released(over, "L-1", 0)); err == nil {
		t.Fatal("SubmitOrder drawing 7 of the 6 units left succeeded")
	}
	if _, err := s.SubmitOrder(ctx, o, &clearance.Decision{OrderID: o.ID, Outcome: clearance.Clear}); err == nil {
		t.Fatal("second SubmitOrder of PO-1 succeeded")
	}
	// Unaudited: no actor in the context.
	if _, err := s.AddLicence(t.Context(), Licence("L-2", "Hikvision", 1, "EAR99")); err != nil {
		t.Fatalf("AddLicence without an actor: %v", err)
	}

	got := readAudit(t, s, clearance.AuditQuery{})
	want := []struct {
		action  clearance.AuditAction
		subject string
		payload any
	}{
		{clearance.AuditLicenceAdd, "L-1", l},
		{clearance.AuditUVLAdd, "Hikvision", st},
		{clearance.AuditOrderSubmit, "PO-1", sub},
	}
	if len(got) != len(want) {
		t.Fatalf("audit log after three changes and three refusals: %d records, want 3: %+v", len(got), got)
	}
	for i, w := range want {
		r := got[i]
		if r.Action != w.action || r.Subject != w.subject || r.Actor != "user:clerk" || r.RequestID != "req-7" {
			t.Errorf("record %d = %s %q by %s (%s), want %s %q by user:clerk (req-7)", i, r.Action, r.Subject, r.Actor, r.RequestID, w.action, w.subject)
		}
		wantPayload, err := json.Marshal(w.payload)
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		if err := json.Unmarshal(r.Payload, &a); err != nil {
			t.Fatalf("record %d payload: %v", i, err)
		}
		json.Unmarshal(wantPayload, &b)
		if diff := cmp.Diff(b, a); diff != "" {
			t.Errorf("record %d (%s) payload differs from what was recorded (-want +got):\n%s", i, r.Action, diff)
		}
	}
	var p clearance.SubmittedOrder
	if err := json.Unmarshal(got[2].Payload, &p); err != nil || p.Decision.Outcome != clearance.Released ||
		len(p.Decision.Draws) != 1 || p.Decision.Draws[0].Quantity != clearance.Units(4) || !p.Decision.Recorded {
		t.Errorf("order record's decision = %+v, %v; want released, drawing 4 units", p.Decision, err)
	}
	mustVerify(t, s, 3)
}
