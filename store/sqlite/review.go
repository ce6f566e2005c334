package sqlite

import (
	"context"
	"database/sql"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// The store keeps everything review and monitoring need.
var _ clearance.ReviewStore = (*Store)(nil)

// reviewBackend gives the shared review layer (storekit.Review) SQLite's
// write transactions. A write transaction is the database's only writer,
// in any process, so it needs no lock of its own: a case read for an
// update stays as read until the update commits, and events are numbered
// and committed in one order.
type reviewBackend struct{ s *Store }

func (b reviewBackend) WriteReview(ctx context.Context, what string, f func(storekit.ReviewTx) error) error {
	return b.s.write(ctx, what, func(tx *sql.Tx) error { return f(reviewTx{newExecer(tx), gateTx{tx}}) })
}

func (b reviewBackend) ReviewReader() storekit.ReviewReader {
	return reviewQ{gateQ{b.s.db}, dialect{b.s.db}}
}

// reviewQ reads the review tables through a *sql.DB.
type reviewQ struct {
	gateQ
	dialect
}

// reviewTx writes the review tables in a write transaction.
type reviewTx struct {
	execer
	gateTx
}

func (reviewTx) LockEvents(context.Context) error { return nil }

func (reviewTx) LockCase(context.Context, int64) error { return nil }
