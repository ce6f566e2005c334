package clearance

import (
	"context"
	"time"
)

// OrderHistory is a submitted order with every decision on it, first to
// latest (monitoring adds one when a list update stops the order), and its
// shipment, if it shipped.
type OrderHistory struct {
	SubmittedOrder
	Decisions []Decision `json:"decisions"`
	Shipment  *Shipment  `json:"shipment,omitempty"`
}

// LoadOrderHistory reads a submitted order with its history. A store that
// keeps no shipments (not a ShipmentStore) gives the recorded decision
// alone. An unknown order is NotFound.
func LoadOrderHistory(ctx context.Context, st OrderStore, id string) (*OrderHistory, error) {
	rec, err := st.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &OrderHistory{SubmittedOrder: *rec, Decisions: []Decision{rec.Decision}}
	ship, ok := st.(ShipmentStore)
	if !ok {
		return out, nil
	}
	if out.Decisions, err = ship.OrderDecisions(ctx, id); err != nil {
		return nil, err
	}
	sh, err := ship.Shipment(ctx, id)
	switch {
	case err == nil:
		out.Shipment = sh
	case KindOf(err) != NotFound:
		return nil, err
	}
	return out, nil
}

// CheckNotSubmitted fails, with Conflict, when an order of this id was
// submitted already: a caller about to submit learns it before the lists
// are screened. (OrderStore.SubmitOrder refuses a second submission
// anyway.)
func CheckNotSubmitted(ctx context.Context, st OrderStore, id string) error {
	rec, err := st.Order(ctx, id)
	switch {
	case err == nil:
		return Errorf(Conflict, "order %s was already submitted on %s and %s; its decision stands",
			id, rec.SubmittedAt.UTC().Format(time.RFC3339), rec.Decision.Outcome)
	case KindOf(err) == NotFound:
		return nil
	}
	return err
}
