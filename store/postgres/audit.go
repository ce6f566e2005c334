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

// auditBackend gives the shared audit log (storekit.AuditLog) PostgreSQL
// transactions, which lock the chain head's row (SELECT ... FOR UPDATE)
// before appending, so that appends from every process take turns and the
// chain never forks.
type auditBackend struct{ s *Store }

func (b auditBackend) Write(ctx context.Context, what string, f func(storekit.AuditTx) error) error {
	return b.s.inTx(ctx, what, func(tx pgx.Tx) error { return f(auditTx{auditQ{tx}, tx}) })
}

func (b auditBackend) Reader() storekit.AuditReader { return auditQ{b.s.pool} }

// auditQ reads the audit tables through the pool or a transaction.
type auditQ struct{ q querier }

// Head reads the chain head; lock takes the head row's lock until the
// transaction ends.
func (a auditQ) Head(ctx context.Context, lock bool) (clearance.AuditHead, error) {
	query := `SELECT seq, hash, at, anchor_seq, anchor_hash FROM audit_head WHERE id = 1`
	if lock {
		query += ` FOR UPDATE`
	}
	var h clearance.AuditHead
	var at *time.Time
	if err := a.q.QueryRow(ctx, query).Scan(&h.Seq, &h.Hash, &at, &h.AnchorSeq, &h.AnchorHash); err != nil {
		return h, wrap(kindOf(ctx, err), err, "audit log: read the head")
	}
	h.Time = utc(at)
	return h, nil
}

func (a auditQ) Records(ctx context.Context, aq clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return func(yield func(clearance.AuditRecord, error) bool) {
		query, args := storekit.AuditSelect(aq, func(n int) string { return fmt.Sprintf("$%d", n) },
			func(t time.Time) any { return t })
		rows, err := a.q.Query(ctx, query, args...)
		if err != nil {
			yield(clearance.AuditRecord{}, wrap(kindOf(ctx, err), err, "read the audit log"))
			return
		}
		defer rows.Close()
		storekit.Yield(rows, yield, func() (clearance.AuditRecord, error) {
			var r clearance.AuditRecord
			var payload string
			if err := rows.Scan(&r.Seq, &r.Time, &r.Actor, &r.RequestID, &r.Action, &r.Subject, &r.Retention,
				&payload, &r.PrevHash, &r.Hash); err != nil {
				return r, wrap(kindOf(ctx, err), err, "read the audit log")
			}
			r.Time, r.Payload = r.Time.UTC(), []byte(payload)
			return r, nil
		}, func(err error) error { return wrap(kindOf(ctx, err), err, "read the audit log") })
	}
}

func (a auditQ) Holds(ctx context.Context, activeOnly bool, id int64) ([]clearance.AuditHold, error) {
	rows, err := a.q.Query(ctx, `SELECT id, reason, covers_from, covers_to, placed_by, placed_at, released_by, released_at
		FROM audit_holds WHERE (NOT $1 OR released_at IS NULL) AND ($2 = 0 OR id = $2) ORDER BY id`, activeOnly, id)
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

// auditTx writes the audit tables in a transaction.
type auditTx struct {
	auditQ
	tx pgx.Tx
}

func (a auditTx) SetHead(ctx context.Context, h clearance.AuditHead) error {
	_, err := a.tx.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2, at = $3, anchor_seq = $4, anchor_hash = $5
		WHERE id = 1`, h.Seq, h.Hash, nullTime(h.Time), h.AnchorSeq, h.AnchorHash)
	if err != nil {
		return wrap(kindOf(ctx, err), err, "audit log: move the head to record %d", h.Seq)
	}
	return nil
}

// Insert copies the records in: a batch's thousands of records take one
// round trip.
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

func (a auditTx) DeleteThrough(ctx context.Context, seq int64) error {
	if _, err := a.tx.Exec(ctx, `DELETE FROM audit_records WHERE seq <= $1`, seq); err != nil {
		return wrap(kindOf(ctx, err), err, "audit log: purge records to %d", seq)
	}
	return nil
}

func (a auditTx) InsertHold(ctx context.Context, h clearance.AuditHold) (int64, error) {
	var id int64
	err := a.tx.QueryRow(ctx, `INSERT INTO audit_holds (reason, covers_from, covers_to, placed_by, placed_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		h.Reason, nullTime(h.From), nullTime(h.To), h.PlacedBy, h.PlacedAt).Scan(&id)
	if err != nil {
		return 0, wrap(kindOf(ctx, err), err, "place a legal hold")
	}
	return id, nil
}

func (a auditTx) ReleaseHold(ctx context.Context, id int64, actor string, at time.Time) (bool, error) {
	tag, err := a.tx.Exec(ctx, `UPDATE audit_holds SET released_by = $1, released_at = $2
		WHERE id = $3 AND released_at IS NULL`, actor, at, id)
	if err != nil {
		return false, wrap(kindOf(ctx, err), err, "release hold %d", id)
	}
	return tag.RowsAffected() > 0, nil
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
