package clearance

import (
	"context"
	"iter"
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

// Store is the database the application runs on, whichever holds it: the
// embedded SQLite file or a PostgreSQL server shared by several instances.
type Store interface {
	ListStore
	AuditLog
}
