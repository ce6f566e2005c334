package postgres

import (
	"context"
	"iter"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance/store/internal/storekit"
)

// dialect runs the statements storekit writes (storekit.Querier) through
// the pool or a transaction: instants as timestamptz, NULL for none.
type dialect struct{ q querier }

func (d dialect) Query(ctx context.Context, what, query string, args ...any) iter.Seq2[storekit.Rows, error] {
	return func(yield func(storekit.Rows, error) bool) {
		rows, err := d.q.Query(ctx, query, args...)
		if err != nil {
			yield(nil, fail(ctx, err, what))
			return
		}
		defer rows.Close()
		storekit.Yield(rows, yield, func() (storekit.Rows, error) { return rows, nil },
			func(err error) error { return fail(ctx, err, what) })
	}
}

func (dialect) Time(t time.Time) any { return nullTime(t) }

func (dialect) Instant() (any, func() (time.Time, error)) {
	p := new(*time.Time)
	return p, func() (time.Time, error) { return utc(*p), nil }
}

// execer is a dialect in a transaction.
type execer struct {
	dialect
	tx pgx.Tx
}

func newExecer(tx pgx.Tx) execer { return execer{dialect{tx}, tx} }

func (e execer) Exec(ctx context.Context, what, query string, args ...any) (int64, error) {
	tag, err := e.tx.Exec(ctx, query, args...)
	if err != nil {
		return 0, fail(ctx, err, what)
	}
	return tag.RowsAffected(), nil
}

// fail wraps a database error naming what; a unique violation wraps
// storekit.ErrDuplicate.
func fail(ctx context.Context, err error, what string) error {
	if pgCode(err) == uniqueViolation {
		return storekit.Duplicate(what, err)
	}
	return wrap(kindOf(ctx, err), err, "%s", what)
}
