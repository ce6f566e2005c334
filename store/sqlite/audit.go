package sqlite

import (
	"context"
	"database/sql"
	"iter"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.Store = (*Store)(nil)

// AppendAudit appends records to the audit log in one transaction. The
// write transaction is the database's only writer, so appends from every
// process take turns.
func (s *Store) AppendAudit(ctx context.Context, recs ...clearance.AuditRecord) ([]clearance.AuditRecord, error) {
	var out []clearance.AuditRecord
	err := s.write(ctx, "append to the audit log", func(tx *sql.Tx) (err error) {
		out, err = storekit.Append(ctx, auditTx{tx}, recs)
		return err
	})
	return out, err
}

// AuditHead returns the chain head.
func (s *Store) AuditHead(ctx context.Context) (clearance.AuditHead, error) {
	return readHead(ctx, s.db)
}

// AuditRecords streams the records q selects. The stream holds a database
// connection until it ends or the consumer stops.
func (s *Store) AuditRecords(ctx context.Context, q clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return auditRecords(ctx, s.db, q)
}

// PurgeAudit deletes the oldest records past their retention and under no
// hold (see clearance.AuditLog).
func (s *Store) PurgeAudit(ctx context.Context, policy clearance.RetentionPolicy, now time.Time, actor string) (clearance.AuditPurgeResult, error) {
	var res clearance.AuditPurgeResult
	err := s.write(ctx, "purge the audit log", func(tx *sql.Tx) (err error) {
		res, err = storekit.Purge(ctx, auditTx{tx}, policy, now, actor)
		return err
	})
	return res, err
}

// PlaceHold stores an active legal hold and records it.
func (s *Store) PlaceHold(ctx context.Context, h clearance.AuditHold) (clearance.AuditHold, error) {
	h, err := storekit.PrepareHold(h)
	if err != nil {
		return h, err
	}
	err = s.write(ctx, "place a legal hold", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO audit_holds (reason, covers_from, covers_to, placed_by, placed_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`,
			h.Reason, formatTime(h.From), formatTime(h.To), h.PlacedBy, formatTime(h.PlacedAt)).Scan(&h.ID)
		if err != nil {
			return wrap(clearance.Internal, err, "place a legal hold")
		}
		_, err = storekit.Append(ctx, auditTx{tx}, []clearance.AuditRecord{storekit.HoldRecord(clearance.AuditHoldPlaced, h.PlacedBy, h)})
		return err
	})
	return h, err
}

// ReleaseHold releases an active hold and records it.
func (s *Store) ReleaseHold(ctx context.Context, id int64, actor string) (clearance.AuditHold, error) {
	var h clearance.AuditHold
	if actor == "" {
		return h, clearance.Errorf(clearance.Invalid, "release hold %d: no actor", id)
	}
	err := s.write(ctx, "release a legal hold", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE audit_holds SET released_by = ?, released_at = ?
			WHERE id = ? AND released_at = ''`, actor, formatTime(storekit.Now()), id)
		if err != nil {
			return wrap(clearance.Internal, err, "release hold %d", id)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clearance.Errorf(clearance.NotFound, "no active legal hold %d", id)
		}
		holds, err := queryHolds(ctx, tx, `WHERE id = ?`, id)
		if err != nil {
			return err
		}
		h = holds[0]
		_, err = storekit.Append(ctx, auditTx{tx}, []clearance.AuditRecord{storekit.HoldRecord(clearance.AuditHoldReleased, actor, h)})
		return err
	})
	return h, err
}

// Holds returns every hold by id.
func (s *Store) Holds(ctx context.Context) ([]clearance.AuditHold, error) {
	return queryHolds(ctx, s.db, ``)
}

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

// auditTx is the audit log's writes in a SQLite write transaction, which
// already excludes every other writer.
type auditTx struct{ tx *sql.Tx }

func (a auditTx) LockHead(ctx context.Context) (clearance.AuditHead, error) {
	return readHead(ctx, a.tx)
}

func (a auditTx) SetHead(ctx context.Context, h clearance.AuditHead) error {
	_, err := a.tx.ExecContext(ctx, `UPDATE audit_head SET seq = ?, hash = ?, at = ?, anchor_seq = ?, anchor_hash = ?
		WHERE id = 1`, h.Seq, h.Hash, formatTime(h.Time), h.AnchorSeq, h.AnchorHash)
	if err != nil {
		return wrap(clearance.Internal, err, "audit log: move the head to record %d", h.Seq)
	}
	return nil
}

func (a auditTx) Insert(ctx context.Context, recs []clearance.AuditRecord) error {
	st, err := a.tx.PrepareContext(ctx, `INSERT INTO audit_records (`+storekit.AuditColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return wrap(clearance.Internal, err, "audit log: prepare")
	}
	defer st.Close()
	for _, r := range recs {
		_, err := st.ExecContext(ctx, r.Seq, formatTime(r.Time), r.Actor, r.RequestID, string(r.Action),
			r.Subject, string(r.Retention), string(r.Payload), r.PrevHash, r.Hash)
		if err != nil {
			return wrap(clearance.Internal, err, "audit log: append record %d", r.Seq)
		}
	}
	return nil
}

func (a auditTx) Records(ctx context.Context, q clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return auditRecords(ctx, a.tx, q)
}

func (a auditTx) DeleteThrough(ctx context.Context, seq int64) error {
	if _, err := a.tx.ExecContext(ctx, `DELETE FROM audit_records WHERE seq <= ?`, seq); err != nil {
		return wrap(clearance.Internal, err, "audit log: purge records to %d", seq)
	}
	return nil
}

func (a auditTx) ActiveHolds(ctx context.Context) ([]clearance.AuditHold, error) {
	return queryHolds(ctx, a.tx, `WHERE released_at = ''`)
}

func readHead(ctx context.Context, q querier) (clearance.AuditHead, error) {
	var h clearance.AuditHead
	var at string
	err := q.QueryRowContext(ctx, `SELECT seq, hash, at, anchor_seq, anchor_hash FROM audit_head WHERE id = 1`).
		Scan(&h.Seq, &h.Hash, &at, &h.AnchorSeq, &h.AnchorHash)
	if err == nil {
		h.Time, err = parseTime(at)
	}
	if err != nil {
		return h, wrap(clearance.Internal, err, "audit log: read the head")
	}
	return h, nil
}

func auditRecords(ctx context.Context, q querier, aq clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return func(yield func(clearance.AuditRecord, error) bool) {
		query, args := storekit.AuditSelect(aq, func(int) string { return "?" },
			func(t time.Time) any { return formatTime(t) })
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			yield(clearance.AuditRecord{}, wrap(clearance.Internal, err, "read the audit log"))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r clearance.AuditRecord
			var at, payload string
			err := rows.Scan(&r.Seq, &at, &r.Actor, &r.RequestID, &r.Action, &r.Subject, &r.Retention, &payload, &r.PrevHash, &r.Hash)
			if err == nil {
				r.Time, err = parseTime(at)
			}
			if err != nil {
				yield(r, wrap(clearance.Internal, err, "read the audit log"))
				return
			}
			r.Payload = []byte(payload)
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(clearance.AuditRecord{}, wrap(clearance.Internal, err, "read the audit log"))
		}
	}
}

func queryHolds(ctx context.Context, q querier, where string, args ...any) ([]clearance.AuditHold, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, reason, covers_from, covers_to, placed_by, placed_at, released_by, released_at
		FROM audit_holds `+where+` ORDER BY id`, args...)
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
