package storekit

import (
	"context"
	"fmt"
	"time"

	"github.com/clearancehq/clearance"
)

// counterpartyColumns are the columns of counterparties in the order
// Counterparties scans them. body is the counterparty without the times,
// which have columns; screened_hash is the hash it had when last screened
// in full.
const counterpartyColumns = `body, hash, created_at, updated_at, screened_hash, screened_at`

// counterpartySelect returns the SELECT of counterpartyColumns of the
// counterparty numbered id or, when id is "", of those f selects, by id;
// and its arguments.
func counterpartySelect(id string, f clearance.CounterpartyFilter) (string, []any) {
	q := `SELECT ` + counterpartyColumns + ` FROM counterparties`
	if id != "" {
		return q + ` WHERE id = $1`, []any{id}
	}
	q += ` WHERE id > $1`
	if f.Unscreened {
		q += ` AND screened_hash <> hash`
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	return q, []any{f.After}
}

// UpsertCounterparties adds and updates counterparties, with their
// counterparties.imported event, in one transaction.
func (r Review) UpsertCounterparties(ctx context.Context, cps []clearance.Counterparty, actor string) (*clearance.UpsertResult, error) {
	docs := make([][]byte, len(cps))
	seen := make(map[string]bool, len(cps))
	for i := range cps {
		c := &cps[i]
		if err := c.Validate(); err != nil {
			return nil, err
		}
		if seen[c.ID] {
			return nil, clearance.Errorf(clearance.Invalid, "counterparty %q appears twice", c.ID)
		}
		seen[c.ID] = true
		docs[i] = counterpartyBody(c)
	}
	res := &clearance.UpsertResult{Added: []string{}, Updated: []string{}}
	err := r.R.WriteReview(ctx, "import counterparties", func(tx ReviewTx) error {
		if err := tx.LockEvents(ctx); err != nil {
			return err
		}
		at := Now()
		for i := range cps {
			if err := upsertCounterparty(ctx, tx, &cps[i], docs[i], at, res); err != nil {
				return err
			}
		}
		_, err := InsertEvents(ctx, tx, []clearance.Event{{Type: clearance.EventCounterpartiesImported, At: at, Actor: actor,
			Message: fmt.Sprintf("Counterparties imported: %d added, %d updated, %d unchanged", len(res.Added), len(res.Updated), res.Unchanged),
			Data:    mustMarshal(map[string]int{"added": len(res.Added), "updated": len(res.Updated), "unchanged": res.Unchanged})}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// counterpartyBody is what the body column holds: the counterparty without
// the times kept in columns.
func counterpartyBody(c *clearance.Counterparty) []byte {
	b := *c
	b.CreatedAt, b.UpdatedAt, b.ScreenedAt = time.Time{}, time.Time{}, time.Time{}
	return mustMarshal(&b)
}

// upsertCounterparty adds c, or updates it when its body changed, and
// counts it in res.
func upsertCounterparty(ctx context.Context, tx ReviewTx, c *clearance.Counterparty, body []byte, at time.Time, res *clearance.UpsertResult) error {
	what := "import counterparty " + c.ID
	var old string
	found, err := queryRow(ctx, tx, what, `SELECT body FROM counterparties WHERE id = $1`, []any{c.ID}, &old)
	switch {
	case err != nil:
		return err
	case !found:
		_, err = tx.Exec(ctx, what, `INSERT INTO counterparties (id, body, hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
			c.ID, string(body), c.Hash(), tx.Time(at))
		res.Added = append(res.Added, c.ID)
	case old != string(body):
		_, err = tx.Exec(ctx, what, `UPDATE counterparties SET body = $1, hash = $2, updated_at = $3 WHERE id = $4`,
			string(body), c.Hash(), tx.Time(at), c.ID)
		res.Updated = append(res.Updated, c.ID)
	default:
		res.Unchanged++
	}
	return err
}

// markScreened records that a counterparty was screened as of its hash,
// unless the hash changed since.
func markScreened(ctx context.Context, tx ReviewTx, m clearance.ScreenedMark) error {
	_, err := tx.Exec(ctx, "mark counterparty "+m.CounterpartyID+" screened",
		`UPDATE counterparties SET screened_hash = $1, screened_at = $2 WHERE id = $3 AND hash = $1`,
		m.Hash, tx.Time(m.At), m.CounterpartyID)
	return err
}

// Counterparty returns one counterparty.
func (r Review) Counterparty(ctx context.Context, id string) (*clearance.Counterparty, error) {
	out, err := r.counterparties(ctx, id, clearance.CounterpartyFilter{})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no counterparty %q", id)
	}
	return &out[0], nil
}

// Counterparties lists counterparties by id.
func (r Review) Counterparties(ctx context.Context, f clearance.CounterpartyFilter) ([]clearance.Counterparty, error) {
	return r.counterparties(ctx, "", f)
}

func (r Review) counterparties(ctx context.Context, id string, f clearance.CounterpartyFilter) ([]clearance.Counterparty, error) {
	rd := r.R.ReviewReader()
	query, args := counterpartySelect(id, f)
	out := []clearance.Counterparty{}
	err := each(ctx, rd, "read counterparties", query, args, func(rows Rows) error {
		var body, hash, screenedHash string
		var created, updated, screened time.Time
		times, read := instants(rd, &created, &updated, &screened)
		if err := rows.Scan(&body, &hash, times[0], times[1], &screenedHash, times[2]); err != nil {
			return err
		}
		if err := read(); err != nil {
			return err
		}
		c, err := decode[clearance.Counterparty]([]byte(body), "counterparty")
		if err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = created, updated
		if screenedHash == hash {
			c.ScreenedAt = screened
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// CountCounterparties returns the size of the registry.
func (r Review) CountCounterparties(ctx context.Context) (int, error) {
	var n int
	_, err := queryRow(ctx, r.R.ReviewReader(), "count counterparties", `SELECT COUNT(*) FROM counterparties`, nil, &n)
	return n, err
}
