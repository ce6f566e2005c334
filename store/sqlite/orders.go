package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearancehq/clearance"
)

// SubmitOrder records an order and its decision and draws the decision's
// Draws from the licence lines, in one transaction. Each draw is an UPDATE
// guarded by the line's remaining balance, under the write lock, so two
// submissions can never both spend one balance: the loser gets a Conflict
// wrapping clearance.ErrBalanceChanged and nothing of it is recorded.
func (s *Store) SubmitOrder(ctx context.Context, o *clearance.Order, d *clearance.Decision) (*clearance.SubmittedOrder, error) {
	if err := checkSubmission(o, d); err != nil {
		return nil, err
	}
	rec := &clearance.SubmittedOrder{Order: *o, Decision: *d, SubmittedAt: now()}
	rec.Decision.Recorded = true
	orderBody, err := json.Marshal(&rec.Order)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "submit order %s", o.ID)
	}
	decisionBody, err := json.Marshal(&rec.Decision)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "submit order %s", o.ID)
	}
	what := "submit order " + o.ID
	err = s.write(ctx, what, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO orders (id, order_date, body, submitted_at) VALUES (?, ?, ?, ?)`,
			o.ID, o.Date, string(orderBody), rec.SubmittedAt.Format(timeLayout))
		if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
			return clearance.Errorf(clearance.Conflict, "order %s was already submitted", o.ID)
		}
		if err != nil {
			return wrap(clearance.Internal, err, "%s", what)
		}
		for _, dr := range d.Draws {
			if err := drawLine(ctx, tx, dr); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO decisions (order_id, number, outcome, body, decided_at) VALUES (?, 1, ?, ?, ?)`,
			o.ID, d.Outcome, string(decisionBody), d.DecidedAt.UTC().Format(timeLayout))
		if err != nil {
			return wrap(clearance.Internal, err, "%s: record decision", what)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// drawLine takes a draw from its licence line, if the line still holds it,
// and records the draw.
func drawLine(ctx context.Context, tx *sql.Tx, dr clearance.Draw) error {
	res, err := tx.ExecContext(ctx, `UPDATE licence_lines
		SET quantity_used = quantity_used + ?1, value_used = value_used + ?2
		WHERE licence = ?3 AND line = ?4
		  AND (quantity_limit IS NULL OR quantity_used + ?1 <= quantity_limit)
		  AND (value_limit IS NULL OR value_used + ?2 <= value_limit)`,
		int64(dr.Quantity), int64(dr.Value), dr.Licence, dr.Line)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err != nil {
		return wrap(clearance.Internal, err, "draw on licence %s line %d", dr.Licence, dr.Line)
	}
	if n == 0 {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM licence_lines WHERE licence = ? AND line = ?`, dr.Licence, dr.Line).Scan(&one)
		if errNoRows(err) {
			return clearance.Errorf(clearance.Invalid, "order %s draws on licence %s line %d, which is not recorded", dr.Order, dr.Licence, dr.Line)
		}
		return &clearance.Error{Kind: clearance.Conflict, Err: clearance.ErrBalanceChanged,
			Message: fmt.Sprintf("order %s: licence %s line %d no longer holds %s units and $%s", dr.Order, dr.Licence, dr.Line, dr.Quantity, dr.Value)}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO licence_draws (order_id, item, licence, line, quantity, value) VALUES (?, ?, ?, ?, ?, ?)`,
		dr.Order, dr.Item, dr.Licence, dr.Line, int64(dr.Quantity), int64(dr.Value))
	if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
		return clearance.Errorf(clearance.Invalid, "order %s draws twice for item %d", dr.Order, dr.Item)
	}
	if err != nil {
		return wrap(clearance.Internal, err, "record draw of order %s", dr.Order)
	}
	return nil
}

// checkSubmission refuses what no store may record.
func checkSubmission(o *clearance.Order, d *clearance.Decision) error {
	if err := o.Validate(); err != nil {
		return err
	}
	switch {
	case d.OrderID != o.ID:
		return clearance.Errorf(clearance.Invalid, "submit order %s: the decision is for order %q", o.ID, d.OrderID)
	case !d.Outcome.Valid():
		return clearance.Errorf(clearance.Invalid, "submit order %s: unknown decision %q", o.ID, d.Outcome)
	case len(d.Draws) > 0 && d.Outcome != clearance.Released:
		return clearance.Errorf(clearance.Invalid, "submit order %s: a %s order draws on no licence", o.ID, d.Outcome)
	}
	for _, dr := range d.Draws {
		if dr.Order != o.ID || dr.Item < 0 || dr.Item >= len(o.Items) || dr.Line < 0 || dr.Quantity < 0 || dr.Value < 0 {
			return clearance.Errorf(clearance.Invalid, "submit order %s: invalid draw %+v", o.ID, dr)
		}
	}
	return nil
}

const orderQuery = `SELECT o.body, o.submitted_at, d.body FROM orders o
	JOIN decisions d ON d.order_id = o.id
	  AND d.number = (SELECT MAX(number) FROM decisions WHERE order_id = o.id)`

// Order returns a submitted order with its latest decision.
func (s *Store) Order(ctx context.Context, id string) (*clearance.SubmittedOrder, error) {
	out, err := s.queryOrders(ctx, orderQuery+` WHERE o.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no order %s was submitted", id)
	}
	return &out[0], nil
}

// Orders returns every submitted order with its latest decision, oldest
// submission first.
func (s *Store) Orders(ctx context.Context) ([]clearance.SubmittedOrder, error) {
	return s.queryOrders(ctx, orderQuery+` ORDER BY o.submitted_at, o.rowid`)
}

func (s *Store) queryOrders(ctx context.Context, query string, args ...any) ([]clearance.SubmittedOrder, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "read orders")
	}
	defer rows.Close()
	var out []clearance.SubmittedOrder
	for rows.Next() {
		var orderBody, at, decisionBody string
		var rec clearance.SubmittedOrder
		err := rows.Scan(&orderBody, &at, &decisionBody)
		if err == nil {
			err = json.Unmarshal([]byte(orderBody), &rec.Order)
		}
		if err == nil {
			err = json.Unmarshal([]byte(decisionBody), &rec.Decision)
		}
		if err == nil {
			rec.SubmittedAt, err = time.Parse(timeLayout, at)
		}
		if err != nil {
			return nil, wrap(clearance.Internal, err, "read orders")
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(clearance.Internal, err, "read orders")
	}
	return out, nil
}
