package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearancehq/clearance"
)

// timeLayout stores instants in UTC at a fixed width so that text order is
// time order. Microseconds are what PostgreSQL keeps too.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Import stores a new version of req.Source and makes it active, in one
// transaction. When req.Hash equals the active version's hash it returns
// that version, Unchanged, without calling req.Parse. Errors are
// *clearance.Error: Invalid for bad data (wrapping the parser's error),
// Internal for database failures; either way nothing changes.
func (s *Store) Import(ctx context.Context, req clearance.ImportRequest) (clearance.ImportResult, error) {
	if err := checkRequest(req); err != nil {
		return clearance.ImportResult{}, err
	}
	if err := s.lockWriter(ctx); err != nil {
		return clearance.ImportResult{}, wrap(clearance.KindOf(err), err, "import %s", req.Source)
	}
	defer s.unlockWriter()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return clearance.ImportResult{}, wrap(clearance.Internal, err, "import %s: begin", req.Source)
	}
	defer tx.Rollback()

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
	if err := s.load(ctx, tx, req, &v); err != nil {
		return clearance.ImportResult{}, err
	}
	if err := activate(ctx, tx, v); err != nil {
		return clearance.ImportResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return clearance.ImportResult{}, wrap(clearance.Internal, err, "import %s: commit", req.Source)
	}
	v.Active = true
	return clearance.ImportResult{Version: v}, nil
}

func checkRequest(req clearance.ImportRequest) error {
	switch {
	case req.Source == "":
		return clearance.Errorf(clearance.Invalid, "import: no source given")
	case req.Parse == nil:
		return clearance.Errorf(clearance.Invalid, "import %s: no parser given", req.Source)
	}
	return nil
}

// load runs the parser, storing each entry it emits, and fills v's entry
// count and publication date.
func (s *Store) load(ctx context.Context, tx *sql.Tx, req clearance.ImportRequest, v *clearance.Version) error {
	w, err := newWriter(ctx, tx, *v)
	if err != nil {
		return err
	}
	defer w.close()
	res, err := req.Parse(w.emit)
	if err == nil {
		// A parser that drops emit's error must not get a half version stored.
		err = w.err
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return wrap(clearance.KindOf(err), err, "import %s", req.Source)
	}
	switch {
	case w.n == 0:
		return clearance.Errorf(clearance.Invalid, "import %s: no entries: refusing to replace the active version", req.Source)
	case res.Source != "" && res.Source != req.Source:
		return clearance.Errorf(clearance.Invalid, "import %s: the parser read source %s", req.Source, res.Source)
	}
	v.Entries, v.Published, v.PublishedNote = w.n, res.Published, res.PublishedNote
	return nil
}

// insertVersion records the new version, inactive and empty, under the next
// number. The transaction holds the write lock, so the number is ours.
func insertVersion(ctx context.Context, tx *sql.Tx, req clearance.ImportRequest) (clearance.Version, error) {
	v := clearance.Version{
		Source:     req.Source,
		Hash:       req.Hash,
		Format:     req.Format,
		Files:      req.Files,
		ImportedAt: time.Now().UTC().Truncate(time.Microsecond),
	}
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

// writer stores the entries of one version as the parser emits them.
type writer struct {
	ctx   context.Context
	v     clearance.Version
	blob  *sql.Stmt
	entry *sql.Stmt
	buf   bytes.Buffer
	enc   *json.Encoder
	n     int
	err   error // the first error; emit keeps returning it
}

func newWriter(ctx context.Context, tx *sql.Tx, v clearance.Version) (*writer, error) {
	w := &writer{ctx: ctx, v: v}
	w.enc = json.NewEncoder(&w.buf)
	w.enc.SetEscapeHTML(false) // keep Raw as the source wrote it
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

// emit is the parser's callback. After the first failure it refuses every
// further entry with the same error.
func (w *writer) emit(e *clearance.Entry) error {
	if w.err == nil {
		w.err = w.insert(e)
	}
	return w.err
}

func (w *writer) insert(e *clearance.Entry) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if e == nil {
		return clearance.Errorf(clearance.Invalid, "nil entry")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if e.Source != w.v.Source {
		return clearance.Errorf(clearance.Invalid, "entry %s has source %q, want %q", e.ID, e.Source, w.v.Source)
	}
	w.buf.Reset()
	if err := w.enc.Encode(e); err != nil {
		return wrap(clearance.Invalid, err, "entry %s", e.ID)
	}
	body := bytes.TrimSuffix(w.buf.Bytes(), []byte("\n"))
	sum := sha256.Sum256(body)
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
	w.n++
	return nil
}

// fail explains a database error; when the context ended, that is the
// reason, whatever the driver reported.
func (w *writer) fail(err error, id string) error {
	if ctxErr := w.ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return wrap(clearance.Internal, err, "store entry %s", id)
}
