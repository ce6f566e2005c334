package storetest

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

// testCaseActionsAudited: a store that keeps the audit log records each
// case action there, by the context's actor and request id, with the
// state it left; a refused action records nothing, nor one made without
// an actor.
func testCaseActionsAudited(t *testing.T, s clearance.ReviewStore) {
	log, ok := s.(clearance.AuditLog)
	if !ok {
		t.Skip("the store keeps no audit log")
	}
	c := mustOpen(t, s, NewCase("C-1", NewEntry(srcA, "e1", "Alpha Trading"), 0.95))
	review := &clearance.Review{Store: s, ApprovalThreshold: 0.9}
	alice := clearance.WithActor(t.Context(), "key:alice", "req-1")
	bob := clearance.WithActor(t.Context(), "key:bob", "req-2")
	if _, err := review.Clear(alice, c.ID, "key:alice", clearance.ReasonDifferentCountry, "Peru"); err != nil {
		t.Fatal(err)
	}
	_, err := review.Approve(alice, c.ID, "key:alice", "")
	wantKind(t, "Approve by the proposer", err, clearance.Forbidden)
	if _, err := review.Approve(bob, c.ID, "key:bob", "agreed"); err != nil {
		t.Fatal(err)
	}
	_, err = review.Assign(bob, c.ID, "key:bob", "carol")
	wantKind(t, "Assign on a cleared case", err, clearance.Conflict)
	other := mustOpen(t, s, NewCase("C-2", NewEntry(srcA, "e1", "Alpha Trading"), 0.95))
	if _, err := review.Assign(t.Context(), other.ID, "cli", "carol"); err != nil {
		t.Fatal(err)
	}
	type row struct {
		Actor, RequestID string
		Payload          clearance.CaseActionAudit
	}
	var got []row
	for r, err := range log.AuditRecords(t.Context(), clearance.AuditQuery{Action: clearance.AuditCaseAction}) {
		if err != nil {
			t.Fatal(err)
		}
		var p clearance.CaseActionAudit
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if r.Subject != fmt.Sprintf("case %d", c.ID) {
			t.Errorf("record %d subject %q", r.Seq, r.Subject)
		}
		got = append(got, row{r.Actor, r.RequestID, p})
	}
	base := clearance.CaseActionAudit{CaseID: c.ID, Subject: "counterparty C-1", EntryID: "e1", Dataset: srcA, Score: 0.95}
	proposed, approved := base, base
	proposed.Action, proposed.By, proposed.Reason, proposed.Comment = clearance.ActionClearanceProposed, "key:alice", clearance.ReasonDifferentCountry, "Peru"
	proposed.State, proposed.AwaitsApproval, proposed.Version = clearance.CaseOpen, true, 2
	approved.Action, approved.By, approved.Reason, approved.Comment = clearance.ActionApproved, "key:bob", clearance.ReasonDifferentCountry, "agreed"
	approved.State, approved.Version = clearance.CaseCleared, 3
	want := []row{{"key:alice", "req-1", proposed}, {"key:bob", "req-2", approved}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("case.action audit records (-want +got):\n%s", diff)
	}
}
