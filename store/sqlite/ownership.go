package sqlite

import (
	"context"
	"database/sql"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.OwnershipStore = (*Store)(nil)

// ownershipBackend gives the shared ownership import (storekit.Ownership)
// SQLite's write transactions.
type ownershipBackend struct{ s *Store }

func (b ownershipBackend) WriteOwnership(ctx context.Context, what string, f func(storekit.OwnershipTx) error) error {
	return b.s.write(ctx, what, func(tx *sql.Tx) error { return f(ownershipTx{newExecer(tx)}) })
}

func (b ownershipBackend) OwnershipReader() storekit.Querier { return dialect{b.s.db} }

// ownershipTx writes the ownership tables in a write transaction.
type ownershipTx struct{ execer }

// InsertEdges inserts the edges one statement each, prepared once: SQLite
// runs them in process, so a statement costs no round trip.
func (o ownershipTx) InsertEdges(ctx context.Context, importID int64, edges []clearance.OwnershipEdge) ([]storekit.EdgeOnFile, error) {
	ins, err := o.tx.PrepareContext(ctx, `INSERT INTO ownership_edges (owner, owned, stake, as_of, source, import_id)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (owner, owned, as_of, source) DO NOTHING`)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "import ownership")
	}
	defer ins.Close()
	out := make([]storekit.EdgeOnFile, len(edges))
	for i, e := range edges {
		res, err := ins.ExecContext(ctx, e.Owner, e.Owned, storekit.StakeColumn(e.Stake), e.AsOf, e.Source, importID)
		var n int64
		if err == nil {
			n, err = res.RowsAffected()
		}
		if err == nil && n == 0 {
			var stake *int64
			err = o.tx.QueryRowContext(ctx, `SELECT stake FROM ownership_edges WHERE owner = ? AND owned = ? AND as_of = ? AND source = ?`,
				e.Owner, e.Owned, e.AsOf, e.Source).Scan(&stake)
			out[i].Stake = storekit.StakeOf(stake)
		}
		if err != nil {
			return nil, wrap(clearance.Internal, err, "import ownership: edge %q > %q", e.Owner, e.Owned)
		}
		out[i].Added = n == 1
	}
	return out, nil
}
