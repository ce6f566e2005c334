package storekit

import (
	"context"
	"errors"
	"fmt"
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
		if err := checkRefs(ctx, tx, edges); err != nil {
			return err
		}
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

// maxRefProblems bounds how many unknown ids one import reports.
const maxRefProblems = 20

// checkRefs refuses, with an EdgeError per unknown id, edges that name by
// id a counterparty the registry does not hold or an entry of no active
// list version. Each id is looked up once.
func checkRefs(ctx context.Context, q Querier, edges []clearance.OwnershipEdge) error {
	known := map[clearance.PartyRef]bool{}
	var errs []error
	for i := range edges {
		for _, side := range [...]struct{ field, party string }{{"owner", edges[i].Owner}, {"owned", edges[i].Owned}} {
			ref, ok := clearance.ParsePartyRef(side.party)
			if !ok {
				continue
			}
			found, seen := known[ref]
			if !seen {
				var err error
				if found, err = refOnFile(ctx, q, ref); err != nil {
					return err
				}
				known[ref] = found
			}
			if !found && len(errs) < maxRefProblems {
				errs = append(errs, &clearance.EdgeError{Index: i, Field: side.field, Err: unknownRef(ref)})
			}
		}
	}
	return errors.Join(errs...)
}

// refOnFile reports whether the counterparty or entry a reference names is
// on file.
func refOnFile(ctx context.Context, q Querier, ref clearance.PartyRef) (bool, error) {
	query := `SELECT 1 FROM counterparties WHERE id = $1`
	if ref.Kind == clearance.RefEntry {
		query = `SELECT 1 FROM version_entries e JOIN versions v ON v.source = e.source AND v.number = e.version
			WHERE v.active AND e.entry_id = $1 LIMIT 1`
	}
	var one int
	return queryRow(ctx, q, "look up "+ref.String(), query, []any{ref.ID}, &one)
}

// unknownRef says that a reference names nothing on file, and what to do.
func unknownRef(ref clearance.PartyRef) error {
	if ref.Kind == clearance.RefEntry {
		return fmt.Errorf("no entry of the active lists has the id %q (`clearance screen` shows entry ids)", ref.ID)
	}
	return fmt.Errorf("no counterparty has the id %q (import the counterparty first)", ref.ID)
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
