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

// Assign gives a case to a user.
func (r *Review) Assign(ctx context.Context, id int64, by, to string) (*Case, error) {
	return r.update(ctx, id, func(c *Case, at time.Time) error { return c.Assign(by, to, at) })
}

// Escalate passes a case up, to a named user when to is set.
func (r *Review) Escalate(ctx context.Context, id int64, by, to, comment string) (*Case, error) {
	return r.update(ctx, id, func(c *Case, at time.Time) error { return c.Escalate(by, to, comment, at) })
}

// Clear judges a case a false positive; see Case.Clear for four-eyes.
func (r *Review) Clear(ctx context.Context, id int64, by string, reason ReasonCode, comment string) (*Case, error) {
	threshold := r.ApprovalThreshold
	if threshold == 0 {
		threshold = DefaultApprovalThreshold
	}
	return r.update(ctx, id, func(c *Case, at time.Time) error { return c.Clear(by, reason, comment, at, threshold) })
}

// Approve gives a pending clearance its second approval.
func (r *Review) Approve(ctx context.Context, id int64, by, comment string) (*Case, error) {
	return r.update(ctx, id, func(c *Case, at time.Time) error { return c.Approve(by, comment, at) })
}

// Confirm judges a case a true match.
func (r *Review) Confirm(ctx context.Context, id int64, by string, reason ReasonCode, comment string) (*Case, error) {
	return r.update(ctx, id, func(c *Case, at time.Time) error { return c.Confirm(by, reason, comment, at) })
}

// update applies an action inside the store's transaction and returns the
// events of the actions it appended.
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
