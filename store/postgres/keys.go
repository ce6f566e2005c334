package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.KeyStore = (*Store)(nil)

// keyBackend gives the shared key store (storekit.Keys) PostgreSQL's
// transactions.
type keyBackend struct{ s *Store }

func (b keyBackend) WriteKeys(ctx context.Context, what string, f func(storekit.KeyTx) error) error {
	return b.s.inTx(ctx, what, func(tx pgx.Tx) error { return f(keyTx{tx}) })
}

func (b keyBackend) KeyReader() storekit.KeyReader { return keyQ{b.s.pool} }

type keyTx struct{ tx pgx.Tx }

func (t keyTx) InsertKey(ctx context.Context, k *clearance.APIKey) (int64, error) {
	var id int64
	err := t.tx.QueryRow(ctx, `INSERT INTO api_keys (name, role, prefix, hash, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, k.Name, string(k.Role), k.Prefix, k.Hash, k.CreatedAt, k.CreatedBy).Scan(&id)
	return id, duplicate(ctx, err, "create key %s", k.Name)
}

func (t keyTx) KeyByName(ctx context.Context, name string) (*clearance.APIKey, error) {
	keys, err := readKeys(ctx, t.tx, `SELECT `+storekit.KeyColumns+` FROM api_keys WHERE name = $1 FOR UPDATE`, name)
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	return &keys[0], nil
}

func (t keyTx) Revoke(ctx context.Context, k *clearance.APIKey) error {
	_, err := t.tx.Exec(ctx, `UPDATE api_keys SET revoked_at = $1, revoked_by = $2 WHERE id = $3`, *k.RevokedAt, k.RevokedBy, k.ID)
	if err != nil {
		return wrap(kindOf(ctx, err), err, "revoke key %s", k.Name)
	}
	return nil
}

func (t keyTx) Audit() storekit.AuditTx { return auditTx{auditQ{t.tx}, t.tx} }

type keyQ struct{ q querier }

func (q keyQ) Keys(ctx context.Context, hash string) ([]clearance.APIKey, error) {
	query, args := storekit.Where(`SELECT `+storekit.KeyColumns+` FROM api_keys`, `hash = $1`, hash)
	return readKeys(ctx, q.q, query+` ORDER BY id`, args...)
}

func readKeys(ctx context.Context, q querier, query string, args ...any) ([]clearance.APIKey, error) {
	return collect(ctx, q, "read keys", query, args, func(rows storekit.Rows) (clearance.APIKey, error) {
		var k clearance.APIKey
		var role string
		err := rows.Scan(&k.ID, &k.Name, &role, &k.Prefix, &k.Hash, &k.CreatedAt, &k.CreatedBy, &k.RevokedAt, &k.RevokedBy)
		k.Role = clearance.Role(role)
		k.CreatedAt = k.CreatedAt.UTC()
		if k.RevokedAt != nil {
			at := k.RevokedAt.UTC()
			k.RevokedAt = &at
		}
		return k, err
	})
}
