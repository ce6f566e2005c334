package storekit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/clearancehq/clearance"
)

// RecordFindings opens cases, records decisions, marks counterparties
// screened and saves a run's progress, in one transaction.
func (r Review) RecordFindings(ctx context.Context, f *clearance.Findings) (*clearance.Recorded, error) {
	for i := range f.Cases {
		if err := checkNewCase(&f.Cases[i]); err != nil {
			return nil, err
		}
	}
	for i := range f.Decisions {
		if err := checkNewDecision(&f.Decisions[i].Decision); err != nil {
			return nil, err
		}
	}
	rec := &clearance.Recorded{Cases: []clearance.Case{}, Decisions: []clearance.Decision{}, Events: []clearance.Event{}}
	counted := false // whether Progress.Stats holds rec's counts
	err := r.R.WriteReview(ctx, "record findings", func(tx ReviewTx) error {
		if err := tx.LockEvents(ctx); err != nil {
			return err
		}
		for i := range f.Cases {
			if err := openCase(ctx, tx, f.Cases[i], rec); err != nil {
				return err
			}
		}
		for i := range f.Decisions {
			if err := recordDecision(ctx, tx, &f.Decisions[i], rec); err != nil {
				return err
			}
		}
		for _, m := range f.Screened {
			if err := markScreened(ctx, tx, m); err != nil {
				return err
			}
		}
		if f.Progress == nil {
			return nil
		}
		f.Progress.Stats.CasesOpened += len(rec.Cases)
		f.Progress.Stats.OrdersMoved += len(rec.Decisions)
		counted = true
		return saveRun(ctx, tx, f.Progress, time.Time{}, "save progress of")
	})
	if err != nil {
		if counted { // the counts were not saved after all
			f.Progress.Stats.CasesOpened -= len(rec.Cases)
			f.Progress.Stats.OrdersMoved -= len(rec.Decisions)
		}
		return nil, err
	}
	return rec, nil
}

func checkNewCase(c *clearance.Case) error {
	switch {
	case c.State != clearance.CaseOpen || c.Resolution != nil || c.Pending != nil:
		return clearance.Errorf(clearance.Invalid, "open case: a new case must be open and unjudged (state %q)", c.State)
	case (c.CounterpartyID == "") == (c.OrderID == ""):
		return clearance.Errorf(clearance.Invalid, "open case: a case is about a counterparty or an order's party, not %q and %q", c.CounterpartyID, c.OrderID)
	case c.EntryID == "" || c.Dataset == "" || c.EntryHash == "" || c.PartyIndex < 0:
		return clearance.Errorf(clearance.Invalid, "open case: entry id, data set and entry hash are required")
	case len(c.Actions) == 0 || c.OpenedAt.IsZero():
		return clearance.Errorf(clearance.Invalid, "open case: a new case records its opening")
	}
	return nil
}

// openCase inserts a case unless its key has an active case or its latest
// case is not the one the new case supersedes.
func openCase(ctx context.Context, tx ReviewTx, c clearance.Case, rec *clearance.Recorded) error {
	what := "open case on " + c.EntryID
	var latest int64
	var state clearance.CaseState
	_, err := queryRow(ctx, tx, what, `SELECT id, state FROM cases WHERE id = (SELECT MAX(id) FROM cases WHERE `+caseKeyWhere+`)`,
		caseKeyArgs(c.Key()), &latest, &state)
	if err != nil {
		return err
	}
	if latest != c.Trigger.Previous || state.Active() {
		return nil
	}
	c.ID, err = insert(ctx, tx, what, `INSERT INTO cases
		(state, counterparty_id, order_id, party_index, dataset, entry_id, assignee, opened_at, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		string(c.State), c.CounterpartyID, c.OrderID, c.PartyIndex, string(c.Dataset), c.EntryID, c.Assignee,
		tx.Time(c.OpenedAt), string(caseBody(&c)))
	if err != nil {
		return err
	}
	if err := insertActions(ctx, tx, c.ID, 0, c.Actions); err != nil {
		return err
	}
	events := make([]clearance.Event, len(c.Actions))
	for i, a := range c.Actions {
		events[i] = clearance.CaseEvent(&c, a)
	}
	recorded, err := InsertEvents(ctx, tx, events)
	if err != nil {
		return err
	}
	rec.Cases = append(rec.Cases, c)
	rec.Events = append(rec.Events, recorded...)
	return nil
}

func checkNewDecision(d *clearance.Decision) error {
	switch {
	case d.OrderID == "":
		return clearance.Errorf(clearance.Invalid, "record decision: no order id")
	case d.Outcome != clearance.Hold && d.Outcome != clearance.Blocked:
		return clearance.Errorf(clearance.Invalid, "record decision on order %s: only hold or blocked may follow a submission, not %q", d.OrderID, d.Outcome)
	case len(d.Draws) > 0:
		return clearance.Errorf(clearance.Invalid, "record decision on order %s: a later decision draws on no licence", d.OrderID)
	case d.DecidedAt.IsZero():
		return clearance.Errorf(clearance.Invalid, "record decision on order %s: no decision time", d.OrderID)
	}
	return nil
}

// recordDecision adds a decision to an open order when it is more severe
// than the order's latest.
func recordDecision(ctx context.Context, tx ReviewTx, od *clearance.OrderDecision, rec *clearance.Recorded) error {
	d := od.Decision
	number, from, shipped, err := latestDecision(ctx, tx, d.OrderID)
	if err != nil {
		return err
	}
	if number == 0 {
		return clearance.Errorf(clearance.NotFound, "record decision: no order %s was submitted", d.OrderID)
	}
	if shipped || d.Outcome.Severity() <= from.Severity() {
		return nil
	}
	d.Recorded = true
	body, err := json.Marshal(&d)
	if err != nil {
		return Wrap(clearance.Internal, err, "record decision on order %s", d.OrderID)
	}
	if err := tx.InsertDecision(ctx, &d, number+1, body); err != nil {
		return err
	}
	recorded, err := InsertEvents(ctx, tx, []clearance.Event{clearance.DecisionEvent(from, &d, od.Why)})
	if err != nil {
		return err
	}
	rec.Decisions = append(rec.Decisions, d)
	rec.Events = append(rec.Events, recorded...)
	return nil
}
