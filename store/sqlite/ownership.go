package sqlite

import (
	"context"
	"database/sql"
	"iter"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.OwnershipStore = (*Store)(nil)

// AddOwnership records an import of ownership edges in one transaction.
// An edge already on file with the same stake is counted, not added; with
// another stake the whole import is refused.
func (s *Store) AddOwnership(ctx context.Context, file, hash string, edges []clearance.OwnershipEdge) (clearance.OwnershipImport, error) {
	for i := range edges {
		if err := edges[i].Validate(); err != nil {
			return clearance.OwnershipImport{}, clearance.Errorf(clearance.Invalid, "%s: edge %d: %w", file, i, err)
		}
	}
	imp := clearance.OwnershipImport{File: file, Hash: hash, ImportedAt: storekit.Now(), Edges: len(edges)}
	what := "import ownership from " + file
	err := s.write(ctx, what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO ownership_imports (file, hash, imported_at, edges, added) VALUES (?, ?, ?, ?, 0)`,
			file, hash, imp.ImportedAt.Format(timeLayout), len(edges))
		if err == nil {
			imp.ID, err = res.LastInsertId()
		}
		if err != nil {
			return wrap(clearance.Internal, err, "%s", what)
		}
		if imp.Added, err = insertEdges(ctx, tx, imp.ID, edges); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ownership_imports SET added = ? WHERE id = ?`, imp.Added, imp.ID); err != nil {
			return wrap(clearance.Internal, err, "%s", what)
		}
		return nil
	})
	if err != nil {
		return clearance.OwnershipImport{}, err
	}
	return imp, nil
}

// insertEdges inserts the edges not yet on file and returns how many.
func insertEdges(ctx context.Context, tx *sql.Tx, importID int64, edges []clearance.OwnershipEdge) (int, error) {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO ownership_edges (owner, owned, stake, as_of, source, import_id)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner, owned, as_of, source) DO NOTHING`)
	if err != nil {
		return 0, wrap(clearance.Internal, err, "import ownership")
	}
	defer ins.Close()
	added := 0
	for _, e := range edges {
		res, err := ins.ExecContext(ctx, e.Owner, e.Owned, stakeColumn(e.Stake), e.AsOf, e.Source, importID)
		var n int64
		if err == nil {
			n, err = res.RowsAffected()
		}
		if err != nil {
			return 0, wrap(clearance.Internal, err, "import ownership: edge %q > %q", e.Owner, e.Owned)
		}
		if n == 1 {
			added++
			continue
		}
		var stake sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT stake FROM ownership_edges WHERE owner = ? AND owned = ? AND as_of = ? AND source = ?`,
			e.Owner, e.Owned, e.AsOf, e.Source).Scan(&stake)
		if err != nil {
			return 0, wrap(clearance.Internal, err, "import ownership: edge %q > %q", e.Owner, e.Owned)
		}
		if on := stakeOf(stake); on != e.Stake {
			return 0, clearance.Errorf(clearance.Conflict, "the stake of %q in %q as of %s from %s is on file as %s, and the import says %s: a source states one stake a date; give the correction another date or source",
				e.Owner, e.Owned, e.AsOf, e.Source, on, e.Stake)
		}
	}
	return added, nil
}

// stakeColumn is a stake as stored: millionths, or NULL when unknown.
func stakeColumn(s clearance.Stake) any {
	if !s.Known() {
		return nil
	}
	return int64(s.Millionths())
}

// stakeOf reads a stored stake.
func stakeOf(n sql.NullInt64) clearance.Stake {
	if !n.Valid {
		return clearance.Stake{}
	}
	return clearance.StakeMillionths(int32(n.Int64))
}

// OwnershipEdges streams every edge in the order recorded.
func (s *Store) OwnershipEdges(ctx context.Context) iter.Seq2[clearance.OwnershipEdge, error] {
	return func(yield func(clearance.OwnershipEdge, error) bool) {
		rows, err := s.db.QueryContext(ctx, `SELECT owner, owned, stake, as_of, source FROM ownership_edges ORDER BY id`)
		if err != nil {
			yield(clearance.OwnershipEdge{}, wrap(clearance.Internal, err, "read ownership edges"))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var e clearance.OwnershipEdge
			var stake sql.NullInt64
			if err := rows.Scan(&e.Owner, &e.Owned, &stake, &e.AsOf, &e.Source); err != nil {
				yield(e, wrap(clearance.Internal, err, "read ownership edges"))
				return
			}
			e.Stake = stakeOf(stake)
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(clearance.OwnershipEdge{}, wrap(clearance.Internal, err, "read ownership edges"))
		}
	}
}

// OwnershipImports lists the imports, oldest first.
func (s *Store) OwnershipImports(ctx context.Context) ([]clearance.OwnershipImport, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, file, hash, imported_at, edges, added FROM ownership_imports ORDER BY id`)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "list ownership imports")
	}
	defer rows.Close()
	out := []clearance.OwnershipImport{}
	for rows.Next() {
		var imp clearance.OwnershipImport
		var at string
		if err := rows.Scan(&imp.ID, &imp.File, &imp.Hash, &at, &imp.Edges, &imp.Added); err != nil {
			return nil, wrap(clearance.Internal, err, "list ownership imports")
		}
		if imp.ImportedAt, err = time.Parse(timeLayout, at); err != nil {
			return nil, wrap(clearance.Internal, err, "list ownership imports: import %d", imp.ID)
		}
		out = append(out, imp)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(clearance.Internal, err, "list ownership imports")
	}
	return out, nil
}
