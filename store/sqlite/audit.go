package sqlite

import (
	"context"
	"database/sql"
	"iter"
	"strings"
	"sync"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.Store = (*Store)(nil)

// auditBackend gives the shared audit log (storekit.AuditLog) SQLite's
// write transactions: the database's only writer, so appends from every
// process take turns.
type auditBackend struct{ s *Store }

func (b auditBackend) Write(ctx context.Context, what string, f func(storekit.AuditTx) error) error {
	stmts, err := b.s.appendStmts(ctx)
	if err != nil {
		return err
	}
	return b.s.write(ctx, what, func(tx *sql.Tx) error { return f(auditTx{auditQ{tx}, tx, stmts}) })
}

// auditStmts are the statements of an append, prepared once: a server
// appends the records of its screenings many times a second, and SQLite
// parsing the same three statements for each append cost more than the
// writes.
// Records are inserted up to maxInsertRows in one statement, whose
// per-statement cost then counts once: the statement of each row count is
// prepared when first needed (insert[n]).
type auditStmts struct {
	head, setHead *sql.Stmt
	db            *sql.DB
	mu            sync.Mutex
	insert        [maxInsertRows + 1]*sql.Stmt
}

// maxInsertRows is the most records one INSERT holds (ten columns each,
// far below SQLite's limit on a statement's parameters).
const maxInsertRows = 32

const (
	headSQL    = `SELECT seq, hash, at, anchor_seq, anchor_hash FROM audit_head WHERE id = 1`
	setHeadSQL = `UPDATE audit_head SET seq = ?, hash = ?, at = ?, anchor_seq = ?, anchor_hash = ? WHERE id = 1`
)

// insertSQL is the INSERT of n records.
func insertSQL(n int) string {
	row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	return `INSERT INTO audit_records (` + storekit.AuditColumns + `) VALUES ` + strings.Repeat(row+", ", n-1) + row
}

// insertStmt returns the prepared INSERT of n records.
func (s *auditStmts) insertStmt(ctx context.Context, n int) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.insert[n] == nil {
		st, err := s.db.PrepareContext(ctx, insertSQL(n))
		if err != nil {
			return nil, wrap(clearance.Internal, err, "audit log: prepare")
		}
		s.insert[n] = st
	}
	return s.insert[n], nil
}

// appendStmts prepares the append statements on first use.
func (s *Store) appendStmts(ctx context.Context) (*auditStmts, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if s.stmts != nil {
		return s.stmts, nil
	}
	st := &auditStmts{db: s.db}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{{&st.head, headSQL}, {&st.setHead, setHeadSQL}} {
		var err error
		if *p.dst, err = s.db.PrepareContext(ctx, p.sql); err != nil {
			return nil, wrap(clearance.Internal, err, "audit log: prepare")
		}
	}
	s.stmts = st
	return s.stmts, nil
}

func (b auditBackend) Reader() storekit.AuditReader { return auditQ{b.s.db} }

// write runs f in a write transaction, holding this process's write token.
func (s *Store) write(ctx context.Context, what string, f func(tx *sql.Tx) error) error {
	if err := s.lockWriter(ctx); err != nil {
		return wrap(clearance.KindOf(err), err, "%s", what)
	}
	defer s.unlockWriter()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(clearance.Internal, err, "%s: begin", what)
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return wrap(clearance.Internal, err, "%s: commit", what)
	}
	return nil
}

// auditQ reads the audit tables through a *sql.DB or a *sql.Tx.
type auditQ struct{ q querier }

// Head reads the chain head. A write transaction already excludes every
// other writer, so lock needs nothing more.
func (a auditQ) Head(ctx context.Context, lock bool) (clearance.AuditHead, error) {
	var h clearance.AuditHead
	var at string
	err := a.q.QueryRowContext(ctx, headSQL).Scan(&h.Seq, &h.Hash, &at, &h.AnchorSeq, &h.AnchorHash)
	return scannedHead(h, at, err)
}

// scannedHead finishes reading the head row.
func scannedHead(h clearance.AuditHead, at string, err error) (clearance.AuditHead, error) {
	if err == nil {
		h.Time, err = parseTime(at)
	}
	if err != nil {
		return h, wrap(clearance.Internal, err, "audit log: read the head")
	}
	return h, nil
}

func (a auditQ) Records(ctx context.Context, aq clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return func(yield func(clearance.AuditRecord, error) bool) {
		query, args := storekit.AuditSelect(aq, func(int) string { return "?" },
			func(t time.Time) any { return formatTime(t) })
		rows, err := a.q.QueryContext(ctx, query, args...)
		if err != nil {
			yield(clearance.AuditRecord{}, wrap(clearance.Internal, err, "read the audit log"))
			return
		}
		defer rows.Close()
		storekit.Yield(rows, yield, func() (clearance.AuditRecord, error) {
			var r clearance.AuditRecord
			var at, payload string
			err := rows.Scan(&r.Seq, &at, &r.Actor, &r.RequestID, &r.Action, &r.Subject, &r.Retention, &payload, &r.PrevHash, &r.Hash)
			if err == nil {
				r.Time, err = parseTime(at)
			}
			if err != nil {
				return r, wrap(clearance.Internal, err, "read the audit log")
			}
			r.Payload = []byte(payload)
			return r, nil
		}, func(err error) error { return wrap(clearance.Internal, err, "read the audit log") })
	}
}

func (a auditQ) Holds(ctx context.Context, activeOnly bool, id int64) ([]clearance.AuditHold, error) {
	rows, err := a.q.QueryContext(ctx, `SELECT id, reason, covers_from, covers_to, placed_by, placed_at, released_by, released_at
		FROM audit_holds WHERE (NOT ? OR released_at = '') AND (? = 0 OR id = ?) ORDER BY id`, activeOnly, id, id)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "read legal holds")
	}
	defer rows.Close()
	var out []clearance.AuditHold
	for rows.Next() {
		var h clearance.AuditHold
		var from, to, placed, released string
		err := rows.Scan(&h.ID, &h.Reason, &from, &to, &h.PlacedBy, &placed, &h.ReleasedBy, &released)
		for _, p := range []struct {
			s string
			t *time.Time
		}{{from, &h.From}, {to, &h.To}, {placed, &h.PlacedAt}, {released, &h.ReleasedAt}} {
			if err == nil {
				*p.t, err = parseTime(p.s)
			}
		}
		if err != nil {
			return nil, wrap(clearance.Internal, err, "read legal holds")
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(clearance.Internal, err, "read legal holds")
	}
	return out, nil
}

// auditTx writes the audit tables in a write transaction, with the
// prepared append statements when it has them.
type auditTx struct {
	auditQ
	tx    *sql.Tx
	stmts *auditStmts
}

// stmt returns the prepared statement in the transaction, or nil.
func (a auditTx) stmt(ctx context.Context, pick func(*auditStmts) *sql.Stmt) *sql.Stmt {
	if a.stmts == nil {
		return nil
	}
	return a.tx.StmtContext(ctx, pick(a.stmts))
}

// Head reads the chain head through the prepared statement.
func (a auditTx) Head(ctx context.Context, lock bool) (clearance.AuditHead, error) {
	st := a.stmt(ctx, func(s *auditStmts) *sql.Stmt { return s.head })
	if st == nil {
		return a.auditQ.Head(ctx, lock)
	}
	var h clearance.AuditHead
	var at string
	err := st.QueryRowContext(ctx).Scan(&h.Seq, &h.Hash, &at, &h.AnchorSeq, &h.AnchorHash)
	return scannedHead(h, at, err)
}

func (a auditTx) SetHead(ctx context.Context, h clearance.AuditHead) error {
	args := []any{h.Seq, h.Hash, formatTime(h.Time), h.AnchorSeq, h.AnchorHash}
	var err error
	if st := a.stmt(ctx, func(s *auditStmts) *sql.Stmt { return s.setHead }); st != nil {
		_, err = st.ExecContext(ctx, args...)
	} else {
		_, err = a.tx.ExecContext(ctx, setHeadSQL, args...)
	}
	if err != nil {
		return wrap(clearance.Internal, err, "audit log: move the head to record %d", h.Seq)
	}
	return nil
}

func (a auditTx) Insert(ctx context.Context, recs []clearance.AuditRecord) error {
	args := make([]any, 0, 10*min(len(recs), maxInsertRows))
	for len(recs) > 0 {
		n := min(len(recs), maxInsertRows)
		args = args[:0]
		for _, r := range recs[:n] {
			args = append(args, r.Seq, formatTime(r.Time), r.Actor, r.RequestID, string(r.Action),
				r.Subject, string(r.Retention), string(r.Payload), r.PrevHash, r.Hash)
		}
		var err error
		if a.stmts == nil {
			_, err = a.tx.ExecContext(ctx, insertSQL(n), args...)
		} else {
			var st *sql.Stmt
			if st, err = a.stmts.insertStmt(ctx, n); err != nil {
				return err
			}
			_, err = a.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		}
		if err != nil {
			return wrap(clearance.Internal, err, "audit log: append records %d to %d", recs[0].Seq, recs[n-1].Seq)
		}
		recs = recs[n:]
	}
	return nil
}

func (a auditTx) DeleteThrough(ctx context.Context, seq int64) error {
	if _, err := a.tx.ExecContext(ctx, `DELETE FROM audit_records WHERE seq <= ?`, seq); err != nil {
		return wrap(clearance.Internal, err, "audit log: purge records to %d", seq)
	}
	return nil
}

func (a auditTx) InsertHold(ctx context.Context, h clearance.AuditHold) (int64, error) {
	var id int64
	err := a.tx.QueryRowContext(ctx, `INSERT INTO audit_holds (reason, covers_from, covers_to, placed_by, placed_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		h.Reason, formatTime(h.From), formatTime(h.To), h.PlacedBy, formatTime(h.PlacedAt)).Scan(&id)
	if err != nil {
		return 0, wrap(clearance.Internal, err, "place a legal hold")
	}
	return id, nil
}

func (a auditTx) ReleaseHold(ctx context.Context, id int64, actor string, at time.Time) (bool, error) {
	res, err := a.tx.ExecContext(ctx, `UPDATE audit_holds SET released_by = ?, released_at = ?
		WHERE id = ? AND released_at = ''`, actor, formatTime(at), id)
	if err != nil {
		return false, wrap(clearance.Internal, err, "release hold %d", id)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// formatTime writes an instant as the text columns hold it; the zero
// instant as "".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s)
}
