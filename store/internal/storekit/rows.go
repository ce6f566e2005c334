package storekit

import (
	"context"

	"github.com/clearancehq/clearance"
)

// Rows is what reading needs of a result set; database/sql's and pgx's
// both have it.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// Yield streams rows to yield, each read by scan, until the rows end, the
// consumer stops or scan fails. A scan error is yielded as it is; the
// rows' own error, wrapped by fail.
func Yield[T any](rows Rows, yield func(T, error) bool, scan func() (T, error), fail func(error) error) {
	var zero T
	for rows.Next() {
		v, err := scan()
		if err != nil {
			yield(zero, err)
			return
		}
		if !yield(v, nil) {
			return
		}
	}
	if err := rows.Err(); err != nil {
		yield(zero, fail(err))
	}
}

// Collect reads every row with scan.
func Collect[T any](rows Rows, scan func() (T, error)) ([]T, error) {
	var out []T
	for rows.Next() {
		v, err := scan()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// OnlyInQuery selects the bodies of the entries of version $2 of source $1
// whose id is not in version $3 (version 0 has no entries), in id order.
// Placeholders are PostgreSQL's; SQLite reads them as ?NNN (see SQLite).
const OnlyInQuery = `SELECT b.body
	FROM version_entries a JOIN entry_blobs b ON b.hash = a.blob_hash
	WHERE a.source = $1 AND a.version = $2 AND NOT EXISTS (
		SELECT 1 FROM version_entries x
		WHERE x.source = $1 AND x.version = $3 AND x.entry_id = a.entry_id)
	ORDER BY a.entry_id`

// ChangedQuery selects the before and after bodies of the entries of
// source $1 present in versions $2 and $3 with different content hashes,
// in id order.
const ChangedQuery = `SELECT fb.body, tb.body
	FROM version_entries t
	JOIN version_entries f
		ON f.source = t.source AND f.version = $2 AND f.entry_id = t.entry_id
	JOIN entry_blobs fb ON fb.hash = f.blob_hash
	JOIN entry_blobs tb ON tb.hash = t.blob_hash
	WHERE t.source = $1 AND t.version = $3 AND f.content_hash <> t.content_hash
	ORDER BY t.entry_id`

// EntriesQuery selects the bodies of the entries of version $2 of source
// $1, in id order.
const EntriesQuery = `SELECT b.body
	FROM version_entries e JOIN entry_blobs b ON b.hash = e.blob_hash
	WHERE e.source = $1 AND e.version = $2
	ORDER BY e.entry_id`

// DeltaReader is what Delta needs of a store.
type DeltaReader interface {
	// CheckVersion returns a NotFound error unless the version exists.
	CheckVersion(ctx context.Context, source clearance.SourceID, number int) error
	// Entries runs OnlyInQuery over versions a and b.
	OnlyIn(ctx context.Context, source clearance.SourceID, a, b int) ([]*clearance.Entry, error)
	// Changed runs ChangedQuery over versions from and to.
	Changed(ctx context.Context, source clearance.SourceID, from, to int) ([]clearance.EntryChange, error)
}

// Delta returns what changed in source from version from to version to,
// each part in id order. From 0 is the empty list. Entries whose content
// hash is equal count as unchanged even when Raw or SourceRef differ. An
// unknown version is a NotFound error.
func Delta(ctx context.Context, r DeltaReader, source clearance.SourceID, from, to int) (*clearance.Delta, error) {
	if from < 0 {
		return nil, clearance.Errorf(clearance.Invalid, "delta of %s: version %d", source, from)
	}
	if err := r.CheckVersion(ctx, source, to); err != nil {
		return nil, err
	}
	if from != 0 {
		if err := r.CheckVersion(ctx, source, from); err != nil {
			return nil, err
		}
	}
	d := &clearance.Delta{Source: source, From: from, To: to}
	var err error
	if d.Added, err = r.OnlyIn(ctx, source, to, from); err != nil {
		return nil, err
	}
	if d.Removed, err = r.OnlyIn(ctx, source, from, to); err != nil {
		return nil, err
	}
	if d.Changed, err = r.Changed(ctx, source, from, to); err != nil {
		return nil, err
	}
	return d, nil
}
