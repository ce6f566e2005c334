package storekit

import (
	"context"
	"iter"

	"github.com/clearancehq/clearance"
)

// EdgeOnFile is what InsertEdges found of one edge: added, or already on
// file (the same owner, owned, date and source) with Stake.
type EdgeOnFile struct {
	Added bool
	Stake clearance.Stake
}

// OwnershipTx is what an ownership import needs of a store's transaction:
// its statements, and the edges' insert, which each store sends its own
// way.
type OwnershipTx interface {
	Execer
	// InsertEdges stores, in order, each edge whose owner, owned, date and
	// source are not on file, under the import, and says of every edge
	// whether it was added or what stake is on file. Each method wraps its
	// database errors.
	InsertEdges(ctx context.Context, importID int64, edges []clearance.OwnershipEdge) ([]EdgeOnFile, error)
}

// OwnershipBackend is a store's side of the ownership data: write
// transactions and reads outside them.
type OwnershipBackend interface {
	WriteOwnership(ctx context.Context, what string, f func(tx OwnershipTx) error) error
	OwnershipReader() Querier
}

// Ownership implements clearance.OwnershipStore over a store's backend; a
// store embeds it.
type Ownership struct{ O OwnershipBackend }

// AddOwnership records an import of ownership edges in one transaction.
// An edge already on file with the same stake is counted, not added; with
// another stake the whole import is refused.
func (o Ownership) AddOwnership(ctx context.Context, file, hash string, edges []clearance.OwnershipEdge) (clearance.OwnershipImport, error) {
	for i := range edges {
		if err := edges[i].Validate(); err != nil {
			return clearance.OwnershipImport{}, clearance.Errorf(clearance.Invalid, "%s: edge %d: %w", file, i, err)
		}
	}
	imp := clearance.OwnershipImport{File: file, Hash: hash, ImportedAt: Now(), Edges: len(edges)}
	what := "import ownership from " + file
	err := o.O.WriteOwnership(ctx, what, func(tx OwnershipTx) (err error) {
		imp.ID, err = insert(ctx, tx, what, `INSERT INTO ownership_imports (file, hash, imported_at, edges, added)
			VALUES ($1, $2, $3, $4, 0) RETURNING id`, file, hash, tx.Time(imp.ImportedAt), imp.Edges)
		if err != nil {
			return err
		}
		found, err := tx.InsertEdges(ctx, imp.ID, edges)
		if err != nil {
			return err
		}
		for i, f := range found {
			e := &edges[i]
			switch {
			case f.Added:
				imp.Added++
			case f.Stake != e.Stake:
				return clearance.Errorf(clearance.Conflict, "the stake of %q in %q as of %s from %s is on file as %s, and the import says %s: a source states one stake a date; give the correction another date or source",
					e.Owner, e.Owned, e.AsOf, e.Source, f.Stake, e.Stake)
			}
		}
		_, err = tx.Exec(ctx, what, `UPDATE ownership_imports SET added = $1 WHERE id = $2`, imp.Added, imp.ID)
		return err
	})
	if err != nil {
		return clearance.OwnershipImport{}, err
	}
	return imp, nil
}

// OwnershipEdges streams every edge in the order recorded. The stream
// holds a database connection until it ends or the consumer stops.
func (o Ownership) OwnershipEdges(ctx context.Context) iter.Seq2[clearance.OwnershipEdge, error] {
	return func(yield func(clearance.OwnershipEdge, error) bool) {
		const what = "read ownership edges"
		for rows, err := range o.O.OwnershipReader().Query(ctx, what, `SELECT owner, owned, stake, as_of, source FROM ownership_edges ORDER BY id`) {
			var e clearance.OwnershipEdge
			var stake *int64
			if err == nil {
				if err = rows.Scan(&e.Owner, &e.Owned, &stake, &e.AsOf, &e.Source); err != nil {
					err = Wrap(clearance.Internal, err, "%s", what)
				}
			}
			if err != nil {
				yield(clearance.OwnershipEdge{}, err)
				return
			}
			e.Stake = StakeOf(stake)
			if !yield(e, nil) {
				return
			}
		}
	}
}

// OwnershipImports lists the imports, oldest first.
func (o Ownership) OwnershipImports(ctx context.Context) ([]clearance.OwnershipImport, error) {
	q := o.O.OwnershipReader()
	out := []clearance.OwnershipImport{}
	err := each(ctx, q, "list ownership imports", `SELECT id, file, hash, imported_at, edges, added FROM ownership_imports ORDER BY id`,
		nil, func(rows Rows) error {
			var imp clearance.OwnershipImport
			at, read := instants(q, &imp.ImportedAt)
			if err := rows.Scan(&imp.ID, &imp.File, &imp.Hash, at[0], &imp.Edges, &imp.Added); err != nil {
				return err
			}
			if err := read(); err != nil {
				return err
			}
			out = append(out, imp)
			return nil
		})
	return out, err
}

// StakeColumn is a stake as stored: millionths, or NULL when unknown.
func StakeColumn(s clearance.Stake) *int64 {
	if !s.Known() {
		return nil
	}
	n := int64(s.Millionths())
	return &n
}

// StakeOf reads a stored stake.
func StakeOf(n *int64) clearance.Stake {
	if n == nil {
		return clearance.Stake{}
	}
	return clearance.StakeMillionths(int32(*n))
}
