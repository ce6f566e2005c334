package storetest

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// RunKeyStore runs the contract suite of clearance.KeyStore. Open must
// return a new, empty store for each call; the suite closes it. When the
// store is also a clearance.AuditLog, key changes made with an actor in the
// context must append their records.
func RunKeyStore(t *testing.T, open func(t *testing.T) clearance.KeyStore) {
	runSuite(t, open, []suiteTest[clearance.KeyStore]{
		{"CreateAndFind", testKeyCreateAndFind},
		{"Refused", testKeyRefused},
		{"Revoke", testKeyRevoke},
	})
}

func newKey(t *testing.T, name string, role clearance.Role) (string, *clearance.APIKey) {
	t.Helper()
	secret, k, err := clearance.NewKeySecret(name, role, "user:admin")
	if err != nil {
		t.Fatalf("NewKeySecret(%q): %v", name, err)
	}
	return secret, k
}

func testKeyCreateAndFind(t *testing.T, s clearance.KeyStore) {
	ctx := clearance.WithActor(t.Context(), "user:admin", "req-1")
	secret, k := newKey(t, "order-system", clearance.RoleScreener)
	got, err := s.CreateKey(ctx, k)
	if err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	if got.ID == 0 || got.CreatedAt.IsZero() || got.CreatedAt.Location().String() != "UTC" || !got.Active() {
		t.Errorf("created key = %+v, want an id, a UTC creation time and no revocation", got)
	}
	_, k2 := newKey(t, "alice", clearance.RoleAnalyst)
	if _, err := s.CreateKey(t.Context(), k2); err != nil {
		t.Fatalf("CreateKey(alice): %v", err)
	}
	found, err := s.KeyByHash(t.Context(), clearance.HashKey(secret))
	if err != nil {
		t.Fatalf("KeyByHash: %v", err)
	}
	if found.Name != "order-system" || found.Role != clearance.RoleScreener || found.ID != got.ID ||
		!found.CreatedAt.Equal(got.CreatedAt) || found.Hash != k.Hash || found.Prefix != k.Prefix || found.CreatedBy != "user:admin" {
		t.Errorf("KeyByHash = %+v, want %+v", found, got)
	}
	if _, err := s.KeyByHash(t.Context(), clearance.HashKey(secret+"x")); clearance.KindOf(err) != clearance.NotFound {
		t.Errorf("KeyByHash(unknown) error = %v, want NotFound", err)
	}
	keys, err := s.Keys(t.Context())
	if err != nil || len(keys) != 2 || keys[0].Name != "order-system" || keys[1].Name != "alice" {
		t.Fatalf("Keys = %+v, %v; want order-system then alice", keys, err)
	}
	if log, ok := s.(clearance.AuditLog); ok {
		recs := readAudit(t, log, clearance.AuditQuery{})
		if len(recs) != 1 || recs[0].Action != clearance.AuditKeyCreate || recs[0].Subject != "order-system" || recs[0].Actor != "user:admin" {
			t.Fatalf("audit after two creations, one with an actor: %+v, want one key.create of order-system", recs)
		}
		if string(recs[0].Payload) == "" || strings.Contains(string(recs[0].Payload), secret) || strings.Contains(string(recs[0].Payload), k.Hash) {
			t.Errorf("key.create payload %s holds the secret or its hash", recs[0].Payload)
		}
	}
}

func testKeyRefused(t *testing.T, s clearance.KeyStore) {
	_, k := newKey(t, "ops", clearance.RoleAdmin)
	if _, err := s.CreateKey(t.Context(), k); err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	_, again := newKey(t, "ops", clearance.RoleScreener)
	if _, err := s.CreateKey(t.Context(), again); clearance.KindOf(err) != clearance.Conflict {
		t.Errorf("CreateKey of a taken name: error %v, want Conflict", err)
	}
	bad := *again
	bad.Name, bad.Role = "other", "root"
	if _, err := s.CreateKey(t.Context(), &bad); clearance.KindOf(err) != clearance.Invalid {
		t.Errorf("CreateKey with role root: error %v, want Invalid", err)
	}
	if keys, _ := s.Keys(t.Context()); len(keys) != 1 {
		t.Errorf("after two refusals: %d keys, want 1", len(keys))
	}
}

func testKeyRevoke(t *testing.T, s clearance.KeyStore) {
	secret, k := newKey(t, "ops", clearance.RoleAdmin)
	if _, err := s.CreateKey(t.Context(), k); err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	ctx := clearance.WithActor(t.Context(), "user:admin", "req-2")
	got, err := s.RevokeKey(ctx, "ops", "user:admin")
	if err != nil || got.Active() || got.RevokedBy != "user:admin" {
		t.Fatalf("RevokeKey = %+v, %v; want revoked by user:admin", got, err)
	}
	found, err := s.KeyByHash(t.Context(), clearance.HashKey(secret))
	if err != nil || found.Active() || !found.RevokedAt.Equal(*got.RevokedAt) {
		t.Errorf("KeyByHash after revocation = %+v, %v; want the revoked key", found, err)
	}
	if _, err := s.RevokeKey(ctx, "ops", "user:admin"); clearance.KindOf(err) != clearance.Conflict {
		t.Errorf("second RevokeKey: error %v, want Conflict", err)
	}
	if _, err := s.RevokeKey(ctx, "nobody", "user:admin"); clearance.KindOf(err) != clearance.NotFound {
		t.Errorf("RevokeKey(nobody): error %v, want NotFound", err)
	}
	if log, ok := s.(clearance.AuditLog); ok {
		recs := readAudit(t, log, clearance.AuditQuery{})
		if len(recs) != 1 || recs[0].Action != clearance.AuditKeyRevoke || recs[0].Subject != "ops" {
			t.Errorf("audit after one revocation and two refusals: %+v, want one key.revoke", recs)
		}
	}
}
