package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// The store keeps everything review and monitoring need.
var _ clearance.ReviewStore = (*Store)(nil)

// reviewBackend gives the shared review layer (storekit.Review) PostgreSQL
// transactions at READ COMMITTED, and the two locks that make writers, in
// any process, take turns where the contract needs it:
//   - LockCase reads the case's row with SELECT ... FOR UPDATE, so a second
//     update of the case waits, then reads the first one's result;
//   - LockEvents takes the store's events lock (a transaction-scoped
//     advisory lock), which every transaction appending events takes
//     before its first write, so events commit in ID order: a webhook
//     cursor, or a reader of the events after one, never passes an event
//     that commits later. The checks RecordFindings and ShipOrder make (a
//     key's latest case, an order's latest decision and shipment) hold,
//     under it, until they commit.
//
// Only UpdateCase holds a lock (its case's row) when it asks for the
// events lock, and no holder of the events lock waits for an existing
// case's row, so the two never deadlock. UpdateCase then appends its audit
// records, locking the audit chain's head last, as every appender does.
type reviewBackend struct{ s *Store }

func (b reviewBackend) WriteReview(ctx context.Context, what string, f func(storekit.ReviewTx) error) error {
	return b.s.inTx(ctx, what, func(tx pgx.Tx) error {
		return f(reviewTx{newExecer(tx), gateTx{tx}, b.s.eventsLock})
	})
}

func (b reviewBackend) ReviewReader() storekit.ReviewReader {
	return reviewQ{gateQ{b.s.pool}, dialect{b.s.pool}}
}

// reviewQ reads the review tables through the pool.
type reviewQ struct {
	gateQ
	dialect
}

// reviewTx writes the review tables in a transaction.
type reviewTx struct {
	execer
	gateTx
	eventsLock int64 // the advisory lock key of this store's events
}

func (t reviewTx) LockEvents(ctx context.Context) error {
	_, err := t.Exec(ctx, "wait for other writers of events", `SELECT pg_advisory_xact_lock($1)`, t.eventsLock)
	return err
}

func (t reviewTx) LockCase(ctx context.Context, id int64) error {
	_, err := t.Exec(ctx, "lock the case", `SELECT id FROM cases WHERE id = $1 FOR UPDATE`, id)
	return err
}
