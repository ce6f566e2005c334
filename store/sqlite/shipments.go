package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.ShipmentStore = (*Store)(nil)

// OpenOrders lists the orders not shipped, oldest submission first.
func (s *Store) OpenOrders(ctx context.Context) ([]clearance.SubmittedOrder, error) {
	all, err := s.Orders(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT order_id FROM order_shipments`)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "read shipments")
	}
	defer rows.Close()
	shipped := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(clearance.Internal, err, "read shipments")
		}
		shipped[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(clearance.Internal, err, "read shipments")
	}
	open := all[:0]
	for _, o := range all {
		if !shipped[o.Order.ID] {
			open = append(open, o)
		}
	}
	return open, nil
}

// ShipOrder records that an order shipped.
func (s *Store) ShipOrder(ctx context.Context, id, by string) (*clearance.Shipment, error) {
	sh := &clearance.Shipment{OrderID: id, By: by, At: now()}
	err := s.write(ctx, "ship order "+id, func(tx *sql.Tx) error {
		var outcome string
		var shipped int
		err := tx.QueryRowContext(ctx, `SELECT d.outcome, EXISTS (SELECT 1 FROM order_shipments WHERE order_id = d.order_id)
			FROM decisions d WHERE d.order_id = ? ORDER BY d.number DESC LIMIT 1`, id).Scan(&outcome, &shipped)
		switch {
		case errNoRows(err):
			return clearance.Errorf(clearance.NotFound, "no order %s was submitted", id)
		case err != nil:
			return wrap(clearance.Internal, err, "ship order %s", id)
		case shipped == 1:
			return clearance.Errorf(clearance.Conflict, "order %s has already shipped", id)
		case outcome == string(clearance.Hold) || outcome == string(clearance.Blocked):
			return clearance.Errorf(clearance.Conflict, "order %s is %s: it cannot ship", id, outcome)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO order_shipments (order_id, shipped_by, shipped_at) VALUES (?, ?, ?)`,
			id, by, sh.At.Format(timeLayout))
		if err != nil {
			return wrap(clearance.Internal, err, "ship order %s", id)
		}
		_, err = insertEvents(ctx, tx, []clearance.Event{{Type: clearance.EventOrderShipped, At: sh.At, Actor: by, OrderID: id,
			Message: fmt.Sprintf("Order %s shipped (%s), recorded by %s", id, outcome, by)}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return sh, nil
}

// Shipment returns an order's shipment.
func (s *Store) Shipment(ctx context.Context, id string) (*clearance.Shipment, error) {
	sh := &clearance.Shipment{OrderID: id}
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT shipped_by, shipped_at FROM order_shipments WHERE order_id = ?`, id).Scan(&sh.By, &at)
	if errNoRows(err) {
		return nil, clearance.Errorf(clearance.NotFound, "order %s has not shipped", id)
	}
	if err == nil {
		sh.At, err = time.Parse(timeLayout, at)
	}
	if err != nil {
		return nil, wrap(clearance.Internal, err, "read shipment of order %s", id)
	}
	return sh, nil
}

// OrderDecisions lists an order's decisions, first to latest.
func (s *Store) OrderDecisions(ctx context.Context, id string) ([]clearance.Decision, error) {
	var out []clearance.Decision
	err := queryEach(ctx, s.db, "read decisions of order "+id, `SELECT body FROM decisions WHERE order_id = ? ORDER BY number`,
		[]any{id}, func(rows *sql.Rows) error {
			var body string
			var d clearance.Decision
			if err := rows.Scan(&body); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(body), &d); err != nil {
				return err
			}
			out = append(out, d)
			return nil
		})
	if err == nil && len(out) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no order %s was submitted", id)
	}
	return out, err
}

func now() time.Time { return storekit.Now() }

func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
