package storekit

import (
	"context"
	"fmt"

	"github.com/clearancehq/clearance"
)

// OpenOrders lists the orders not shipped, oldest submission first.
func (r Review) OpenOrders(ctx context.Context) ([]clearance.SubmittedOrder, error) {
	rd := r.R.ReviewReader()
	all, err := readOrders(ctx, rd, "")
	if err != nil {
		return nil, err
	}
	shipped := map[string]bool{}
	err = each(ctx, rd, "read shipments", `SELECT order_id FROM order_shipments`, nil, func(rows Rows) error {
		var id string
		err := rows.Scan(&id)
		shipped[id] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	open := all[:0]
	for _, o := range all {
		if !shipped[o.Order.ID] {
			open = append(open, o)
		}
	}
	return open, nil
}

// ShipOrder records that an order shipped, with its order.shipped event.
func (r Review) ShipOrder(ctx context.Context, id, by string) (*clearance.Shipment, error) {
	sh := &clearance.Shipment{OrderID: id, By: by, At: Now()}
	err := r.R.WriteReview(ctx, "ship order "+id, func(tx ReviewTx) error {
		if err := tx.LockEvents(ctx); err != nil {
			return err
		}
		number, outcome, shipped, err := latestDecision(ctx, tx, id)
		switch {
		case err != nil:
			return err
		case number == 0:
			return clearance.Errorf(clearance.NotFound, "no order %s was submitted", id)
		case shipped:
			return clearance.Errorf(clearance.Conflict, "order %s has already shipped", id)
		case outcome == clearance.Hold || outcome == clearance.Blocked:
			return clearance.Errorf(clearance.Conflict, "order %s is %s: it cannot ship", id, outcome)
		}
		_, err = tx.Exec(ctx, "ship order "+id, `INSERT INTO order_shipments (order_id, shipped_by, shipped_at) VALUES ($1, $2, $3)`,
			id, by, tx.Time(sh.At))
		if err != nil {
			return err
		}
		_, err = InsertEvents(ctx, tx, []clearance.Event{{Type: clearance.EventOrderShipped, At: sh.At, Actor: by, OrderID: id,
			Message: fmt.Sprintf("Order %s shipped (%s), recorded by %s", id, outcome, by)}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return sh, nil
}

// Shipment returns an order's shipment.
func (r Review) Shipment(ctx context.Context, id string) (*clearance.Shipment, error) {
	rd := r.R.ReviewReader()
	sh := &clearance.Shipment{OrderID: id}
	at, read := instants(rd, &sh.At)
	what := "read shipment of order " + id
	found, err := queryRow(ctx, rd, what, `SELECT shipped_by, shipped_at FROM order_shipments WHERE order_id = $1`, []any{id}, &sh.By, at[0])
	switch {
	case err != nil:
		return nil, err
	case !found:
		return nil, clearance.Errorf(clearance.NotFound, "order %s has not shipped", id)
	}
	if err := read(); err != nil {
		return nil, Wrap(clearance.Internal, err, "%s", what)
	}
	return sh, nil
}

// OrderDecisions lists an order's decisions, first to latest.
func (r Review) OrderDecisions(ctx context.Context, id string) ([]clearance.Decision, error) {
	rows, err := bodies(ctx, r.R.ReviewReader(), "read decisions of order "+id,
		`SELECT number, body FROM decisions WHERE order_id = $1 ORDER BY number`, id)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no order %s was submitted", id)
	}
	out := make([]clearance.Decision, 0, len(rows))
	for _, row := range rows {
		d, err := decode[clearance.Decision](row.Body, fmt.Sprintf("decision %d of order %s", row.ID, id))
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// latestDecision reads the number and outcome of an order's latest
// decision, and whether the order shipped; number 0 when no such order was
// submitted.
func latestDecision(ctx context.Context, q Querier, order string) (int, clearance.Outcome, bool, error) {
	var number int
	var outcome clearance.Outcome
	var shipped bool
	_, err := queryRow(ctx, q, "read the latest decision on order "+order,
		`SELECT d.number, d.outcome, EXISTS (SELECT 1 FROM order_shipments WHERE order_id = d.order_id)
		FROM decisions d WHERE d.order_id = $1 ORDER BY d.number DESC LIMIT 1`, []any{order}, &number, &outcome, &shipped)
	return number, outcome, shipped, err
}
