package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/clearancehq/clearance"
)

// The store keeps everything review and monitoring need.
var _ clearance.ReviewStore = (*Store)(nil)

// RecordFindings opens cases, records decisions, marks counterparties
// screened and saves a run's progress, in one transaction.
func (s *Store) RecordFindings(ctx context.Context, f *clearance.Findings) (*clearance.Recorded, error) {
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
	err := s.write(ctx, "record findings", func(tx *sql.Tx) error {
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
		if err := markScreened(ctx, tx, f.Screened); err != nil {
			return err
		}
		if f.Progress != nil {
			f.Progress.Stats.CasesOpened += len(rec.Cases)
			f.Progress.Stats.OrdersMoved += len(rec.Decisions)
			return saveProgress(ctx, tx, f.Progress)
		}
		return nil
	})
	if err != nil {
		if f.Progress != nil { // the counts were not saved after all
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
func openCase(ctx context.Context, tx *sql.Tx, c clearance.Case, rec *clearance.Recorded) error {
	var latest sql.NullInt64
	var state sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, state FROM cases WHERE id = (SELECT MAX(id) FROM cases WHERE `+keyWhere+`)`,
		keyArgs(c.Key())...).Scan(&latest, &state)
	if err != nil && !errNoRows(err) {
		return wrap(clearance.Internal, err, "open case on %s", c.EntryID)
	}
	if latest.Int64 != c.Trigger.Previous || clearance.CaseState(state.String).Active() {
		return nil
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO cases (state, counterparty_id, order_id, party_index, dataset, entry_id, assignee, opened_at, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(c.State), c.CounterpartyID, c.OrderID, c.PartyIndex, string(c.Dataset), c.EntryID, c.Assignee,
		c.OpenedAt.UTC().Format(timeLayout), caseBody(&c)).Scan(&c.ID)
	if err != nil {
		return wrap(clearance.Internal, err, "open case on %s", c.EntryID)
	}
	if err := insertActions(ctx, tx, c.ID, 0, c.Actions); err != nil {
		return err
	}
	events := make([]clearance.Event, len(c.Actions))
	for i, a := range c.Actions {
		events[i] = clearance.CaseEvent(&c, a)
	}
	recorded, err := insertEvents(ctx, tx, events)
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
func recordDecision(ctx context.Context, tx *sql.Tx, od *clearance.OrderDecision, rec *clearance.Recorded) error {
	d := od.Decision
	var number int
	var outcome string
	var shipped int
	err := tx.QueryRowContext(ctx, `SELECT d.number, d.outcome, EXISTS (SELECT 1 FROM order_shipments WHERE order_id = d.order_id)
		FROM decisions d WHERE d.order_id = ? ORDER BY d.number DESC LIMIT 1`, d.OrderID).Scan(&number, &outcome, &shipped)
	if errNoRows(err) {
		return clearance.Errorf(clearance.NotFound, "record decision: no order %s was submitted", d.OrderID)
	}
	if err != nil {
		return wrap(clearance.Internal, err, "record decision on order %s", d.OrderID)
	}
	from := clearance.Outcome(outcome)
	if shipped == 1 || d.Outcome.Severity() <= from.Severity() {
		return nil
	}
	d.Recorded = true
	body, err := json.Marshal(&d)
	if err == nil {
		_, err = tx.ExecContext(ctx, `INSERT INTO decisions (order_id, number, outcome, body, decided_at) VALUES (?, ?, ?, ?, ?)`,
			d.OrderID, number+1, string(d.Outcome), string(body), d.DecidedAt.UTC().Format(timeLayout))
	}
	if err != nil {
		return wrap(clearance.Internal, err, "record decision on order %s", d.OrderID)
	}
	recorded, err := insertEvents(ctx, tx, []clearance.Event{clearance.DecisionEvent(from, &d, od.Why)})
	if err != nil {
		return err
	}
	rec.Decisions = append(rec.Decisions, d)
	rec.Events = append(rec.Events, recorded...)
	return nil
}
