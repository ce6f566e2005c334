package storekit

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/clearancehq/clearance"
)

// Querier runs, in a store's dialect, the statements storekit writes with
// PostgreSQL's placeholders ($1, $2...), in a transaction or outside one.
// The statements keep to what both dialects read alike; instants are the
// one kind of value each store keeps its own way (timestamptz, or
// fixed-width text), so they travel through Time and Instant.
type Querier interface {
	// Query streams the rows of a statement; each Rows yielded is valid
	// until the next. When the statement or the rows fail it yields one
	// error, naming what; a unique violation wraps ErrDuplicate.
	Query(ctx context.Context, what, query string, args ...any) iter.Seq2[Rows, error]
	// Time is an instant as a statement argument; the zero instant as the
	// store keeps "none" (NULL, or "").
	Time(t time.Time) any
	// Instant returns a scan destination for an instant column and a
	// function that reads what was scanned: in UTC, the zero instant for
	// none.
	Instant() (dest any, read func() (time.Time, error))
}

// Execer is a Querier in a write transaction.
type Execer interface {
	Querier
	// Exec runs a statement and returns how many rows it changed; errors
	// as Query's.
	Exec(ctx context.Context, what, query string, args ...any) (int64, error)
}

// Duplicate is the error of a statement, named by what, that broke a
// unique constraint: a Conflict wrapping ErrDuplicate and err.
func Duplicate(what string, err error) error {
	return &clearance.Error{Kind: clearance.Conflict, Message: what, Err: errors.Join(ErrDuplicate, err)}
}

// each runs a query and calls scan on each row. A scan error that is not
// already a *clearance.Error is wrapped naming what.
func each(ctx context.Context, q Querier, what, query string, args []any, scan func(Rows) error) error {
	for rows, err := range q.Query(ctx, what, query, args...) {
		if err != nil {
			return err
		}
		if err := scan(rows); err != nil {
			var ce *clearance.Error
			if errors.As(err, &ce) {
				return err
			}
			return Wrap(clearance.Internal, err, "%s", what)
		}
	}
	return nil
}

// queryRow reads the first row of a query into dest and reports whether
// there was one.
func queryRow(ctx context.Context, q Querier, what, query string, args []any, dest ...any) (bool, error) {
	for rows, err := range q.Query(ctx, what, query, args...) {
		if err != nil {
			return false, err
		}
		if err := rows.Scan(dest...); err != nil {
			return false, Wrap(clearance.Internal, err, "%s", what)
		}
		return true, nil
	}
	return false, nil
}

// insert runs an INSERT ... RETURNING id and returns the id.
func insert(ctx context.Context, q Querier, what, query string, args ...any) (int64, error) {
	var id int64
	_, err := queryRow(ctx, q, what, query, args, &id)
	return id, err
}

// bodies reads rows of an id and a body.
func bodies(ctx context.Context, q Querier, what, query string, args ...any) ([]BodyRow, error) {
	var out []BodyRow
	err := each(ctx, q, what, query, args, func(rows Rows) error {
		r, err := ScanBody(rows)
		out = append(out, r)
		return err
	})
	return out, err
}

// instants scans instant columns: dest holds a scan destination for each,
// and read reads them all, in order, once a row is scanned.
func instants(q Querier, out ...*time.Time) (dest []any, read func() error) {
	reads := make([]func() (time.Time, error), len(out))
	dest = make([]any, len(out))
	for i := range out {
		dest[i], reads[i] = q.Instant()
	}
	return dest, func() error {
		for i, r := range reads {
			t, err := r()
			if err != nil {
				return err
			}
			*out[i] = t
		}
		return nil
	}
}
