package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

// timeLayout stores instants in UTC at a fixed width so that text order is
// time order.
const timeLayout = storekit.TimeLayout

// Import stores a new version of req.Source and makes it active, in one
// transaction. When req.Hash equals the active version's hash it returns
// that version, Unchanged, without calling req.Parse. Errors are
// *clearance.Error: Invalid for bad data (wrapping the parser's error),
// Internal for database failures; either way nothing changes.
func (s *Store) Import(ctx context.Context, req clearance.ImportRequest) (clearance.ImportResult, error) {
	if err := storekit.CheckRequest(req); err != nil {
		return clearance.ImportResult{}, err
	}
	var res clearance.ImportResult
	err := s.write(ctx, "import "+string(req.Source), func(tx *sql.Tx) (err error) {
		if res, err = importTx(ctx, tx, req); err != nil {
			return err
		}
		_, err = storekit.Append(ctx, auditTx{auditQ{tx}, tx, nil}, []clearance.AuditRecord{storekit.ImportRecord(req, res)})
		return err
	})
	if err != nil {
		return clearance.ImportResult{}, err
	}
	return res, nil
}

// importTx imports in tx, which holds the write lock.
func importTx(ctx context.Context, tx *sql.Tx, req clearance.ImportRequest) (clearance.ImportResult, error) {
	active, found, err := activeVersion(ctx, tx, req.Source)
	if err != nil {
		return clearance.ImportResult{}, err
	}
	if found && req.Hash != "" && active.Hash == req.Hash {
		return clearance.ImportResult{Version: active, Unchanged: true}, nil
	}
	v, err := insertVersion(ctx, tx, req)
	if err != nil {
		return clearance.ImportResult{}, err
	}
	if err := load(ctx, tx, req, &v); err != nil {
		return clearance.ImportResult{}, err
	}
	if err := activate(ctx, tx, v); err != nil {
		return clearance.ImportResult{}, err
	}
	v.Active = true
	return clearance.ImportResult{Version: v}, nil
}

// insertVersion records the new version, inactive and empty, under the next
// number. The transaction holds the write lock, so the number is ours.
func insertVersion(ctx context.Context, tx *sql.Tx, req clearance.ImportRequest) (clearance.Version, error) {
	v := storekit.NewVersion(req)
	err := tx.QueryRowContext(ctx,
		`SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE source = ?`, v.Source).Scan(&v.Number)
	if err != nil {
		return v, wrap(clearance.Internal, err, "import %s: next version", v.Source)
	}
	files := []byte("[]")
	if len(v.Files) > 0 {
		files, _ = json.Marshal(v.Files) // a []string always marshals
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO versions
		(source, number, content_hash, format, files, entries, imported_at, active)
		VALUES (?, ?, ?, ?, ?, 0, ?, 0)`,
		v.Source, v.Number, v.Hash, v.Format, string(files), v.ImportedAt.Format(timeLayout))
	if err != nil {
		return v, wrap(clearance.Internal, err, "import %s: insert version %d", v.Source, v.Number)
	}
	return v, nil
}

// activate fills in the version's totals and makes it the active one.
func activate(ctx context.Context, tx *sql.Tx, v clearance.Version) error {
	_, err := tx.ExecContext(ctx,
		`UPDATE versions SET active = 0 WHERE source = ? AND active = 1`, v.Source)
	if err == nil {
		_, err = tx.ExecContext(ctx, `UPDATE versions
			SET entries = ?, published = ?, published_note = ?, active = 1
			WHERE source = ? AND number = ?`,
			v.Entries, v.Published, v.PublishedNote, v.Source, v.Number)
	}
	if err != nil {
		return wrap(clearance.Internal, err, "import %s: activate version %d", v.Source, v.Number)
	}
	return nil
}

// load runs the parser, storing each entry it emits, and fills v's entry
// count and publication date.
func load(ctx context.Context, tx *sql.Tx, req clearance.ImportRequest, v *clearance.Version) error {
	w, err := newWriter(ctx, tx, *v)
	if err != nil {
		return err
	}
	defer w.close()
	return storekit.Load(ctx, req, v, w)
}

// writer stores the entries of one version as the parser emits them.
type writer struct {
	ctx   context.Context
	v     clearance.Version
	blob  *sql.Stmt
	entry *sql.Stmt
}

func newWriter(ctx context.Context, tx *sql.Tx, v clearance.Version) (*writer, error) {
	w := &writer{ctx: ctx, v: v}
	var err error
	w.blob, err = tx.PrepareContext(ctx,
		`INSERT INTO entry_blobs (hash, body) VALUES (?, ?) ON CONFLICT DO NOTHING`)
	if err == nil {
		w.entry, err = tx.PrepareContext(ctx, `INSERT INTO version_entries
			(source, version, entry_id, content_hash, blob_hash, list, name)
			VALUES (?, ?, ?, ?, ?, ?, ?)`)
	}
	if err != nil {
		w.close()
		return nil, wrap(clearance.Internal, err, "import %s: prepare", v.Source)
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range []*sql.Stmt{w.blob, w.entry} {
		if st != nil {
			st.Close()
		}
	}
}

// Put stores one entry and its body, at once: SQLite has no round trips to
// save.
func (w *writer) Put(body []byte, sum [32]byte, e *clearance.Entry) error {
	if _, err := w.blob.ExecContext(w.ctx, sum[:], body); err != nil {
		return w.fail(err, e.ID)
	}
	_, err := w.entry.ExecContext(w.ctx, w.v.Source, w.v.Number, e.ID, e.ContentHash(), sum[:], e.List, e.Name)
	if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
		return clearance.Errorf(clearance.Invalid, "duplicate entry id %q", e.ID)
	}
	if err != nil {
		return w.fail(err, e.ID)
	}
	return nil
}

// Flush has nothing to do: Put wrote everything.
func (w *writer) Flush() error { return nil }

// fail explains a database error; when the context ended, that is the
// reason, whatever the driver reported.
func (w *writer) fail(err error, id string) error {
	if ctxErr := w.ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return wrap(clearance.Internal, err, "store entry %s", id)
}
