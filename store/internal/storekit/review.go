package storekit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/clearancehq/clearance"
)

// ReviewReader reads the tables of review and monitoring, outside a
// transaction.
type ReviewReader interface {
	GateReader
	Querier
}

// ReviewTx is what the writes of review and monitoring need of a store's
// transaction: its statements, and two locks that make writers take turns
// where the contract needs it, also across processes. A store whose write
// transactions exclude every other writer needs neither.
type ReviewTx interface {
	Execer
	// LockEvents keeps every other transaction from appending events until
	// this one ends, so that events become visible in ID order: a reader
	// that has seen an event never misses an earlier one committed later.
	// A transaction appending events takes it before its first write.
	LockEvents(ctx context.Context) error
	// LockCase keeps every other transaction from changing a case until
	// this one ends; what this one reads of the case after is the latest.
	LockCase(ctx context.Context, id int64) error
	// InsertDecision records decision number n on an order (see GateTx).
	InsertDecision(ctx context.Context, d *clearance.Decision, n int, body []byte) error
	// Audit is the audit log in the same transaction.
	Audit() AuditTx
}

// ReviewBackend is a store's side of review and monitoring: write
// transactions and reads outside them.
type ReviewBackend interface {
	WriteReview(ctx context.Context, what string, f func(tx ReviewTx) error) error
	ReviewReader() ReviewReader
}

// Review implements clearance.ReviewStore's own methods (the counterparty
// registry, cases, shipments, monitoring, events and options) over a
// store's backend; a store embeds it next to Gate. What is stored, checked
// and refused, and the statements that do it, are written here once for
// every dialect; a backend runs them and takes its locks.
type Review struct{ R ReviewBackend }

// InsertEvents appends events to the log in tx and returns them with their
// IDs. The caller has taken tx.LockEvents.
func InsertEvents(ctx context.Context, tx ReviewTx, events []clearance.Event) ([]clearance.Event, error) {
	out := make([]clearance.Event, len(events))
	for i, e := range events {
		if e.Type == "" || e.At.IsZero() {
			return nil, clearance.Errorf(clearance.Invalid, "record event: an event needs a type and a time (%+v)", e)
		}
		e.ID = 0
		e.At = e.At.UTC().Truncate(time.Microsecond)
		body, err := json.Marshal(&e)
		if err != nil {
			return nil, Wrap(clearance.Internal, err, "record event %s", e.Type)
		}
		e.ID, err = insert(ctx, tx, "record event "+string(e.Type), `INSERT INTO events (type, at, body) VALUES ($1, $2, $3) RETURNING id`,
			string(e.Type), tx.Time(e.At), string(body))
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// decode unmarshals a stored body; what names it in the error.
func decode[T any](body []byte, what string) (T, error) {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		return v, Wrap(clearance.Internal, err, "decode %s", what)
	}
	return v, nil
}

// mustMarshal marshals plain data, which cannot fail.
func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("storekit: marshal: " + err.Error())
	}
	return b
}
