package clearance

import (
	"context"
	"errors"
	"iter"
	"time"
)

// ImportRequest describes one import of a source for a ListStore.
type ImportRequest struct {
	Source SourceID
	Format string
	Files  []string // file names, for the record
	Hash   string   // hash of the input files' bytes, in order
	// Actor and RequestID go into the import's audit record: who imported
	// (a person or a system account) and in answer to which request.
	Actor     string
	RequestID string
	// Parse streams the version's entries into emit and returns what it
	// learnt about the file set. The store calls it inside its transaction.
	Parse func(emit func(*Entry) error) (ParseResult, error)
}

// ImportResult reports what an import did.
type ImportResult struct {
	Version Version
	// Unchanged is set when the files were byte-identical to the active
	// version's: no new version was recorded and Parse was not called.
	Unchanged bool
}

// ListStore keeps every version of every source.
//
// Contract:
//   - Import is atomic: either the whole version is stored and becomes the
//     source's active version, or nothing changes and the error says why.
//     A Parse error, a context cancellation or a crash leaves the previously
//     active version active.
//   - Entry ids are unique within a version; Import rejects a duplicate with
//     an Invalid error naming it.
//   - Versions are numbered 1, 2, 3... per source and never renumbered.
//   - Import refuses a request without an Actor: every import, and every
//     check that found the files unchanged, is recorded in the audit log
//     (see AuditLog).
//   - Entries of a version are returned in id order.
type ListStore interface {
	Import(ctx context.Context, req ImportRequest) (ImportResult, error)
	// Versions returns the versions of a source, oldest first; of all
	// sources when source is empty.
	Versions(ctx context.Context, source SourceID) ([]Version, error)
	// ActiveVersions returns the active version of each imported source.
	ActiveVersions(ctx context.Context) ([]Version, error)
	// Entries streams the entries of one version of a source.
	Entries(ctx context.Context, source SourceID, version int) iter.Seq2[*Entry, error]
	// Delta computes what changed from one version to another. From may be
	// 0, meaning the empty list: everything in To is added.
	Delta(ctx context.Context, source SourceID, from, to int) (*Delta, error)
	Close() error
}

// RawlessEntries is implemented by list stores that can stream the entries
// of a version without their Raw records, faster than Entries can: the raw
// record is most of a stored entry, and a screener, which loads every entry
// at start-up, never reads it. The entries are those Entries yields, in the
// same order, with Raw nil.
type RawlessEntries interface {
	EntriesWithoutRaw(ctx context.Context, source SourceID, version int) iter.Seq2[*Entry, error]
}

// ErrBalanceChanged is wrapped by the error of OrderStore.SubmitOrder when a
// licence line no longer holds what the decision draws from it: another
// submission drew on it first. The order should be decided again.
var ErrBalanceChanged = errors.New("a licence balance changed since the order was decided")

// SubmittedOrder is an order as recorded, with its decision.
type SubmittedOrder struct {
	Order       Order     `json:"order"`
	Decision    Decision  `json:"decision"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// LicenceStore keeps licences, what has been drawn from them, and UVL
// statements.
//
// Contract:
//   - AddLicence refuses a licence that fails Licence.Validate (Invalid) and
//     a number already recorded (Conflict). A recorded licence never
//     changes; only its balance moves, by OrderStore.SubmitOrder.
//   - Licence returns NotFound for an unknown number; Licences lists every
//     licence by number.
//   - A LicenceBalance has one Line per licence item, in order, and its
//     Draws oldest first.
//   - AddUVLStatement refuses a statement that fails Validate (Invalid),
//     assigns ID and RecordedAt, and returns the record; UVLStatements lists
//     them by ID.
type LicenceStore interface {
	AddLicence(ctx context.Context, l *Licence) (*LicenceBalance, error)
	Licence(ctx context.Context, number string) (*LicenceBalance, error)
	Licences(ctx context.Context) ([]LicenceBalance, error)
	AddUVLStatement(ctx context.Context, s *UVLStatement) (*UVLStatement, error)
	UVLStatements(ctx context.Context) ([]UVLStatement, error)
}

// OrderStore records submitted orders with their decisions.
//
// Contract:
//   - SubmitOrder records the order and its decision and applies the
//     decision's Draws to the licence balances in one transaction: all of it
//     happens or none of it.
//   - A draw never takes a line below zero. When a line lacks what a draw
//     takes (another submission drew on it first), nothing is recorded and
//     the error, of kind Conflict, wraps ErrBalanceChanged. Concurrent
//     submissions therefore never overdraw a licence.
//   - An order id is submitted once: a second submission is refused with
//     Conflict and changes nothing.
//   - SubmitOrder refuses, with Invalid, an order that fails Order.Validate,
//     a decision for another order or with an unknown outcome, and draws on
//     unknown licences or lines or with negative amounts.
//   - The recorded decision has Recorded set; Order returns it with the
//     order, or NotFound; Orders lists every order, oldest submission first.
type OrderStore interface {
	SubmitOrder(ctx context.Context, o *Order, d *Decision) (*SubmittedOrder, error)
	Order(ctx context.Context, id string) (*SubmittedOrder, error)
	Orders(ctx context.Context) ([]SubmittedOrder, error)
}

// GateStore is what the licence gate records into. SubmitOrder draws on the
// LicenceStore's balances, so one store implements both.
//
// A store that is also an AuditLog appends, when the context names an
// actor (WithActor), the audit record of each AddLicence (AuditLicenceAdd),
// AddUVLStatement (AuditUVLAdd) and SubmitOrder (AuditOrderSubmit, with
// the decision and its draws) in the same transaction: a change is
// recorded with its audit record or not at all.
type GateStore interface {
	LicenceStore
	OrderStore
}

// Store is the database the application runs on, whichever holds it: the
// embedded SQLite file or a PostgreSQL server shared by several instances.
type Store interface {
	ListStore
	AuditLog
	GateStore
	KeyStore
}

// OwnershipImport is one import of ownership edges, as recorded.
type OwnershipImport struct {
	ID         int64     `json:"id"`
	File       string    `json:"file"`
	Hash       string    `json:"content_hash"`
	ImportedAt time.Time `json:"imported_at"`
	// Edges is how many edges the file held, Added how many of them were
	// new: an edge already on file (same owner, owned, date and source,
	// same stake) is not recorded twice.
	Edges int `json:"edges"`
	Added int `json:"added"`
}

// OwnershipStore keeps ownership edges.
//
// Contract:
//   - AddOwnership refuses, with Invalid, an edge that fails
//     OwnershipEdge.Validate, and records the others in one transaction:
//     all of them or none.
//   - An edge that names a party by id ("counterparty:ID", "entry:ID")
//     must name a counterparty of the registry or an entry of an active
//     list version; otherwise the import is refused, with Invalid, each
//     unknown id an *EdgeError (up to twenty) naming the edge's index and
//     field, and nothing is recorded.
//   - An edge is identified by its owner, owned, as-of date and source as
//     written. Adding an identified edge again with the same stake changes
//     nothing; with another stake it is refused with Conflict, naming the
//     edge, and nothing of the import is recorded: a source does not say
//     two things of one date.
//   - OwnershipEdges yields every recorded edge, in the order recorded; an
//     unknown stake reads back unknown.
//   - OwnershipImports lists the imports, oldest first.
type OwnershipStore interface {
	AddOwnership(ctx context.Context, file, hash string, edges []OwnershipEdge) (OwnershipImport, error)
	OwnershipEdges(ctx context.Context) iter.Seq2[OwnershipEdge, error]
	OwnershipImports(ctx context.Context) ([]OwnershipImport, error)
}
