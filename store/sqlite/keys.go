package sqlite

import (
	"context"
	"database/sql"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.KeyStore = (*Store)(nil)

// keyBackend gives the shared key store (storekit.Keys) SQLite's
// transactions.
type keyBackend struct{ s *Store }

func (b keyBackend) WriteKeys(ctx context.Context, what string, f func(storekit.KeyTx) error) error {
	return b.s.write(ctx, what, func(tx *sql.Tx) error { return f(keyTx{tx}) })
}

func (b keyBackend) KeyReader() storekit.KeyReader { return keyQ{b.s.db} }

type keyTx struct{ tx *sql.Tx }

func (t keyTx) InsertKey(ctx context.Context, k *clearance.APIKey) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `INSERT INTO api_keys (name, role, prefix, hash, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?)`, k.Name, string(k.Role), k.Prefix, k.Hash, k.CreatedAt.Format(timeLayout), k.CreatedBy)
	if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_UNIQUE {
		return 0, storekit.ErrDuplicate
	}
	if err != nil {
		return 0, wrap(clearance.Internal, err, "create key %s", k.Name)
	}
	return res.LastInsertId()
}

func (t keyTx) KeyByName(ctx context.Context, name string) (*clearance.APIKey, error) {
	keys, err := readKeys(ctx, t.tx, `SELECT `+storekit.KeyColumns+` FROM api_keys WHERE name = ?`, name)
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	return &keys[0], nil
}

func (t keyTx) Revoke(ctx context.Context, k *clearance.APIKey) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ?`,
		k.RevokedAt.Format(timeLayout), k.RevokedBy, k.ID)
	if err != nil {
		return wrap(clearance.Internal, err, "revoke key %s", k.Name)
	}
	return nil
}

func (t keyTx) Audit() storekit.AuditTx { return auditTx{auditQ{t.tx}, t.tx, nil} }

type keyQ struct{ q querier }

func (q keyQ) Keys(ctx context.Context, hash string) ([]clearance.APIKey, error) {
	query, args := storekit.Where(`SELECT `+storekit.KeyColumns+` FROM api_keys`, `hash = ?`, hash)
	return readKeys(ctx, q.q, query+` ORDER BY id`, args...)
}

func readKeys(ctx context.Context, q querier, query string, args ...any) ([]clearance.APIKey, error) {
	return collect(ctx, q, "read keys", query, args, func(rows storekit.Rows) (clearance.APIKey, error) {
		var k clearance.APIKey
		var created string
		var revoked sql.NullString
		err := rows.Scan(&k.ID, &k.Name, &k.Role, &k.Prefix, &k.Hash, &created, &k.CreatedBy, &revoked, &k.RevokedBy)
		if err == nil {
			k.CreatedAt, err = parseTime(created)
		}
		if err == nil && revoked.Valid {
			var at time.Time
			at, err = parseTime(revoked.String)
			k.RevokedAt = &at
		}
		return k, err
	})
}
