package postgres

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.Store = (*Store)(nil)

// AppendAudit appends records to the audit log in one transaction. The
// transaction locks the chain head's row, so appends from every process
// take turns and the chain never forks.
func (s *Store) AppendAudit(ctx context.Context, recs ...clearance.AuditRecord) ([]clearance.AuditRecord, error) {
	var out []clearance.AuditRecord
	err := s.inTx(ctx, "append to the audit log", func(tx pgx.Tx) (err error) {
		out, err = storekit.Append(ctx, auditTx{tx}, recs)
		return err
	})
	return out, err
}

// AuditHead returns the chain head.
func (s *Store) AuditHead(ctx context.Context) (clearance.AuditHead, error) {
	return readHead(ctx, s.pool, "")
}

// AuditRecords streams the records q selects. The stream holds a
// connection until it ends or the consumer stops.
func (s *Store) AuditRecords(ctx context.Context, q clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return auditRecords(ctx, s.pool, q)
}

// PurgeAudit deletes the oldest records past their retention and under no
// hold (see clearance.AuditLog).
func (s *Store) PurgeAudit(ctx context.Context, policy clearance.RetentionPolicy, now time.Time, actor string) (clearance.AuditPurgeResult, error) {
	var res clearance.AuditPurgeResult
	err := s.inTx(ctx, "purge the audit log", func(tx pgx.Tx) (err error) {
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
	err = s.inTx(ctx, "place a legal hold", func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO audit_holds (reason, covers_from, covers_to, placed_by, placed_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			h.Reason, nullTime(h.From), nullTime(h.To), h.PlacedBy, h.PlacedAt).Scan(&h.ID)
		if err != nil {
			return wrap(kindOf(ctx, err), err, "place a legal hold")
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
	err := s.inTx(ctx, "release a legal hold", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE audit_holds SET released_by = $1, released_at = $2
			WHERE id = $3 AND released_at IS NULL`, actor, storekit.Now(), id)
		if err != nil {
			return wrap(kindOf(ctx, err), err, "release hold %d", id)
		}
		if tag.RowsAffected() == 0 {
			return clearance.Errorf(clearance.NotFound, "no active legal hold %d", id)
		}
		holds, err := queryHolds(ctx, tx, `WHERE id = $1`, id)
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
	return queryHolds(ctx, s.pool, ``)
}

// auditTx is the audit log's writes in a transaction that holds the lock
// on the chain head's row from LockHead to its end.
type auditTx struct{ tx pgx.Tx }

func (a auditTx) LockHead(ctx context.Context) (clearance.AuditHead, error) {
	return readHead(ctx, a.tx, " FOR UPDATE")
}

func (a auditTx) SetHead(ctx context.Context, h clearance.AuditHead) error {
	_, err := a.tx.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2, at = $3, anchor_seq = $4, anchor_hash = $5
		WHERE id = 1`, h.Seq, h.Hash, nullTime(h.Time), h.AnchorSeq, h.AnchorHash)
	if err != nil {
		return wrap(kindOf(ctx, err), err, "audit log: move the head to record %d", h.Seq)
	}
	return nil
}

func (a auditTx) Insert(ctx context.Context, recs []clearance.AuditRecord) error {
	rows := make([][]any, len(recs))
	for i, r := range recs {
		rows[i] = []any{r.Seq, r.Time, r.Actor, r.RequestID, string(r.Action), r.Subject,
			string(r.Retention), string(r.Payload), r.PrevHash, r.Hash}
	}
	_, err := a.tx.CopyFrom(ctx, pgx.Identifier{"audit_records"},
		[]string{"seq", "at", "actor", "request_id", "action", "subject", "retention", "payload", "prev_hash", "hash"},
		pgx.CopyFromRows(rows))
	if err != nil {
		return wrap(kindOf(ctx, err), err, "audit log: append %d records", len(recs))
	}
	return nil
}

func (a auditTx) Records(ctx context.Context, q clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return auditRecords(ctx, a.tx, q)
}

func (a auditTx) DeleteThrough(ctx context.Context, seq int64) error {
	if _, err := a.tx.Exec(ctx, `DELETE FROM audit_records WHERE seq <= $1`, seq); err != nil {
		return wrap(kindOf(ctx, err), err, "audit log: purge records to %d", seq)
	}
	return nil
}

func (a auditTx) ActiveHolds(ctx context.Context) ([]clearance.AuditHold, error) {
	return queryHolds(ctx, a.tx, `WHERE released_at IS NULL`)
}

func readHead(ctx context.Context, q querier, lock string) (clearance.AuditHead, error) {
	var h clearance.AuditHead
	var at *time.Time
	err := q.QueryRow(ctx, `SELECT seq, hash, at, anchor_seq, anchor_hash FROM audit_head WHERE id = 1`+lock).
		Scan(&h.Seq, &h.Hash, &at, &h.AnchorSeq, &h.AnchorHash)
	if err != nil {
		return h, wrap(kindOf(ctx, err), err, "audit log: read the head")
	}
	h.Time = utc(at)
	return h, nil
}

func auditRecords(ctx context.Context, q querier, aq clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return func(yield func(clearance.AuditRecord, error) bool) {
		query, args := storekit.AuditSelect(aq, func(n int) string { return fmt.Sprintf("$%d", n) },
			func(t time.Time) any { return t })
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			yield(clearance.AuditRecord{}, wrap(kindOf(ctx, err), err, "read the audit log"))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r clearance.AuditRecord
			var payload string
			if err := rows.Scan(&r.Seq, &r.Time, &r.Actor, &r.RequestID, &r.Action, &r.Subject, &r.Retention,
				&payload, &r.PrevHash, &r.Hash); err != nil {
				yield(r, wrap(kindOf(ctx, err), err, "read the audit log"))
				return
			}
			r.Time, r.Payload = r.Time.UTC(), []byte(payload)
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(clearance.AuditRecord{}, wrap(kindOf(ctx, err), err, "read the audit log"))
		}
	}
}

func queryHolds(ctx context.Context, q querier, where string, args ...any) ([]clearance.AuditHold, error) {
	rows, err := q.Query(ctx, `SELECT id, reason, covers_from, covers_to, placed_by, placed_at, released_by, released_at
		FROM audit_holds `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, wrap(kindOf(ctx, err), err, "read legal holds")
	}
	defer rows.Close()
	var out []clearance.AuditHold
	for rows.Next() {
		var h clearance.AuditHold
		var from, to, released *time.Time
		if err := rows.Scan(&h.ID, &h.Reason, &from, &to, &h.PlacedBy, &h.PlacedAt, &h.ReleasedBy, &released); err != nil {
			return nil, wrap(kindOf(ctx, err), err, "read legal holds")
		}
		h.From, h.To, h.ReleasedAt, h.PlacedAt = utc(from), utc(to), utc(released), h.PlacedAt.UTC()
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(kindOf(ctx, err), err, "read legal holds")
	}
	return out, nil
}

// nullTime is the zero instant as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// utc is a nullable instant in UTC, NULL as the zero instant.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
