package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"iter"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// Reads run outside transactions: a committed version never changes (only
// the active flag moves), so each statement's own snapshot is consistent,
// and under WAL no read waits for an import.

// querier is what reads need from a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const versionColumns = `source, number, content_hash, format, files, entries,
	published, published_note, imported_at, active`

// Versions returns the versions of source in number order; with an empty
// source, those of every source in import order.
func (s *Store) Versions(ctx context.Context, source clearance.SourceID) ([]clearance.Version, error) {
	if source == "" {
		return queryVersions(ctx, s.db,
			`SELECT `+versionColumns+` FROM versions ORDER BY imported_at, source, number`)
	}
	return queryVersions(ctx, s.db,
		`SELECT `+versionColumns+` FROM versions WHERE source = ? ORDER BY number`, source)
}

// ActiveVersions returns the active version of each source, by source id.
func (s *Store) ActiveVersions(ctx context.Context) ([]clearance.Version, error) {
	return queryVersions(ctx, s.db,
		`SELECT `+versionColumns+` FROM versions WHERE active = 1 ORDER BY source`)
}

func queryVersions(ctx context.Context, q querier, query string, args ...any) ([]clearance.Version, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "list versions")
	}
	defer rows.Close()
	var out []clearance.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(clearance.Internal, err, "list versions")
	}
	return out, nil
}

// activeVersion returns the active version of source, if it has one.
func activeVersion(ctx context.Context, q querier, source clearance.SourceID) (clearance.Version, bool, error) {
	row := q.QueryRowContext(ctx,
		`SELECT `+versionColumns+` FROM versions WHERE source = ? AND active = 1`, source)
	v, err := scanVersion(row)
	if errors.Is(err, sql.ErrNoRows) {
		return v, false, nil
	}
	return v, err == nil, err
}

func scanVersion(sc interface{ Scan(...any) error }) (clearance.Version, error) {
	var (
		v      clearance.Version
		files  string
		at     string
		active int
	)
	err := sc.Scan(&v.Source, &v.Number, &v.Hash, &v.Format, &files, &v.Entries,
		&v.Published, &v.PublishedNote, &at, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return v, err
	}
	if err != nil {
		return v, wrap(clearance.Internal, err, "read version")
	}
	if err := json.Unmarshal([]byte(files), &v.Files); err != nil {
		return v, wrap(clearance.Internal, err, "read version %s %d: files", v.Source, v.Number)
	}
	if len(v.Files) == 0 {
		v.Files = nil
	}
	if v.ImportedAt, err = time.Parse(timeLayout, at); err != nil {
		return v, wrap(clearance.Internal, err, "read version %s %d: imported_at", v.Source, v.Number)
	}
	v.Active = active == 1
	return v, nil
}

// checkVersion returns a NotFound error unless the version exists.
func (s *Store) checkVersion(ctx context.Context, source clearance.SourceID, number int) error {
	var one int
	err := s.db.QueryRowContext(ctx,
		`SELECT 1 FROM versions WHERE source = ? AND number = ?`, source, number).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return clearance.Errorf(clearance.NotFound, "%s has no version %d", source, number)
	case err != nil:
		return wrap(clearance.Internal, err, "find %s version %d", source, number)
	}
	return nil
}

// Entries streams the entries of one version in id order (bytewise, as Go
// compares strings). An unknown version yields one NotFound error. The
// stream holds a database connection until it ends or the consumer stops.
func (s *Store) Entries(ctx context.Context, source clearance.SourceID, version int) iter.Seq2[*clearance.Entry, error] {
	return s.entries(ctx, entriesQuery, source, version, storekit.DecodeEntry)
}

// EntriesWithoutRaw is Entries with Raw left out (see
// clearance.RawlessEntries), read from the bodies kept without it
// (entry_lean_blobs).
func (s *Store) EntriesWithoutRaw(ctx context.Context, source clearance.SourceID, version int) iter.Seq2[*clearance.Entry, error] {
	return s.entries(ctx, leanEntriesQuery, source, version, storekit.DecodeEntryWithoutRaw)
}

func (s *Store) entries(ctx context.Context, query string, source clearance.SourceID, version int, decode func([]byte) (*clearance.Entry, error)) iter.Seq2[*clearance.Entry, error] {
	return func(yield func(*clearance.Entry, error) bool) {
		if err := s.checkVersion(ctx, source, version); err != nil {
			yield(nil, err)
			return
		}
		rows, err := s.db.QueryContext(ctx, query, source, version)
		if err != nil {
			yield(nil, wrap(clearance.Internal, err, "read %s version %d", source, version))
			return
		}
		defer rows.Close()
		storekit.Yield(rows, yield, func() (*clearance.Entry, error) { return scanEntry(rows, decode) },
			func(err error) error { return wrap(clearance.Internal, err, "read %s version %d", source, version) })
	}
}

// scanEntry decodes the entry body in the row's only column.
func scanEntry(rows *sql.Rows, decode func([]byte) (*clearance.Entry, error)) (*clearance.Entry, error) {
	var body sql.RawBytes // decoding copies what it keeps
	if err := rows.Scan(&body); err != nil {
		return nil, wrap(clearance.Internal, err, "read entry")
	}
	return decode(body)
}
