package sqlite

import (
	"context"
	"database/sql"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// onlyInQuery selects the bodies of the entries of version ?2 whose id is
// not in version ?3 (version 0 has no entries), in id order.
const onlyInQuery = `SELECT b.body
	FROM version_entries a JOIN entry_blobs b ON b.hash = a.blob_hash
	WHERE a.source = ?1 AND a.version = ?2 AND NOT EXISTS (
		SELECT 1 FROM version_entries x
		WHERE x.source = ?1 AND x.version = ?3 AND x.entry_id = a.entry_id)
	ORDER BY a.entry_id`

// changedQuery selects the before and after bodies of the entries present in
// versions ?2 and ?3 with different content hashes, in id order.
const changedQuery = `SELECT fb.body, tb.body
	FROM version_entries t
	JOIN version_entries f
		ON f.source = t.source AND f.version = ?2 AND f.entry_id = t.entry_id
	JOIN entry_blobs fb ON fb.hash = f.blob_hash
	JOIN entry_blobs tb ON tb.hash = t.blob_hash
	WHERE t.source = ?1 AND t.version = ?3 AND f.content_hash <> t.content_hash
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
	if d.Added, err = s.onlyIn(ctx, source, to, from); err != nil {
		return nil, err
	}
	if d.Removed, err = s.onlyIn(ctx, source, from, to); err != nil {
		return nil, err
	}
	if d.Changed, err = s.changed(ctx, source, from, to); err != nil {
		return nil, err
	}
	return d, nil
}

// onlyIn returns the entries of version a whose ids version b lacks.
func (s *Store) onlyIn(ctx context.Context, source clearance.SourceID, a, b int) ([]*clearance.Entry, error) {
	rows, err := s.db.QueryContext(ctx, onlyInQuery, source, a, b)
	if err != nil {
		return nil, deltaError(err, source, a, b)
	}
	defer rows.Close()
	var out []*clearance.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, deltaError(err, source, a, b)
	}
	return out, nil
}

// changed returns the entries in both versions whose content differs.
func (s *Store) changed(ctx context.Context, source clearance.SourceID, from, to int) ([]clearance.EntryChange, error) {
	rows, err := s.db.QueryContext(ctx, changedQuery, source, from, to)
	if err != nil {
		return nil, deltaError(err, source, from, to)
	}
	defer rows.Close()
	var out []clearance.EntryChange
	for rows.Next() {
		c, err := scanChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, deltaError(err, source, from, to)
	}
	return out, nil
}

func scanChange(rows *sql.Rows) (clearance.EntryChange, error) {
	var before, after sql.RawBytes
	if err := rows.Scan(&before, &after); err != nil {
		return clearance.EntryChange{}, wrap(clearance.Internal, err, "read entry")
	}
	return storekit.Change(before, after)
}

func deltaError(err error, source clearance.SourceID, a, b int) error {
	return wrap(clearance.Internal, err, "delta of %s between versions %d and %d", source, a, b)
}
