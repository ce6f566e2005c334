// Package postgres stores Clearance's data in a PostgreSQL database
// (github.com/jackc/pgx/v5), so that several Clearance instances can share
// one database. It keeps the same data as the SQLite store, with the same
// contract (store/storetest runs against both).
//
// Writers that must not interleave take transaction-scoped advisory locks:
// list imports queue on one lock, so that version numbers and the active
// flag never race between processes, and writers of the event log on
// another, so that events commit in ID order; an update of a review case
// locks the case's row (see reviewBackend). Readers never wait for an
// import: a committed version never changes, and each read sees a
// committed state.
//
// The schema is created and upgraded by the numbered migrations in
// migrations/ and the one written in Go (leanMigration, number 9), applied
// by goose on Open under a session advisory lock, so that instances
// starting together migrate once. Everything lives in the
// connection's current schema (search_path), so one database can hold
// several independent stores.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a Clearance store backed by a PostgreSQL database. It is safe for
// concurrent use, also by several processes sharing the database.
type Store struct {
	storekit.AuditLog  // the audit log's methods, over auditBackend
	storekit.Gate      // the licence gate's methods, over gateBackend
	storekit.KeyStore  // API keys, over keyBackend
	storekit.Review    // review and monitoring, over reviewBackend
	storekit.Ownership // the ownership data, over ownershipBackend
	pool               *pgxpool.Pool
	name               string // the database's address without its password, for messages
	// channel is the LISTEN/NOTIFY channel of list imports; it names the
	// database and schema, since notifications cross schemas.
	channel string
	// eventsLock is the advisory lock key that writers of events take
	// (see reviewBackend); like channel, it names the database and schema,
	// since advisory locks are shared by every schema of a database.
	eventsLock int64
}

var (
	_ clearance.ListStore      = (*Store)(nil)
	_ clearance.RawlessEntries = (*Store)(nil)
)

// Advisory lock keys. Transaction-scoped locks, so a crashed process
// releases them with its connection.
const (
	importLockKey int64 = 0x636c_6561_0001 // "clea" 1: list imports
)

// wrap returns a *clearance.Error with a formatted message and err as its
// cause.
var wrap = storekit.Wrap

// Open connects to the database at url (postgres:// or postgresql://, or a
// key=value connection string) and brings its schema up to date. A bad
// address is an Invalid error; an unreachable server, Unavailable.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, wrap(clearance.Invalid, err, "open database: bad address")
	}
	s := &Store{name: redact(url)}
	s.AuditLog = storekit.AuditLog{B: auditBackend{s}}
	s.Gate = storekit.Gate{G: gateBackend{s}}
	s.KeyStore = storekit.KeyStore{K: keyBackend{s}}
	s.Review = storekit.Review{R: reviewBackend{s}}
	s.Ownership = storekit.Ownership{O: ownershipBackend{s}}
	s.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, wrap(clearance.Invalid, err, "open database %s", s.name)
	}
	if err := s.pool.Ping(ctx); err != nil {
		s.pool.Close()
		return nil, wrap(clearance.Unavailable, err, "open database %s", s.name)
	}
	if err := s.migrate(ctx); err != nil {
		s.pool.Close()
		return nil, err
	}
	return s, nil
}

// redact returns the address without its password.
func redact(addr string) string {
	u, err := url.Parse(addr)
	if err != nil || u.Scheme == "" {
		return "(connection string)"
	}
	return u.Redacted()
}

// migrate applies the embedded migrations, holding a session advisory lock
// keyed by database and schema.
func (s *Store) migrate(ctx context.Context) error {
	var where string
	if err := s.pool.QueryRow(ctx, `SELECT current_database() || '.' || coalesce(current_schema(), '')`).Scan(&where); err != nil {
		return wrap(clearance.Internal, err, "open database %s: current schema", s.name)
	}
	// Channel names must fit PostgreSQL's 63-byte identifiers, whatever
	// the schema's name: a digest of it keeps them short and distinct.
	s.channel = fmt.Sprintf("clearance_lists_%016x", digest("clearance lists "+where))
	s.eventsLock = int64(digest("clearance events "+where) >> 1)
	lockID := int64(digest("clearance migrations "+where) >> 1)
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID), lock.WithLockTimeout(1, 600))
	if err != nil {
		return wrap(clearance.Internal, err, "open database %s: migration lock", s.name)
	}
	db := stdlib.OpenDBFromPool(s.pool)
	defer db.Close()
	p, err := newProvider(db, goose.WithSessionLocker(locker))
	if err != nil {
		return wrap(clearance.Internal, err, "open database %s: migrations", s.name)
	}
	if _, err := p.Up(ctx); err != nil {
		return wrap(clearance.Internal, err, "open database %s: migrate", s.name)
	}
	return nil
}

// newProvider returns the migrations over db: the SQL files in
// migrations/ and the Go ones (leanMigration).
func newProvider(db *sql.DB, opts ...goose.ProviderOption) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	opts = append([]goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(leanMigration)}, opts...)
	return goose.NewProvider(goose.DialectPostgres, db, sub, opts...)
}

// digest is a 64-bit hash of s.
func digest(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// Close closes the connections. Streams still open fail afterwards.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// inTx runs f in a transaction, committing when f returns nil.
func (s *Store) inTx(ctx context.Context, what string, f func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return wrap(kindOf(ctx, err), err, "%s: begin", what)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := f(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return wrap(kindOf(ctx, err), err, "%s: commit", what)
	}
	return nil
}

// kindOf classifies a database error: a cancelled context keeps its own
// kind, a lost server is Unavailable, anything else Internal.
func kindOf(ctx context.Context, err error) clearance.ErrorKind {
	var pe *pgconn.PgError
	switch {
	case ctx.Err() != nil:
		return clearance.KindOf(ctx.Err())
	case errors.As(err, &pe):
		return clearance.Internal
	case pgconn.SafeToRetry(err) || pgconn.Timeout(err):
		return clearance.Unavailable
	}
	return clearance.Internal
}

// pgCode returns the SQLSTATE in err's chain, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}
