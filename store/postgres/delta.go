package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// onlyInQuery selects the bodies of the entries of version $2 whose id is
// not in version $3 (version 0 has no entries), in id order.
const onlyInQuery = `SELECT b.body
	FROM version_entries a JOIN entry_blobs b ON b.hash = a.blob_hash
	WHERE a.source = $1 AND a.version = $2 AND NOT EXISTS (
		SELECT 1 FROM version_entries x
		WHERE x.source = $1 AND x.version = $3 AND x.entry_id = a.entry_id)
	ORDER BY a.entry_id`

// changedQuery selects the before and after bodies of the entries present in
// versions $2 and $3 with different content hashes, in id order.
const changedQuery = `SELECT fb.body, tb.body
	FROM version_entries t
	JOIN version_entries f
		ON f.source = t.source AND f.version = $2 AND f.entry_id = t.entry_id
	JOIN entry_blobs fb ON fb.hash = f.blob_hash
	JOIN entry_blobs tb ON tb.hash = t.blob_hash
	WHERE t.source = $1 AND t.version = $3 AND f.content_hash <> t.content_hash
	ORDER BY t.entry_id`

// Delta returns what changed in source from version from to version to, each
// part in id order. From 0 is the empty list. Entries whose content hash is
// equal count as unchanged even when Raw or SourceRef differ. An unknown
// version is a NotFound error.
func (s *Store) Delta(ctx context.Context, source clearance.SourceID, from, to int) (*clearance.Delta, error) {
	if err := storekit.CheckDelta(source, from); err != nil {
		return nil, err
	}
	if err := s.checkVersion(ctx, source, to); err != nil {
		return nil, err
	}
	if from != 0 {
		if err := s.checkVersion(ctx, source, from); err != nil {
			return nil, err
		}
	}
	d := &clearance.Delta{Source: source, From: from, To: to}
	var err error
	decode := func(rows pgx.CollectableRow) (*clearance.Entry, error) {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		return storekit.DecodeEntry(body)
	}
	change := func(rows pgx.CollectableRow) (clearance.EntryChange, error) {
		var before, after []byte
		if err := rows.Scan(&before, &after); err != nil {
			return clearance.EntryChange{}, err
		}
		return storekit.Change(before, after)
	}
	if d.Added, err = collect(ctx, s, decode, onlyInQuery, source, to, from); err != nil {
		return nil, err
	}
	if d.Removed, err = collect(ctx, s, decode, onlyInQuery, source, from, to); err != nil {
		return nil, err
	}
	if d.Changed, err = collect(ctx, s, change, changedQuery, source, from, to); err != nil {
		return nil, err
	}
	return d, nil
}

// collect runs a delta query over versions a and b, turning each row into
// a T.
func collect[T any](ctx context.Context, s *Store, f pgx.RowToFunc[T], query string, source clearance.SourceID, a, b int) ([]T, error) {
	rows, err := s.pool.Query(ctx, query, source, a, b)
	if err == nil {
		var out []T
		out, err = pgx.CollectRows(rows, f)
		if err == nil {
			return out, nil
		}
	}
	var ce *clearance.Error
	if errors.As(err, &ce) { // a body that does not decode

		return nil, err
	}
	return nil, wrap(kindOf(ctx, err), err, "delta of %s between versions %d and %d", source, a, b)
}
