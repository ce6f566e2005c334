package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// SQLite reads PostgreSQL's numbered placeholders as ?NNN.
var (
	onlyInQuery  = strings.ReplaceAll(storekit.OnlyInQuery, "$", "?")
	changedQuery = strings.ReplaceAll(storekit.ChangedQuery, "$", "?")
	entriesQuery = strings.ReplaceAll(storekit.EntriesQuery, "$", "?")
	// leanEntriesQuery is entriesQuery over the bodies kept without their
	// raw records.
	leanEntriesQuery = strings.Replace(entriesQuery, "JOIN entry_blobs ", "JOIN entry_lean_blobs ", 1)
)

// Delta returns what changed in source from version from to version to
// (see storekit.Delta).
func (s *Store) Delta(ctx context.Context, source clearance.SourceID, from, to int) (*clearance.Delta, error) {
	return storekit.Delta(ctx, deltaReader{s}, source, from, to)
}

// deltaReader runs the delta's queries.
type deltaReader struct{ s *Store }

func (r deltaReader) CheckVersion(ctx context.Context, source clearance.SourceID, number int) error {
	return r.s.checkVersion(ctx, source, number)
}

func (r deltaReader) OnlyIn(ctx context.Context, source clearance.SourceID, a, b int) ([]*clearance.Entry, error) {
	rows, err := r.s.db.QueryContext(ctx, onlyInQuery, source, a, b)
	if err != nil {
		return nil, deltaError(err, source, a, b)
	}
	defer rows.Close()
	out, err := storekit.Collect(rows, func() (*clearance.Entry, error) { return scanEntry(rows, storekit.DecodeEntry) })
	if err != nil {
		return nil, deltaError(err, source, a, b)
	}
	return out, nil
}

func (r deltaReader) Changed(ctx context.Context, source clearance.SourceID, from, to int) ([]clearance.EntryChange, error) {
	rows, err := r.s.db.QueryContext(ctx, changedQuery, source, from, to)
	if err != nil {
		return nil, deltaError(err, source, from, to)
	}
	defer rows.Close()
	out, err := storekit.Collect(rows, func() (clearance.EntryChange, error) {
		var before, after sql.RawBytes
		if err := rows.Scan(&before, &after); err != nil {
			return clearance.EntryChange{}, wrap(clearance.Internal, err, "read entry")
		}
		return storekit.Change(before, after)
	})
	if err != nil {
		return nil, deltaError(err, source, from, to)
	}
	return out, nil
}

// deltaError names the delta a database error broke; an error already
// explained (an entry that does not decode) passes as it is.
func deltaError(err error, source clearance.SourceID, a, b int) error {
	var ce *clearance.Error
	if errors.As(err, &ce) {
		return err
	}
	return wrap(clearance.Internal, err, "delta of %s between versions %d and %d", source, a, b)
}
