package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/clearancehq/clearance"
)

var _ clearance.CounterpartyStore = (*Store)(nil)

// UpsertCounterparties adds and updates counterparties in one transaction.
func (s *Store) UpsertCounterparties(ctx context.Context, cps []clearance.Counterparty, actor string) (*clearance.UpsertResult, error) {
	bodies := make([]string, len(cps))
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
		bodies[i] = counterpartyBody(c)
	}
	res := &clearance.UpsertResult{Added: []string{}, Updated: []string{}}
	err := s.write(ctx, "import counterparties", func(tx *sql.Tx) error {
		at := now().Format(timeLayout)
		for i := range cps {
			added, changed, err := upsertCounterparty(ctx, tx, &cps[i], bodies[i], at)
			switch {
			case err != nil:
				return err
			case added:
				res.Added = append(res.Added, cps[i].ID)
			case changed:
				res.Updated = append(res.Updated, cps[i].ID)
			default:
				res.Unchanged++
			}
		}
		_, err := insertEvents(ctx, tx, []clearance.Event{{Type: clearance.EventCounterpartiesImported, At: now(), Actor: actor,
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
func counterpartyBody(c *clearance.Counterparty) string {
	b := *c
	b.CreatedAt, b.UpdatedAt, b.ScreenedAt = time.Time{}, time.Time{}, time.Time{}
	return string(mustMarshal(&b))
}

func upsertCounterparty(ctx context.Context, tx *sql.Tx, c *clearance.Counterparty, body, at string) (added, changed bool, err error) {
	var old string
	err = tx.QueryRowContext(ctx, `SELECT body FROM counterparties WHERE id = ?`, c.ID).Scan(&old)
	switch {
	case errNoRows(err):
		_, err = tx.ExecContext(ctx, `INSERT INTO counterparties (id, body, hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			c.ID, body, c.Hash(), at, at)
		added = err == nil
	case err == nil && old != body:
		_, err = tx.ExecContext(ctx, `UPDATE counterparties SET body = ?, hash = ?, updated_at = ? WHERE id = ?`,
			body, c.Hash(), at, c.ID)
		changed = err == nil
	}
	if err != nil {
		return false, false, wrap(clearance.Internal, err, "import counterparty %s", c.ID)
	}
	return added, changed, nil
}

const counterpartyColumns = `id, body, hash, created_at, updated_at, screened_hash, screened_at`

// Counterparty returns one counterparty.
func (s *Store) Counterparty(ctx context.Context, id string) (*clearance.Counterparty, error) {
	out, err := s.queryCounterparties(ctx, `SELECT `+counterpartyColumns+` FROM counterparties WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no counterparty %q", id)
	}
	return &out[0], nil
}

// Counterparties lists counterparties by id.
func (s *Store) Counterparties(ctx context.Context, f clearance.CounterpartyFilter) ([]clearance.Counterparty, error) {
	q := `SELECT ` + counterpartyColumns + ` FROM counterparties WHERE id > ?`
	if f.Unscreened {
		q += ` AND screened_hash <> hash`
	}
	q += ` ORDER BY id`
	args := []any{f.After}
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	return s.queryCounterparties(ctx, q, args...)
}

// CountCounterparties returns the size of the registry.
func (s *Store) CountCounterparties(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM counterparties`).Scan(&n); err != nil {
		return 0, wrap(clearance.Internal, err, "count counterparties")
	}
	return n, nil
}

func (s *Store) queryCounterparties(ctx context.Context, q string, args ...any) ([]clearance.Counterparty, error) {
	out := []clearance.Counterparty{}
	err := queryEach(ctx, s.db, "read counterparties", q, args, func(rows *sql.Rows) error {
		var id, body, hash, created, updated, screenedHash, screenedAt string
		if err := rows.Scan(&id, &body, &hash, &created, &updated, &screenedHash, &screenedAt); err != nil {
			return err
		}
		var c clearance.Counterparty
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			return err
		}
		var err error
		if c.CreatedAt, err = time.Parse(timeLayout, created); err != nil {
			return err
		}
		if c.UpdatedAt, err = time.Parse(timeLayout, updated); err != nil {
			return err
		}
		if screenedHash == hash && screenedAt != "" {
			if c.ScreenedAt, err = time.Parse(timeLayout, screenedAt); err != nil {
				return err
			}
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// markScreened records that counterparties were screened as of their hash.
func markScreened(ctx context.Context, tx *sql.Tx, marks []clearance.ScreenedMark) error {
	for _, m := range marks {
		_, err := tx.ExecContext(ctx, `UPDATE counterparties SET screened_hash = ?, screened_at = ? WHERE id = ? AND hash = ?`,
			m.Hash, m.At.UTC().Format(timeLayout), m.CounterpartyID, m.Hash)
		if err != nil {
			return wrap(clearance.Internal, err, "mark counterparty %s screened", m.CounterpartyID)
		}
	}
	return nil
}

// mustMarshal marshals plain data, which cannot fail.
func mustMarshal(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sqlite: marshal: %v", err))
	}
	return b
}
