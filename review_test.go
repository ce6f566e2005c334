package clearance_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/storetest"
)

// TestReviewExpectedVersion: an action decided on the version of the case
// that is current goes through; one decided on an older version is refused
// as a conflict naming what changed, and changes nothing.
func TestReviewExpectedVersion(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "clearance.db"))
	rec, err := st.RecordFindings(t.Context(), &clearance.Findings{Cases: []clearance.Case{
		storetest.NewCase("C-1", storetest.NewEntry(clearance.SourceUSCSL, "e1", "Alpha Trading"), 0.95)}})
	if err != nil {
		t.Fatal(err)
	}
	id := rec.Cases[0].ID
	review := &clearance.Review{Store: st}
	c, err := st.Case(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version() != 1 {
		t.Fatalf("a new case is at version %d, want 1", c.Version())
	}
	c, err = review.Act(t.Context(), id, clearance.CaseCommand{Verb: clearance.VerbAssign, By: "lead", To: "alice", ExpectedVersion: 1})
	if err != nil || c.Version() != 2 {
		t.Fatalf("Act(assign at version 1) = version %v, %v; want 2, nil", c.Version(), err)
	}
	_, err = review.Act(t.Context(), id, clearance.CaseCommand{Verb: clearance.VerbClear, By: "bob", Reason: clearance.ReasonNameOnly, ExpectedVersion: 1})
	if clearance.KindOf(err) != clearance.Conflict || !strings.Contains(err.Error(), "changed since version 1") || !strings.Contains(err.Error(), "lead assigned") {
		t.Fatalf("Act(clear at stale version 1) = %v, want a conflict saying what changed", err)
	}
	if c, _ := st.Case(t.Context(), id); c.Version() != 2 || c.Pending != nil {
		t.Errorf("the refused action changed the case: version %d, pending %+v", c.Version(), c.Pending)
	}
	_, err = review.Act(t.Context(), id, clearance.CaseCommand{Verb: clearance.VerbConfirm, By: "bob", Reason: clearance.ReasonConfirmedMatch, ExpectedVersion: 9})
	if clearance.KindOf(err) != clearance.Conflict {
		t.Errorf("Act(at a version ahead) = %v, want a conflict", err)
	}
	_, err = review.Act(t.Context(), id, clearance.CaseCommand{Verb: "reopen", By: "bob"})
	if clearance.KindOf(err) != clearance.Invalid {
		t.Errorf("Act(unknown verb) = %v, want invalid", err)
	}
	b, _ := json.Marshal(c)
	if !strings.Contains(string(b), `"version":2`) {
		t.Errorf("the case's JSON lacks its version: %s", b)
	}
}

// TestReviewConcurrentVersion: of analysts acting at once on the version
// they all read, exactly one succeeds; the others learn the case changed.
func TestReviewConcurrentVersion(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "clearance.db"))
	rec, err := st.RecordFindings(t.Context(), &clearance.Findings{Cases: []clearance.Case{
		storetest.NewCase("C-1", storetest.NewEntry(clearance.SourceUSCSL, "e1", "Alpha Trading"), 0.5)}})
	if err != nil {
		t.Fatal(err)
	}
	review := &clearance.Review{Store: st}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = review.Act(t.Context(), rec.Cases[0].ID, clearance.CaseCommand{Verb: clearance.VerbEscalate,
				By: "analyst", Comment: "look", ExpectedVersion: 1})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case clearance.KindOf(err) != clearance.Conflict:
			t.Errorf("concurrent escalation: %v, want success or a conflict", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d concurrent actions on version 1 succeeded, want 1", ok, n)
	}
}
