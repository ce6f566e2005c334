package postgres

import (
	"bytes"
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// Import stores a new version of req.Source and makes it active, in one
// transaction. Imports queue on an advisory lock, across processes. When
// req.Hash equals the active version's hash it returns that version,
// Unchanged, without calling req.Parse. Errors are *clearance.Error: Invalid
// for bad data (wrapping the parser's error), Internal or Unavailable for
// database failures; either way nothing changes.
func (s *Store) Import(ctx context.Context, req clearance.ImportRequest) (clearance.ImportResult, error) {
	if err := storekit.CheckRequest(req); err != nil {
		return clearance.ImportResult{}, err
	}
	var res clearance.ImportResult
	err := s.inTx(ctx, "import "+string(req.Source), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, importLockKey); err != nil {
			return wrap(kindOf(ctx, err), err, "import %s: wait for other imports", req.Source)
		}
		active, found, err := activeVersion(ctx, tx, req.Source)
		if err != nil {
			return err
		}
		if found && req.Hash != "" && active.Hash == req.Hash {
			res = clearance.ImportResult{Version: active, Unchanged: true}
			return recordImport(ctx, tx, req, res)
		}
		v, err := insertVersion(ctx, tx, req)
		if err != nil {
			return err
		}
		w, err := newSink(ctx, tx, v)
		if err != nil {
			return err
		}
		if err := storekit.Load(ctx, req, &v, w); err != nil {
			return err
		}
		if err := activate(ctx, tx, v); err != nil {
			return err
		}
		if err := s.notifyImport(ctx, tx, v); err != nil {
			return err
		}
		v.Active = true
		res = clearance.ImportResult{Version: v}
		return recordImport(ctx, tx, req, res)
	})
	if err != nil {
		return clearance.ImportResult{}, err
	}
	if !res.Unchanged {
		s.analyze(ctx)
	}
	return res, nil
}

// analyze refreshes the planner's statistics of the entry tables, which an
// import grows by a whole list at once: on stale statistics PostgreSQL
// plans the delta's self-join as nested loops over every entry (minutes
// instead of milliseconds) until autovacuum catches up. A failure only
// leaves plans to autovacuum, so it is not an import error.
func (s *Store) analyze(ctx context.Context) {
	_, _ = s.pool.Exec(ctx, `ANALYZE versions, version_entries, entry_blobs`)
}

// recordImport appends the import's audit record in its transaction.
func recordImport(ctx context.Context, tx pgx.Tx, req clearance.ImportRequest, res clearance.ImportResult) error {
	_, err := storekit.Append(ctx, auditTx{auditQ{tx}, tx}, []clearance.AuditRecord{storekit.ImportRecord(req, res)})
	return err
}

// insertVersion records the new version, inactive and empty, under the next
// number. The transaction holds the import lock, so the number is ours.
func insertVersion(ctx context.Context, tx pgx.Tx, req clearance.ImportRequest) (clearance.Version, error) {
	v := storekit.NewVersion(req)
	err := tx.QueryRow(ctx,
		`SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE source = $1`, v.Source).Scan(&v.Number)
	if err != nil {
		return v, wrap(kindOf(ctx, err), err, "import %s: next version", v.Source)
	}
	files := v.Files
	if files == nil {
		files = []string{}
	}
	_, err = tx.Exec(ctx, `INSERT INTO versions
		(source, number, content_hash, format, files, entries, imported_at, active)
		VALUES ($1, $2, $3, $4, $5, 0, $6, false)`,
		v.Source, v.Number, v.Hash, v.Format, files, v.ImportedAt)
	if err != nil {
		return v, wrap(kindOf(ctx, err), err, "import %s: insert version %d", v.Source, v.Number)
	}
	return v, nil
}

// activate fills in the version's totals and makes it the active one.
func activate(ctx context.Context, tx pgx.Tx, v clearance.Version) error {
	_, err := tx.Exec(ctx, `UPDATE versions SET active = false WHERE source = $1 AND active`, v.Source)
	if err == nil {
		_, err = tx.Exec(ctx, `UPDATE versions
			SET entries = $1, published = $2, published_note = $3, active = true
			WHERE source = $4 AND number = $5`,
			v.Entries, v.Published, v.PublishedNote, v.Source, v.Number)
	}
	if err != nil {
		return wrap(kindOf(ctx, err), err, "import %s: activate version %d", v.Source, v.Number)
	}
	return nil
}

// sinkRows is how many entries travel in one round trip: a few hundred
// kilobytes of bodies.
const sinkRows = 1000

// sink stores the entries of one version in round trips of sinkRows
// entries: three statements over arrays (bodies, the bodies without their
// raw records, then entries), so that an import of 20,000 entries costs
// some 40 round trips, not 40,000.
type sink struct {
	ctx  context.Context
	tx   pgx.Tx
	v    clearance.Version
	seen map[string]struct{} // ids so far, to name a duplicate
	// lean says the schema holds entry_lean_blobs: it always does once
	// Open has migrated it, but a test that migrates a store down to an
	// earlier schema imports into one without (the copies only speed up
	// start-up: EntriesWithoutRaw reads a body whole where none is).
	lean bool
	// the pending rows, column by column
	hashes, bodies, leans, blobRefs [][]byte
	ids, contents, lists            []string
	names                           []string
}

func newSink(ctx context.Context, tx pgx.Tx, v clearance.Version) (*sink, error) {
	w := &sink{ctx: ctx, tx: tx, v: v, seen: map[string]struct{}{}}
	if err := tx.QueryRow(ctx, `SELECT to_regclass('entry_lean_blobs') IS NOT NULL`).Scan(&w.lean); err != nil {
		return nil, wrap(kindOf(ctx, err), err, "import %s: find the schema's tables", v.Source)
	}
	return w, nil
}

// Put queues one entry, refusing a duplicate id, and sends the queue when
// it is full.
func (w *sink) Put(body []byte, sum [32]byte, e *clearance.Entry) error {
	if _, dup := w.seen[e.ID]; dup {
		return clearance.Errorf(clearance.Invalid, "duplicate entry id %q", e.ID)
	}
	w.seen[e.ID] = struct{}{}
	w.hashes = append(w.hashes, sum[:])
	w.bodies = append(w.bodies, bytes.Clone(body))
	if w.lean {
		w.leans = append(w.leans, storekit.WithoutRawBody(w.bodies[len(w.bodies)-1]))
	}
	w.blobRefs = append(w.blobRefs, sum[:])
	w.ids = append(w.ids, e.ID)
	w.contents = append(w.contents, e.ContentHash())
	w.lists = append(w.lists, string(e.List))
	w.names = append(w.names, e.Name)
	if len(w.ids) >= sinkRows {
		return w.Flush()
	}
	return nil
}

// Flush sends the queued entries.
func (w *sink) Flush() error {
	if len(w.ids) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO entry_blobs (hash, body)
		SELECT * FROM unnest($1::bytea[], $2::bytea[]) ON CONFLICT DO NOTHING`, w.hashes, w.bodies)
	if w.lean {
		b.Queue(`INSERT INTO entry_lean_blobs (hash, body)
			SELECT * FROM unnest($1::bytea[], $2::bytea[]) ON CONFLICT DO NOTHING`, w.hashes, w.leans)
	}
	b.Queue(`INSERT INTO version_entries (source, version, entry_id, content_hash, blob_hash, list, name)
		SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bytea[], $6::text[], $7::text[])`,
		w.v.Source, w.v.Number, w.ids, w.contents, w.blobRefs, w.lists, w.names)
	err := w.tx.SendBatch(w.ctx, b).Close()
	first, last := w.ids[0], w.ids[len(w.ids)-1]
	w.hashes, w.bodies, w.leans, w.blobRefs = w.hashes[:0], w.bodies[:0], w.leans[:0], w.blobRefs[:0]
	w.ids, w.contents, w.lists, w.names = w.ids[:0], w.contents[:0], w.lists[:0], w.names[:0]
	if err != nil {
		if ctxErr := w.ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		return wrap(kindOf(w.ctx, err), err, "store entries %s to %s", first, last)
	}
	return nil
}
