package storekit

import (
	"context"
	"iter"
	"time"

	"github.com/clearancehq/clearance"
)

// AuditReader reads the audit tables, in a transaction or outside one.
type AuditReader interface {
	// Head reads the chain head; lock, in a transaction, keeps every
	// other writer, in any process, from appending until it ends.
	Head(ctx context.Context, lock bool) (clearance.AuditHead, error)
	Records(ctx context.Context, q clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error]
	// Holds reads the holds by id: only active ones, or only the one
	// numbered id when id > 0.
	Holds(ctx context.Context, activeOnly bool, id int64) ([]clearance.AuditHold, error)
}

// AuditTx is what the audit log's writes need of a store's transaction.
type AuditTx interface {
	AuditReader
	SetHead(ctx context.Context, head clearance.AuditHead) error
	Insert(ctx context.Context, recs []clearance.AuditRecord) error
	// DeleteThrough deletes the records up to seq; the anchor has
	// already moved there.
	DeleteThrough(ctx context.Context, seq int64) error
	// InsertHold stores a new hold and returns its id.
	InsertHold(ctx context.Context, h clearance.AuditHold) (int64, error)
	// ReleaseHold marks an active hold released and reports whether
	// there was one.
	ReleaseHold(ctx context.Context, id int64, actor string, at time.Time) (bool, error)
}

// AuditBackend is a store's side of the audit log: write transactions and
// reads outside them.
type AuditBackend interface {
	Write(ctx context.Context, what string, f func(tx AuditTx) error) error
	Reader() AuditReader
}

// AuditLog implements clearance.AuditLog over a store's backend; a store
// embeds it.
type AuditLog struct{ B AuditBackend }

// AppendAudit appends records to the audit log in one transaction.
func (l AuditLog) AppendAudit(ctx context.Context, recs ...clearance.AuditRecord) ([]clearance.AuditRecord, error) {
	var out []clearance.AuditRecord
	err := l.B.Write(ctx, "append to the audit log", func(tx AuditTx) (err error) {
		out, err = Append(ctx, tx, recs)
		return err
	})
	return out, err
}

// AppendAuditStream appends the records recs yields in one transaction,
// sealed and stored appendGroup at a time.
func (l AuditLog) AppendAuditStream(ctx context.Context, recs iter.Seq2[clearance.AuditRecord, error]) (int, clearance.AuditRecord, error) {
	var n int
	var last clearance.AuditRecord
	err := l.B.Write(ctx, "append to the audit log", func(tx AuditTx) (err error) {
		n, last, err = AppendStream(ctx, tx, recs)
		return err
	})
	if err != nil {
		return 0, clearance.AuditRecord{}, err
	}
	return n, last, nil
}

// AuditHead returns the chain head.
func (l AuditLog) AuditHead(ctx context.Context) (clearance.AuditHead, error) {
	return l.B.Reader().Head(ctx, false)
}

// AuditRecords streams the records q selects. The stream holds a database
// connection until it ends or the consumer stops.
func (l AuditLog) AuditRecords(ctx context.Context, q clearance.AuditQuery) iter.Seq2[clearance.AuditRecord, error] {
	return l.B.Reader().Records(ctx, q)
}

// PurgeAudit deletes the oldest records past their retention and under no
// hold (see clearance.AuditLog).
func (l AuditLog) PurgeAudit(ctx context.Context, policy clearance.RetentionPolicy, now time.Time, actor string) (clearance.AuditPurgeResult, error) {
	var res clearance.AuditPurgeResult
	err := l.B.Write(ctx, "purge the audit log", func(tx AuditTx) (err error) {
		res, err = Purge(ctx, tx, policy, now, actor)
		return err
	})
	return res, err
}

// PlaceHold stores an active legal hold and records it.
func (l AuditLog) PlaceHold(ctx context.Context, h clearance.AuditHold) (clearance.AuditHold, error) {
	h, err := PrepareHold(h)
	if err != nil {
		return h, err
	}
	err = l.B.Write(ctx, "place a legal hold", func(tx AuditTx) (err error) {
		if h.ID, err = tx.InsertHold(ctx, h); err != nil {
			return err
		}
		_, err = Append(ctx, tx, []clearance.AuditRecord{HoldRecord(clearance.AuditHoldPlaced, h.PlacedBy, h)})
		return err
	})
	return h, err
}

// ReleaseHold releases an active hold and records it.
func (l AuditLog) ReleaseHold(ctx context.Context, id int64, actor string) (clearance.AuditHold, error) {
	var h clearance.AuditHold
	if actor == "" {
		return h, clearance.Errorf(clearance.Invalid, "release hold %d: no actor", id)
	}
	err := l.B.Write(ctx, "release a legal hold", func(tx AuditTx) error {
		found, err := tx.ReleaseHold(ctx, id, actor, Now())
		if err != nil {
			return err
		}
		if !found {
			return clearance.Errorf(clearance.NotFound, "no active legal hold %d", id)
		}
		holds, err := tx.Holds(ctx, false, id)
		if err != nil {
			return err
		}
		h = holds[0]
		_, err = Append(ctx, tx, []clearance.AuditRecord{HoldRecord(clearance.AuditHoldReleased, actor, h)})
		return err
	})
	return h, err
}

// Holds returns every hold by id.
func (l AuditLog) Holds(ctx context.Context) ([]clearance.AuditHold, error) {
	return l.B.Reader().Holds(ctx, false, 0)
}
