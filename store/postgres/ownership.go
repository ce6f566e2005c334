package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.OwnershipStore = (*Store)(nil)

// ownershipBackend gives the shared ownership import (storekit.Ownership)
// PostgreSQL transactions. Two imports stating one edge at once do not
// race: the second waits on the first one's entry in the unique index,
// then finds the edge on file.
type ownershipBackend struct{ s *Store }

func (b ownershipBackend) WriteOwnership(ctx context.Context, what string, f func(storekit.OwnershipTx) error) error {
	return b.s.inTx(ctx, what, func(tx pgx.Tx) error { return f(ownershipTx{newExecer(tx)}) })
}

func (b ownershipBackend) OwnershipReader() storekit.Querier { return dialect{b.s.pool} }

// ownershipTx writes the ownership tables in a transaction.
type ownershipTx struct{ execer }

// edgeRows is how many edges travel in one round trip.
const edgeRows = 1000

// InsertEdges sends the edges edgeRows at a time: a file of a million
// edges takes a thousand round trips, or two thousand when most are on
// file already.
func (o ownershipTx) InsertEdges(ctx context.Context, importID int64, edges []clearance.OwnershipEdge) ([]storekit.EdgeOnFile, error) {
	out := make([]storekit.EdgeOnFile, len(edges))
	for start := 0; start < len(edges); start += edgeRows {
		end := min(start+edgeRows, len(edges))
		if err := o.insertEdges(ctx, importID, edges[start:end], out[start:end]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// edgeKey identifies an edge: owner, owned, date and source.
type edgeKey [4]string

// insertEdges inserts one batch of edges in order, skipping those on file
// (also earlier in the batch), then reads the stakes on file of those it
// skipped.
func (o ownershipTx) insertEdges(ctx context.Context, importID int64, edges []clearance.OwnershipEdge, out []storekit.EdgeOnFile) error {
	var cols [4][]string
	stakes := make([]*int64, len(edges))
	for i, e := range edges {
		for c, v := range (edgeKey{e.Owner, e.Owned, e.AsOf, e.Source}) {
			cols[c] = append(cols[c], v)
		}
		stakes[i] = storekit.StakeColumn(e.Stake)
	}
	rows, err := o.tx.Query(ctx, `INSERT INTO ownership_edges (owner, owned, stake, as_of, source, import_id)
		SELECT owner, owned, stake, as_of, source, $6
		FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[]) WITH ORDINALITY AS e (owner, owned, stake, as_of, source, n)
		ORDER BY n
		ON CONFLICT (owner, owned, as_of, source) DO NOTHING
		RETURNING owner, owned, as_of, source`, cols[0], cols[1], stakes, cols[2], cols[3], importID)
	if err != nil {
		return wrap(kindOf(ctx, err), err, "import ownership")
	}
	added, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (edgeKey, error) {
		var k edgeKey
		err := row.Scan(&k[0], &k[1], &k[2], &k[3])
		return k, err
	})
	if err != nil {
		return wrap(kindOf(ctx, err), err, "import ownership")
	}
	fresh := make(map[edgeKey]bool, len(added))
	for _, k := range added {
		fresh[k] = true
	}
	var onFile []int32 // positions, from 1, of the edges skipped
	for i, e := range edges {
		k := edgeKey{e.Owner, e.Owned, e.AsOf, e.Source}
		if out[i].Added = fresh[k]; out[i].Added {
			delete(fresh, k) // a second statement of the edge in the batch finds it on file
		} else {
			onFile = append(onFile, int32(i+1))
		}
	}
	if len(onFile) == 0 {
		return nil
	}
	return o.readStakes(ctx, cols, onFile, out)
}

// readStakes reads the stakes on file of the edges at the given positions
// of the batch whose columns are cols.
func (o ownershipTx) readStakes(ctx context.Context, cols [4][]string, positions []int32, out []storekit.EdgeOnFile) error {
	rows, err := o.tx.Query(ctx, `SELECT e.n, o.stake
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e (owner, owned, as_of, source, n)
		JOIN ownership_edges o USING (owner, owned, as_of, source)
		WHERE e.n = ANY ($5)`, cols[0], cols[1], cols[2], cols[3], positions)
	if err != nil {
		return wrap(kindOf(ctx, err), err, "import ownership: read the edges on file")
	}
	defer rows.Close()
	for rows.Next() {
		var n int64
		var stake *int64
		if err := rows.Scan(&n, &stake); err != nil {
			return wrap(kindOf(ctx, err), err, "import ownership: read the edges on file")
		}
		out[n-1].Stake = storekit.StakeOf(stake)
	}
	if err := rows.Err(); err != nil {
		return wrap(kindOf(ctx, err), err, "import ownership: read the edges on file")
	}
	return nil
}
