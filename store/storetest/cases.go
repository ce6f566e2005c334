package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clearancehq/clearance"
)

// caseOpts compares cases as the contract promises them back.
var caseOpts = cmp.Options{entryOpts, cmpopts.IgnoreFields(clearance.Hit{}, "Entry")}

func testCaseRoundTrip(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	e := FullEntry(srcA, "el-1")
	e.Raw = nil
	c := NewCase("C-1", e, 0.93)
	c.Hit.Explanation.Name = e.Name
	c.Hit.AlsoIn = []string{"us-ofac-sdn"}
	rec := mustRecord(t, s, &clearance.Findings{Cases: []clearance.Case{c}})
	if len(rec.Cases) != 1 || rec.Cases[0].ID <= 0 {
		t.Fatalf("RecordFindings = %+v, want one case with an ID", rec)
	}
	if len(rec.Events) != 1 || rec.Events[0].Type != clearance.EventCaseOpened || rec.Events[0].CaseID != rec.Cases[0].ID {
		t.Errorf("events = %+v, want one case.opened of the new case", rec.Events)
	}
	got, err := s.Case(ctx, rec.Cases[0].ID)
	if err != nil {
		t.Fatalf("Case: %v", err)
	}
	c.ID = rec.Cases[0].ID
	if diff := cmp.Diff(c, *got, caseOpts); diff != "" {
		t.Errorf("Case (-recorded +read):\n%s", diff)
	}
	_, err = s.Case(ctx, c.ID+100)
	wantKind(t, "Case(unknown)", err, clearance.NotFound)
}

// testCaseOneActive: a second open case on a key is skipped, within one
// call and across calls; other keys are not.
func testCaseOneActive(t *testing.T, s clearance.ReviewStore) {
	e1, e2 := NewEntry(srcA, "e1", "Alpha Trading"), NewEntry(srcA, "e2", "Beta Optics")
	rec := mustRecord(t, s, &clearance.Findings{Cases: []clearance.Case{
		NewCase("C-1", e1, 0.8), NewCase("C-1", e1, 0.9), NewCase("C-1", e2, 0.8), NewCase("C-2", e1, 0.8),
	}})
	if len(rec.Cases) != 3 {
		t.Fatalf("opened %d cases, want 3 (the second on C-1/e1 skipped)", len(rec.Cases))
	}
	for i := 1; i < len(rec.Cases); i++ {
		if rec.Cases[i].ID <= rec.Cases[i-1].ID {
			t.Errorf("case IDs do not increase: %d then %d", rec.Cases[i-1].ID, rec.Cases[i].ID)
		}
	}
	again := mustRecord(t, s, &clearance.Findings{Cases: []clearance.Case{NewCase("C-1", e2, 0.99)}})
	if len(again.Cases) != 0 || len(again.Events) != 0 {
		t.Errorf("a case on a key with an open case was opened: %+v", again)
	}
	latest, err := s.LatestCases(t.Context(), []clearance.CaseKey{rec.Cases[0].Key(), {CounterpartyID: "C-9", Dataset: srcA, EntryID: "e1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != 1 || latest[rec.Cases[0].Key()].ID != rec.Cases[0].ID {
		t.Errorf("LatestCases = %v, want only the case of C-1/e1", latest)
	}
}

// testCaseSupersedes: once a case is closed, a new case on its key opens
// only when it names the closed case as the one it supersedes.
func testCaseSupersedes(t *testing.T, s clearance.ReviewStore) {
	e := NewEntry(srcA, "e1", "Alpha Trading")
	first := mustOpen(t, s, NewCase("C-1", e, 0.8))
	review := &clearance.Review{Store: s}
	if _, err := review.Clear(t.Context(), first.ID, "alice", clearance.ReasonNameOnly, ""); err != nil {
		t.Fatal(err)
	}
	stale := NewCase("C-1", e, 0.8) // triaged as if no case existed
	if rec := mustRecord(t, s, &clearance.Findings{Cases: []clearance.Case{stale}}); len(rec.Cases) != 0 {
		t.Errorf("a case not superseding the cleared one was opened")
	}
	next := NewCase("C-1", e, 0.8)
	next.Trigger = clearance.CaseTrigger{Kind: clearance.TriggerEntryChanged, Previous: first.ID, Message: "changed"}
	second := mustOpen(t, s, next)
	latest, _ := s.LatestCases(t.Context(), []clearance.CaseKey{e1Key("C-1")})
	if latest[e1Key("C-1")].ID != second.ID {
		t.Errorf("latest case = %d, want %d", latest[e1Key("C-1")].ID, second.ID)
	}
}

func e1Key(cp string) clearance.CaseKey {
	return clearance.CaseKey{CounterpartyID: cp, Dataset: srcA, EntryID: "e1"}
}

// testCaseUpdate: an update stores the case, its new actions and its
// events; a failing one changes nothing.
func testCaseUpdate(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	c := mustOpen(t, s, NewCase("C-1", NewEntry(srcA, "e1", "Alpha Trading"), 0.95))
	before := len(events(t, s))
	review := &clearance.Review{Store: s, ApprovalThreshold: 0.9}
	if _, err := review.Clear(ctx, c.ID, "alice", clearance.ReasonDifferentCountry, "Peru"); err != nil {
		t.Fatal(err)
	}
	_, err := review.Approve(ctx, c.ID, "alice", "")
	wantKind(t, "Approve by the proposer", err, clearance.Forbidden)
	got, err := review.Approve(ctx, c.ID, "bob", "agreed")
	if err != nil {
		t.Fatal(err)
	}
	read, _ := s.Case(ctx, c.ID)
	if diff := cmp.Diff(got, read, caseOpts); diff != "" {
		t.Errorf("UpdateCase result differs from what Case reads (-result +read):\n%s", diff)
	}
	if read.State != clearance.CaseCleared || read.Resolution.ApprovedBy != "bob" || len(read.Actions) != 3 {
		t.Errorf("after approval: %+v", read)
	}
	evs := events(t, s)[before:]
	if diff := cmp.Diff([]clearance.EventType{"case.clearance_proposed", "case.approved"}, eventTypes(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	boom := errors.New("boom")
	_, err = s.UpdateCase(ctx, c.ID, func(c *clearance.Case) ([]clearance.Event, error) {
		c.State = clearance.CaseOpen
		return nil, boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("UpdateCase returned %v, want the apply error", err)
	}
	if after, _ := s.Case(ctx, c.ID); after.State != clearance.CaseCleared || len(events(t, s)) != before+2 {
		t.Errorf("a failed update changed the case or logged events: %+v", after)
	}
	_, err = s.UpdateCase(ctx, 999, func(*clearance.Case) ([]clearance.Event, error) { return nil, nil })
	wantKind(t, "UpdateCase(unknown)", err, clearance.NotFound)
}

// testCaseUpdateConcurrent: concurrent updates of one case are serialised,
// so that none is lost.
func testCaseUpdateConcurrent(t *testing.T, s clearance.ReviewStore) {
	c := mustOpen(t, s, NewCase("C-1", NewEntry(srcA, "e1", "Alpha Trading"), 0.8))
	review := &clearance.Review{Store: s}
	const n = 12
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := review.Assign(t.Context(), c.ID, "lead", fmt.Sprintf("analyst%d", i)); err != nil {
				t.Errorf("Assign: %v", err)
			}
		})
	}
	wg.Wait()
	got, _ := s.Case(t.Context(), c.ID)
	if len(got.Actions) != n+1 {
		t.Errorf("case has %d actions after %d concurrent assignments, want %d", len(got.Actions), n, n+1)
	}
	if last := got.Actions[len(got.Actions)-1]; last.To != got.Assignee {
		t.Errorf("assignee %q is not the last assignment's %q", got.Assignee, last.To)
	}
}

func testCaseFilter(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	e := NewEntry(srcA, "e1", "Alpha Trading")
	a, b, c := mustOpen(t, s, NewCase("C-1", e, 0.8)), mustOpen(t, s, NewCase("C-2", e, 0.8)), mustOpen(t, s, NewCase("C-3", e, 0.8))
	review := &clearance.Review{Store: s}
	if _, err := review.Confirm(ctx, a.ID, "alice", clearance.ReasonConfirmedMatch, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := review.Escalate(ctx, b.ID, "alice", "lead", "odd"); err != nil {
		t.Fatal(err)
	}
	ids := func(f clearance.CaseFilter) []int64 {
		cs, err := s.Cases(ctx, f)
		if err != nil {
			t.Fatalf("Cases(%+v): %v", f, err)
		}
		out := []int64{}
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	for _, tt := range []struct {
		f    clearance.CaseFilter
		want []int64
	}{
		{clearance.CaseFilter{}, []int64{a.ID, b.ID, c.ID}},
		{clearance.CaseFilter{State: clearance.CaseOpen}, []int64{c.ID}},
		{clearance.CaseFilter{State: clearance.CaseEscalated}, []int64{b.ID}},
		{clearance.CaseFilter{Assignee: "lead"}, []int64{b.ID}},
		{clearance.CaseFilter{CounterpartyID: "C-1"}, []int64{a.ID}},
		{clearance.CaseFilter{State: clearance.CaseCleared}, []int64{}},
	} {
		if diff := cmp.Diff(tt.want, ids(tt.f)); diff != "" {
			t.Errorf("Cases(%+v) (-want +got):\n%s", tt.f, diff)
		}
	}
	all, _ := s.Cases(ctx, clearance.CaseFilter{})
	if len(all[1].Actions) != 2 || all[1].Actions[1].Action != clearance.ActionEscalated {
		t.Errorf("Cases does not return each case's actions: %+v", all[1].Actions)
	}
	counts, err := s.CaseCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[clearance.CaseState]int{}
	for _, c := range all {
		want[c.State]++
	}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("CaseCounts (-from Cases +got):\n%s", diff)
	}
}

// testFindingsAllOrNothing: when one part of a findings record fails,
// nothing of it is recorded.
func testFindingsAllOrNothing(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	d := blockedDecision("PO-404")
	_, err := s.RecordFindings(ctx, &clearance.Findings{
		Cases:     []clearance.Case{NewCase("C-1", NewEntry(srcA, "e1", "Alpha"), 0.8)},
		Decisions: []clearance.OrderDecision{{Decision: d, Why: "test"}},
	})
	wantKind(t, "RecordFindings with a decision on an unknown order", err, clearance.NotFound)
	if cs, _ := s.Cases(ctx, clearance.CaseFilter{}); len(cs) != 0 {
		t.Errorf("a failed RecordFindings opened %d cases", len(cs))
	}
	if evs := events(t, s); len(evs) != 0 {
		t.Errorf("a failed RecordFindings logged events: %v", eventTypes(evs))
	}
	bad := NewCase("C-1", NewEntry(srcA, "e1", "Alpha"), 0.8)
	bad.State = clearance.CaseCleared
	_, err = s.RecordFindings(ctx, &clearance.Findings{Cases: []clearance.Case{bad}})
	wantKind(t, "RecordFindings of a cleared case", err, clearance.Invalid)
}
