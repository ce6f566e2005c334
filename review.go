package clearance

import (
	"context"
	"time"
)

// Review applies analysts' actions to cases: each action goes through the
// case's state machine (Case.Assign, Escalate, Clear, Approve, Confirm) and
// is stored with its event in one transaction.
type Review struct {
	Store CaseStore
	// ApprovalThreshold is the score from which clearing a case needs a
	// second approver; DefaultApprovalThreshold when zero.
	ApprovalThreshold float64
	Now               func() time.Time
}

// CaseVerb names what an analyst asks of a case.
type CaseVerb string

// The verbs, one per action of the state machine.
const (
	VerbAssign   CaseVerb = "assign"
	VerbEscalate CaseVerb = "escalate"
	VerbClear    CaseVerb = "clear"
	VerbConfirm  CaseVerb = "confirm"
	VerbApprove  CaseVerb = "approve"
)

// CaseVerbs lists the verbs.
var CaseVerbs = []CaseVerb{VerbAssign, VerbEscalate, VerbClear, VerbConfirm, VerbApprove}

// Permission is what a key needs to take the action: approving a
// clearance is the approver's, the rest the analyst's.
func (v CaseVerb) Permission() Permission {
	if v == VerbApprove {
		return PermCasesApprove
	}
	return PermCasesAct
}

// CaseCommand is one action asked of a case: what, by whom, with what
// reason and comment, and on which version of the case it was decided.
type CaseCommand struct {
	Verb    CaseVerb
	By      string
	To      string     // assign: required; escalate: optional
	Reason  ReasonCode // clear, confirm
	Comment string     // escalate, clear, confirm, approve
	// ExpectedVersion, when not zero, is the case's Version the actor
	// decided on. If the case changed since (another analyst acted), the
	// action is refused with a Conflict error and nothing changes: the
	// actor must read the case again.
	ExpectedVersion int
}

// Act applies a command to case id inside the store's transaction and
// returns the case as it now stands.
func (r *Review) Act(ctx context.Context, id int64, cmd CaseCommand) (*Case, error) {
	var act func(c *Case, at time.Time) error
	switch cmd.Verb {
	case VerbAssign:
		act = func(c *Case, at time.Time) error { return c.Assign(cmd.By, cmd.To, at) }
	case VerbEscalate:
		act = func(c *Case, at time.Time) error { return c.Escalate(cmd.By, cmd.To, cmd.Comment, at) }
	case VerbClear:
		threshold := r.ApprovalThreshold
		if threshold == 0 {
			threshold = DefaultApprovalThreshold
		}
		act = func(c *Case, at time.Time) error { return c.Clear(cmd.By, cmd.Reason, cmd.Comment, at, threshold) }
	case VerbConfirm:
		act = func(c *Case, at time.Time) error { return c.Confirm(cmd.By, cmd.Reason, cmd.Comment, at) }
	case VerbApprove:
		act = func(c *Case, at time.Time) error { return c.Approve(cmd.By, cmd.Comment, at) }
	default:
		return nil, Errorf(Invalid, "case %d: unknown action %q (want assign, escalate, clear, confirm or approve)", id, cmd.Verb)
	}
	if cmd.ExpectedVersion < 0 {
		return nil, Errorf(Invalid, "case %d: expected version %d: want a positive number", id, cmd.ExpectedVersion)
	}
	return r.update(ctx, id, func(c *Case, at time.Time) error {
		if err := checkVersion(c, cmd); err != nil {
			return err
		}
		return act(c, at)
	})
}

// checkVersion refuses a command decided on another version of the case.
func checkVersion(c *Case, cmd CaseCommand) error {
	if cmd.ExpectedVersion == 0 || cmd.ExpectedVersion == c.Version() {
		return nil
	}
	if cmd.ExpectedVersion > c.Version() {
		return Errorf(Conflict, "case %d is at version %d, not %d: read it again before you %s it", c.ID, c.Version(), cmd.ExpectedVersion, cmd.Verb)
	}
	last := c.Actions[len(c.Actions)-1]
	return Errorf(Conflict, "case %d changed since version %d: it is at version %d, %s after %s %s it at %s; read it again before you %s it",
		c.ID, cmd.ExpectedVersion, c.Version(), c.Status(), last.By, last.Action, last.At.UTC().Format(time.RFC3339), cmd.Verb)
}

// Assign gives a case to a user.
func (r *Review) Assign(ctx context.Context, id int64, by, to string) (*Case, error) {
	return r.Act(ctx, id, CaseCommand{Verb: VerbAssign, By: by, To: to})
}

// Escalate passes a case up, to a named user when to is set.
func (r *Review) Escalate(ctx context.Context, id int64, by, to, comment string) (*Case, error) {
	return r.Act(ctx, id, CaseCommand{Verb: VerbEscalate, By: by, To: to, Comment: comment})
}

// Clear judges a case a false positive; see Case.Clear for four-eyes.
func (r *Review) Clear(ctx context.Context, id int64, by string, reason ReasonCode, comment string) (*Case, error) {
	return r.Act(ctx, id, CaseCommand{Verb: VerbClear, By: by, Reason: reason, Comment: comment})
}

// Approve gives a pending clearance its second approval.
func (r *Review) Approve(ctx context.Context, id int64, by, comment string) (*Case, error) {
	return r.Act(ctx, id, CaseCommand{Verb: VerbApprove, By: by, Comment: comment})
}

// Confirm judges a case a true match.
func (r *Review) Confirm(ctx context.Context, id int64, by string, reason ReasonCode, comment string) (*Case, error) {
	return r.Act(ctx, id, CaseCommand{Verb: VerbConfirm, By: by, Reason: reason, Comment: comment})
}

// update applies an action inside the store's transaction and returns the
// events of the actions it appended. A store that is also an AuditLog
// records each action in the audit log in the same transaction (see
// CaseStore).
func (r *Review) update(ctx context.Context, id int64, act func(*Case, time.Time) error) (*Case, error) {
	return r.Store.UpdateCase(ctx, id, func(c *Case) ([]Event, error) {
		n := len(c.Actions)
		if err := act(c, now(r.Now)); err != nil {
			return nil, err
		}
		events := make([]Event, 0, len(c.Actions)-n)
		for _, a := range c.Actions[n:] {
			events = append(events, CaseEvent(c, a))
		}
		return events, nil
	})
}
