package postgres

import (
	"context"
	"errors"
	"iter"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// querier is what reads need from a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const versionColumns = `source, number, content_hash, format, files, entries,
	published, published_note, imported_at, active`

// Versions returns the versions of source in number order; with an empty
// source, those of every source in import order.
func (s *Store) Versions(ctx context.Context, source clearance.SourceID) ([]clearance.Version, error) {
	if source == "" {
		return queryVersions(ctx, s.pool,
			`SELECT `+versionColumns+` FROM versions ORDER BY imported_at, source, number`)
	}
	return queryVersions(ctx, s.pool,
		`SELECT `+versionColumns+` FROM versions WHERE source = $1 ORDER BY number`, source)
}

// ActiveVersions returns the active version of each source, by source id.
func (s *Store) ActiveVersions(ctx context.Context) ([]clearance.Version, error) {
	return queryVersions(ctx, s.pool,
		`SELECT `+versionColumns+` FROM versions WHERE active ORDER BY source COLLATE "C"`)
}

func queryVersions(ctx context.Context, q querier, query string, args ...any) ([]clearance.Version, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, wrap(kindOf(ctx, err), err, "list versions")
	}
	defer rows.Close()
	var out []clearance.Version
	for rows.Next() {
		v, err := scanVersion(ctx, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(kindOf(ctx, err), err, "list versions")
	}
	return out, nil
}

// activeVersion returns the active version of source, if it has one.
func activeVersion(ctx context.Context, q querier, source clearance.SourceID) (clearance.Version, bool, error) {
	row := q.QueryRow(ctx,
		`SELECT `+versionColumns+` FROM versions WHERE source = $1 AND active`, source)
	v, err := scanVersion(ctx, row)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, false, nil
	}
	return v, err == nil, err
}

func scanVersion(ctx context.Context, row pgx.Row) (clearance.Version, error) {
	var v clearance.Version
	err := row.Scan(&v.Source, &v.Number, &v.Hash, &v.Format, &v.Files, &v.Entries,
		&v.Published, &v.PublishedNote, &v.ImportedAt, &v.Active)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, err
	}
	if err != nil {
		return v, wrap(kindOf(ctx, err), err, "read version")
	}
	if len(v.Files) == 0 {
		v.Files = nil
	}
	v.ImportedAt = v.ImportedAt.UTC()
	return v, nil
}

// checkVersion returns a NotFound error unless the version exists.
func (s *Store) checkVersion(ctx context.Context, source clearance.SourceID, number int) error {
	var one int
	err := s.pool.QueryRow(ctx,
		`SELECT 1 FROM versions WHERE source = $1 AND number = $2`, source, number).Scan(&one)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return clearance.Errorf(clearance.NotFound, "%s has no version %d", source, number)
	case err != nil:
		return wrap(kindOf(ctx, err), err, "find %s version %d", source, number)
	}
	return nil
}

// Entries streams the entries of one version in id order (bytewise, as Go
// compares strings). An unknown version yields one NotFound error. The
// stream holds a connection until it ends or the consumer stops.
func (s *Store) Entries(ctx context.Context, source clearance.SourceID, version int) iter.Seq2[*clearance.Entry, error] {
	return s.entries(ctx, source, version, storekit.EntriesQuery, storekit.DecodeEntry)
}

// EntriesWithoutRaw is Entries with Raw left out (see
// clearance.RawlessEntries), read from the bodies stored without it.
func (s *Store) EntriesWithoutRaw(ctx context.Context, source clearance.SourceID, version int) iter.Seq2[*clearance.Entry, error] {
	return s.entries(ctx, source, version, leanEntriesQuery, storekit.DecodeEntryWithoutRaw)
}

func (s *Store) entries(ctx context.Context, source clearance.SourceID, version int, query string, decode func([]byte) (*clearance.Entry, error)) iter.Seq2[*clearance.Entry, error] {
	return func(yield func(*clearance.Entry, error) bool) {
		if err := s.checkVersion(ctx, source, version); err != nil {
			yield(nil, err)
			return
		}
		rows, err := s.pool.Query(ctx, query, source, version)
		if err != nil {
			yield(nil, wrap(kindOf(ctx, err), err, "read %s version %d", source, version))
			return
		}
		defer rows.Close()
		storekit.Yield(rows, yield, func() (*clearance.Entry, error) { return scanEntry(ctx, rows, decode) },
			func(err error) error { return wrap(kindOf(ctx, err), err, "read %s version %d", source, version) })
	}
}

// scanEntry decodes the entry body in the row's only column.
func scanEntry(ctx context.Context, rows pgx.Rows, decode func([]byte) (*clearance.Entry, error)) (*clearance.Entry, error) {
	var body []byte
	if err := rows.Scan(&body); err != nil {
		return nil, wrap(kindOf(ctx, err), err, "read entry")
	}
	return decode(body)
}
