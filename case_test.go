package clearance

import (
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func openCase(score float64) *Case {
	return &Case{ID: 7, State: CaseOpen, CounterpartyID: "C-1", EntryID: "e1", Score: score,
		Actions: []CaseAction{{At: day, By: SystemActor, Action: ActionOpened}}}
}

// TestCaseStateMachine walks each path of the state machine and each
// refusal, checking the state, the pending clearance and the history.
func TestCaseStateMachine(t *testing.T) {
	type step struct {
		do      func(c *Case) error
		kind    ErrorKind // 0 (Internal) with ok
		ok      bool
		state   CaseState
		pending bool
	}
	clear := func(by string, r ReasonCode) func(*Case) error {
		return func(c *Case) error { return c.Clear(by, r, "checked", day, DefaultApprovalThreshold) }
	}
	confirm := func(by string, r ReasonCode) func(*Case) error {
		return func(c *Case) error { return c.Confirm(by, r, "", day) }
	}
	approve := func(by string) func(*Case) error { return func(c *Case) error { return c.Approve(by, "", day) } }
	tests := []struct {
		name  string
		score float64
		steps []step
	}{
		{"low score clears at once", 0.75, []step{{do: clear("alice", ReasonNameOnly), ok: true, state: CaseCleared}}},
		{"high score waits for a second approver", 0.95, []step{
			{do: clear("alice", ReasonDifferentCountry), ok: true, state: CaseOpen, pending: true},
			{do: approve("alice"), kind: Forbidden, state: CaseOpen, pending: true},
			{do: approve("ALICE"), kind: Forbidden, state: CaseOpen, pending: true},
			{do: approve("key:alice"), kind: Forbidden, state: CaseOpen, pending: true},
			{do: clear("bob", ReasonNameOnly), kind: Conflict, state: CaseOpen, pending: true},
			{do: approve("bob"), ok: true, state: CaseCleared},
			{do: approve("carol"), kind: Conflict, state: CaseCleared},
		}},
		{"at the threshold needs approval too", DefaultApprovalThreshold, []step{
			{do: clear("alice", ReasonDifferentDOB), ok: true, state: CaseOpen, pending: true}}},
		{"confirming overrides a pending clearance", 0.99, []step{
			{do: clear("alice", ReasonNameOnly), ok: true, state: CaseOpen, pending: true},
			{do: confirm("bob", ReasonConfirmedMatch), ok: true, state: CaseConfirmed},
		}},
		{"approve with nothing pending", 0.99, []step{{do: approve("bob"), kind: Conflict, state: CaseOpen}}},
		{"reason of the wrong kind", 0.8, []step{
			{do: clear("alice", ReasonConfirmedMatch), kind: Invalid, state: CaseOpen},
			{do: confirm("alice", ReasonDifferentDOB), kind: Invalid, state: CaseOpen},
			{do: clear("alice", "because"), kind: Invalid, state: CaseOpen},
			{do: clear("alice", ""), kind: Invalid, state: CaseOpen},
		}},
		{"no user", 0.8, []step{{do: clear(" ", ReasonNameOnly), kind: Invalid, state: CaseOpen}}},
		{"escalate then clear", 0.8, []step{
			{do: func(c *Case) error { return c.Escalate("alice", "lead", "unsure", day) }, ok: true, state: CaseEscalated},
			{do: func(c *Case) error { return c.Assign("lead", "carol", day) }, ok: true, state: CaseEscalated},
			{do: clear("carol", ReasonDifferentEntityType), ok: true, state: CaseCleared},
			{do: func(c *Case) error { return c.Escalate("alice", "", "", day) }, kind: Conflict, state: CaseCleared},
			{do: func(c *Case) error { return c.Assign("alice", "bob", day) }, kind: Conflict, state: CaseCleared},
		}},
		{"confirmed is final", 0.8, []step{
			{do: confirm("alice", ReasonConfirmedIdentifier), ok: true, state: CaseConfirmed},
			{do: clear("bob", ReasonNameOnly), kind: Conflict, state: CaseConfirmed},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := openCase(tt.score)
			for i, s := range tt.steps {
				before := len(c.Actions)
				err := s.do(c)
				switch {
				case s.ok && err != nil:
					t.Fatalf("step %d: %v", i, err)
				case !s.ok && err == nil:
					t.Fatalf("step %d succeeded, want a %v error", i, s.kind)
				case !s.ok && KindOf(err) != s.kind:
					t.Fatalf("step %d: %v (kind %v), want kind %v", i, err, KindOf(err), s.kind)
				case !s.ok && len(c.Actions) != before:
					t.Fatalf("step %d failed but recorded an action", i)
				case s.ok && len(c.Actions) != before+1:
					t.Fatalf("step %d recorded %d actions, want 1", i, len(c.Actions)-before)
				}
				if c.State != s.state || (c.Pending != nil) != s.pending {
					t.Fatalf("after step %d: state %s, pending %v; want %s, %v", i, c.State, c.Pending != nil, s.state, s.pending)
				}
			}
		})
	}
}

func TestCaseApprovalRecord(t *testing.T) {
	c := openCase(0.97)
	if err := c.Clear("alice", ReasonDifferentCountry, "customer is in Peru", day, 0.9); err != nil {
		t.Fatal(err)
	}
	if got := c.Status(); got != "open, awaiting second approval" {
		t.Errorf("Status() = %q", got)
	}
	later := day.Add(time.Hour)
	if err := c.Approve("bob", "agreed", later); err != nil {
		t.Fatal(err)
	}
	r := c.Resolution
	if r == nil || r.By != "alice" || r.ApprovedBy != "bob" || !r.ApprovedAt.Equal(later) || r.Reason != ReasonDifferentCountry || r.Comment != "customer is in Peru" {
		t.Errorf("Resolution = %+v", r)
	}
	var kinds []string
	for _, a := range c.Actions {
		kinds = append(kinds, string(a.Action))
	}
	if got := strings.Join(kinds, ","); got != "opened,clearance_proposed,approved" {
		t.Errorf("actions = %s", got)
	}
	err := c.Clear("carol", ReasonNameOnly, "", day, 0.9)
	if err == nil || !strings.Contains(err.Error(), "was cleared by alice") {
		t.Errorf("clearing a cleared case: %v", err)
	}
}

func TestReasonsVocabulary(t *testing.T) {
	seen := map[ReasonCode]bool{}
	for _, r := range Reasons {
		if seen[r.Code] || r.Meaning == "" || (r.Resolves != CaseCleared && r.Resolves != CaseConfirmed) {
			t.Errorf("reason %+v is a duplicate, unexplained or resolves to no final state", r)
		}
		seen[r.Code] = true
	}
	for _, code := range []ReasonCode{ReasonDifferentDOB, ReasonDifferentCountry, ReasonDifferentEntityType, ReasonNameOnly, ReasonConfirmedMatch} {
		if !seen[code] {
			t.Errorf("reason %s is missing from Reasons", code)
		}
	}
}
