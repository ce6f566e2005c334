package sqlite

import (
	"context"
	"database/sql"
	"iter"
	"strings"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// dialect runs the statements storekit writes (storekit.Querier) through a
// *sql.DB or a *sql.Tx: numbered placeholders, instants as fixed-width
// text (timeLayout), "" for none.
type dialect struct{ q querier }

// numbered turns PostgreSQL's placeholders, in which storekit writes
// statements, into SQLite's numbered ones.
func numbered(query string) string { return strings.ReplaceAll(query, "$", "?") }

func (d dialect) Query(ctx context.Context, what, query string, args ...any) iter.Seq2[storekit.Rows, error] {
	return func(yield func(storekit.Rows, error) bool) {
		rows, err := d.q.QueryContext(ctx, numbered(query), args...)
		if err != nil {
			yield(nil, fail(err, what))
			return
		}
		defer rows.Close()
		storekit.Yield(rows, yield, func() (storekit.Rows, error) { return rows, nil },
			func(err error) error { return fail(err, what) })
	}
}

func (dialect) Time(t time.Time) any { return formatTime(t) }

func (dialect) Instant() (any, func() (time.Time, error)) {
	s := new(string)
	return s, func() (time.Time, error) { return parseTime(*s) }
}

// execer is a dialect in a write transaction.
type execer struct {
	dialect
	tx *sql.Tx
}

func newExecer(tx *sql.Tx) execer { return execer{dialect{tx}, tx} }

func (e execer) Exec(ctx context.Context, what, query string, args ...any) (int64, error) {
	res, err := e.tx.ExecContext(ctx, numbered(query), args...)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err != nil {
		return 0, fail(err, what)
	}
	return n, nil
}

// fail wraps a database error naming what; a unique violation wraps
// storekit.ErrDuplicate.
func fail(err error, what string) error {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return storekit.Duplicate(what, err)
	}
	return wrap(clearance.Internal, err, "%s", what)
}
