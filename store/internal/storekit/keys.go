package storekit

import (
	"context"
	"errors"

	"github.com/clearancehq/clearance"
)

// KeyColumns are the columns of api_keys in the order a KeyReader's scan
// reads them.
const KeyColumns = `id, name, role, prefix, hash, created_at, created_by, revoked_at, revoked_by`

// KeyTx is what key changes need of a store's transaction.
type KeyTx interface {
	// InsertKey stores a key and returns its id; a name or hash taken
	// gives ErrDuplicate.
	InsertKey(ctx context.Context, k *clearance.APIKey) (int64, error)
	// KeyByName reads a key with its row locked, or nil.
	KeyByName(ctx context.Context, name string) (*clearance.APIKey, error)
	// Revoke records a key's revocation.
	Revoke(ctx context.Context, k *clearance.APIKey) error
	Audit() AuditTx
}

// KeyReader reads keys outside a transaction.
type KeyReader interface {
	// Keys reads the key whose hash is hash, or every key by id when hash
	// is "".
	Keys(ctx context.Context, hash string) ([]clearance.APIKey, error)
}

// KeyBackend is a store's side of the key store.
type KeyBackend interface {
	WriteKeys(ctx context.Context, what string, f func(KeyTx) error) error
	KeyReader() KeyReader
}

// KeyStore implements clearance.KeyStore over a store's backend; a store
// embeds it.
type KeyStore struct{ K KeyBackend }

// CreateKey records a new key.
func (s KeyStore) CreateKey(ctx context.Context, k *clearance.APIKey) (*clearance.APIKey, error) {
	if err := k.Validate(); err != nil {
		return nil, err
	}
	rec := *k
	rec.CreatedAt, rec.RevokedAt, rec.RevokedBy = Now(), nil, ""
	err := s.K.WriteKeys(ctx, "create key "+k.Name, func(tx KeyTx) (err error) {
		if rec.ID, err = tx.InsertKey(ctx, &rec); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return clearance.Errorf(clearance.Conflict, "a key named %s exists already (names stay taken after revocation, so that the audit log names one holder)", k.Name)
			}
			return err
		}
		return auditKey(ctx, tx, clearance.AuditKeyCreate, &rec)
	})
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// KeyByHash returns the key of a secret's hash.
func (s KeyStore) KeyByHash(ctx context.Context, hash string) (*clearance.APIKey, error) {
	keys, err := s.K.KeyReader().Keys(ctx, hash)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no such key")
	}
	return &keys[0], nil
}

// Keys lists every key.
func (s KeyStore) Keys(ctx context.Context) ([]clearance.APIKey, error) {
	return s.K.KeyReader().Keys(ctx, "")
}

// RevokeKey revokes the key named name.
func (s KeyStore) RevokeKey(ctx context.Context, name, by string) (*clearance.APIKey, error) {
	if by == "" {
		return nil, clearance.Errorf(clearance.Invalid, "revoke key %s: who revokes it?", name)
	}
	var out *clearance.APIKey
	err := s.K.WriteKeys(ctx, "revoke key "+name, func(tx KeyTx) error {
		k, err := tx.KeyByName(ctx, name)
		switch {
		case err != nil:
			return err
		case k == nil:
			return clearance.Errorf(clearance.NotFound, "no key named %s", name)
		case !k.Active():
			return clearance.Errorf(clearance.Conflict, "key %s was revoked on %s by %s", name, k.RevokedAt.Format("2006-01-02 15:04"), k.RevokedBy)
		}
		at := Now()
		k.RevokedAt, k.RevokedBy = &at, by
		if err := tx.Revoke(ctx, k); err != nil {
			return err
		}
		out = k
		return auditKey(ctx, tx, clearance.AuditKeyRevoke, k)
	})
	return out, err
}

func auditKey(ctx context.Context, tx KeyTx, action clearance.AuditAction, k *clearance.APIKey) error {
	actor, requestID := clearance.ActorFrom(ctx)
	if actor == "" {
		return nil
	}
	_, err := Append(ctx, tx.Audit(), []clearance.AuditRecord{clearance.KeyRecord(action, k, actor, requestID)})
	return err
}
