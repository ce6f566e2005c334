package clearance

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Role is what an API key may do. Roles are cumulative: each holds the
// permissions of the one before it.
type Role string

// The roles, least to most.
const (
	// RoleScreener is for systems that screen names and orders: order,
	// onboarding and payment systems.
	RoleScreener Role = "screener"
	// RoleAnalyst reviews cases: assigns, escalates, clears and confirms
	// them, and reads what the system holds.
	RoleAnalyst Role = "analyst"
	// RoleApprover is an analyst who may also give the second approval of a
	// four-eyes clearance, record licences and UVL statements, and import
	// ownership data.
	RoleApprover Role = "approver"
	// RoleAdmin may also import lists and manage keys and legal holds.
	RoleAdmin Role = "admin"
)

// Roles lists the roles, least to most.
var Roles = []Role{RoleScreener, RoleAnalyst, RoleApprover, RoleAdmin}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(Roles, r) {
		return "", Errorf(Invalid, "role %q: want one of screener, analyst, approver, admin", s)
	}
	return r, nil
}

func (r Role) rank() int { return slices.Index(Roles, r) }

// Permission is one thing a key may do.
type Permission string

// The permissions, with the least role that holds each.
const (
	PermScreen         Permission = "screen"          // screen names and batches
	PermListsRead      Permission = "lists:read"      // list sources, versions and deltas
	PermOrdersCheck    Permission = "orders:check"    // decide an order without recording it
	PermOrdersSubmit   Permission = "orders:submit"   // decide and record an order
	PermPartiesWrite   Permission = "parties:write"   // import counterparties
	PermRead           Permission = "read"            // read orders, licences, counterparties, cases, events, ownership
	PermCasesAct       Permission = "cases:act"       // assign, escalate, clear, confirm cases
	PermAuditRead      Permission = "audit:read"      // read, export and verify the audit log
	PermCasesApprove   Permission = "cases:approve"   // second approval of a clearance
	PermLicencesWrite  Permission = "licences:write"  // record licences and UVL statements
	PermOwnershipWrite Permission = "ownership:write" // import ownership data
	PermListsImport    Permission = "lists:import"    // import list files
	PermAdmin          Permission = "admin"           // manage keys and legal holds
)

// leastRole is the least role holding each permission.
var leastRole = map[Permission]Role{
	PermScreen: RoleScreener, PermListsRead: RoleScreener, PermOrdersCheck: RoleScreener,
	PermOrdersSubmit: RoleScreener, PermPartiesWrite: RoleScreener,
	PermRead: RoleAnalyst, PermCasesAct: RoleAnalyst, PermAuditRead: RoleAnalyst,
	PermCasesApprove: RoleApprover, PermLicencesWrite: RoleApprover, PermOwnershipWrite: RoleApprover,
	PermListsImport: RoleAdmin, PermAdmin: RoleAdmin,
}

// Can reports whether the role holds the permission. An unknown role or
// permission holds nothing.
func (r Role) Can(p Permission) bool {
	least, ok := leastRole[p]
	return ok && r.rank() >= 0 && r.rank() >= least.rank()
}

// LeastRole returns the least role holding p, for messages.
func LeastRole(p Permission) Role { return leastRole[p] }

// APIKey is an API key as recorded: never the secret itself, only its
// SHA-256 hash and its first characters, to recognise it by.
type APIKey struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Role      Role       `json:"role"`
	Prefix    string     `json:"prefix"` // the secret's first characters
	Hash      string     `json:"-"`      // hex SHA-256 of the secret
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy string     `json:"created_by"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	RevokedBy string     `json:"revoked_by,omitempty"`
}

// Actor is how the audit log names the key's holder.
func (k *APIKey) Actor() string { return "key:" + k.Name }

// Active reports whether the key may be used.
func (k *APIKey) Active() bool { return k.RevokedAt == nil }

// Validate checks what a store needs of a new key.
func (k *APIKey) Validate() error {
	if err := checkKeyName(k.Name); err != nil {
		return err
	}
	if !slices.Contains(Roles, k.Role) {
		return Errorf(Invalid, "key %s: role %q: want one of screener, analyst, approver, admin", k.Name, k.Role)
	}
	if len(k.Hash) != 64 || k.Prefix == "" {
		return Errorf(Invalid, "key %s: no secret hash", k.Name)
	}
	if k.CreatedBy == "" {
		return Errorf(Invalid, "key %s: no creator", k.Name)
	}
	return nil
}

// checkKeyName accepts 1 to 64 letters, digits, '.', '-', '_' and '@'.
func checkKeyName(name string) error {
	if name == "" || len(name) > 64 {
		return Errorf(Invalid, "key name %q: want 1 to 64 characters", name)
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-_@", r)) {
			return Errorf(Invalid, "key name %q: use letters, digits, '.', '-', '_' or '@' only", name)
		}
	}
	return nil
}

// KeyStore keeps API keys.
//
// Contract:
//   - CreateKey refuses a key failing Validate (Invalid) and a name already
//     used, revoked or not (Conflict); it assigns ID and CreatedAt and
//     returns the key as recorded.
//   - KeyByHash returns the key, revoked or not, whose secret hashes to
//     hash, or NotFound.
//   - Keys lists every key by ID.
//   - RevokeKey sets RevokedAt and RevokedBy of the key named name; NotFound
//     for an unknown name, Conflict when already revoked.
//   - A store that is also an AuditLog appends, when the context names an
//     actor (WithActor), an AuditKeyCreate or AuditKeyRevoke record in the
//     same transaction.
type KeyStore interface {
	CreateKey(ctx context.Context, k *APIKey) (*APIKey, error)
	KeyByHash(ctx context.Context, hash string) (*APIKey, error)
	Keys(ctx context.Context) ([]APIKey, error)
	RevokeKey(ctx context.Context, name, by string) (*APIKey, error)
}

// keyPrefix starts every secret, so that a leaked key is recognisable
// (secret scanners match it).
const keyPrefix = "clr_"

// HashKey returns the hex SHA-256 of a secret, as KeyStore keeps it.
func HashKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NewKeySecret returns a new random secret (160 bits) and the record of it
// for a key of the given name and role, to be stored with CreateKey. The
// secret is shown once and never stored.
func NewKeySecret(name string, role Role, by string) (secret string, k *APIKey, err error) {
	var b [20]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, Errorf(Internal, "generate key: %w", err)
	}
	secret = keyPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
	k = &APIKey{Name: name, Role: role, Prefix: secret[:len(keyPrefix)+6], Hash: HashKey(secret), CreatedBy: by}
	return secret, k, k.Validate()
}

// Keyring authenticates secrets against a KeyStore, remembering what it
// found for TTL so that a busy server does not read the store on every
// request. A revocation made elsewhere therefore takes effect within TTL.
type Keyring struct {
	Store KeyStore
	TTL   time.Duration // DefaultKeyTTL when zero
	Now   func() time.Time

	mu    sync.Mutex
	cache map[string]cachedKey // by hash
}

// DefaultKeyTTL is how long a Keyring trusts what it read.
const DefaultKeyTTL = 10 * time.Second

type cachedKey struct {
	key  *APIKey // nil: no such key
	read time.Time
}

// Authenticate returns the active key whose secret is given, or an
// Unauthorized error that does not say why (unknown, malformed or revoked).
func (r *Keyring) Authenticate(ctx context.Context, secret string) (*APIKey, error) {
	if !strings.HasPrefix(secret, keyPrefix) || len(secret) > 128 {
		return nil, errBadKey
	}
	hash := HashKey(secret)
	at := now(r.Now)
	ttl := r.TTL
	if ttl == 0 {
		ttl = DefaultKeyTTL
	}
	r.mu.Lock()
	c, ok := r.cache[hash]
	r.mu.Unlock()
	if !ok || at.Sub(c.read) >= ttl {
		k, err := r.Store.KeyByHash(ctx, hash)
		if err != nil && KindOf(err) != NotFound {
			return nil, err
		}
		c = cachedKey{key: k, read: at}
		r.mu.Lock()
		if r.cache == nil || len(r.cache) > 10000 {
			r.cache = map[string]cachedKey{} // bounded: guessed secrets must not fill memory
		}
		r.cache[hash] = c
		r.mu.Unlock()
	}
	if c.key == nil || !c.key.Active() || subtle.ConstantTimeCompare([]byte(c.key.Hash), []byte(hash)) != 1 {
		return nil, errBadKey
	}
	return c.key, nil
}

// Forget drops what the keyring remembers, so that a revocation made
// through this process takes effect at once.
func (r *Keyring) Forget() {
	r.mu.Lock()
	r.cache = nil
	r.mu.Unlock()
}

var errBadKey = Errorf(Unauthorized, "the API key is unknown or revoked")

// KeyRecord returns the audit record of a key's creation or revocation.
func KeyRecord(action AuditAction, k *APIKey, actor, requestID string) AuditRecord {
	return AuditRecord{Actor: actor, RequestID: requestID, Action: action, Subject: k.Name, Payload: AuditPayload(k)}
}
