package storekit

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

// AuditColumns are the columns of audit_records in the order the stores
// scan them.
const AuditColumns = `seq, at, actor, request_id, action, subject, retention, payload, prev_hash, hash`

// AuditSelect returns the SELECT of an audit query and its arguments. ph
// writes the n-th placeholder (from 1) and tm an instant as the at column
// holds it.
func AuditSelect(q clearance.AuditQuery, ph func(n int) string, tm func(time.Time) any) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, ph(len(args))))
	}
	if !q.From.IsZero() {
		add("at >= %s", tm(q.From))
	}
	if !q.To.IsZero() {
		add("at < %s", tm(q.To))
	}
	if q.Action != "" {
		add("action = %s", string(q.Action))
	}
	if q.AfterSeq > 0 {
		add("seq > %s", q.AfterSeq)
	}
	if q.ThroughSeq > 0 {
		add("seq <= %s", q.ThroughSeq)
	}
	var b strings.Builder
	b.WriteString("SELECT " + AuditColumns + " FROM audit_records")
	if len(where) > 0 {
		b.WriteString(" WHERE " + strings.Join(where, " AND "))
	}
	b.WriteString(" ORDER BY seq")
	if q.Newest {
		b.WriteString(" DESC")
	}
	if q.Limit > 0 {
		fmt.Fprintf(&b, " LIMIT %d", q.Limit)
	}
	return b.String(), args
}

// Append seals recs after the chain head and stores them, in tx.
func Append(ctx context.Context, tx AuditTx, recs []clearance.AuditRecord) ([]clearance.AuditRecord, error) {
	head, err := tx.Head(ctx, true)
	if err != nil {
		return nil, err
	}
	sealed, head, err := clearance.SealAudit(head, Now(), recs)
	if err != nil {
		return nil, err
	}
	if err := tx.Insert(ctx, sealed); err != nil {
		return nil, err
	}
	if err := tx.SetHead(ctx, head); err != nil {
		return nil, err
	}
	return sealed, nil
}

// appendGroup is how many records AppendStream seals and inserts at once.
const appendGroup = 500

// AppendStream seals the records recs yields after the chain head and
// stores them, in tx, appendGroup at a time; every record is sealed at
// the same instant, as Append seals its records. The records are read,
// checked and hashed on another goroutine, a group ahead of the inserts:
// that costs about what inserting them does.
func AppendStream(ctx context.Context, tx AuditTx, recs iter.Seq2[clearance.AuditRecord, error]) (int, clearance.AuditRecord, error) {
	head, err := tx.Head(ctx, true)
	if err != nil {
		return 0, clearance.AuditRecord{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	groups := make(chan sealedGroup, 1)
	go func() {
		defer close(groups)
		sealGroups(ctx, head, Now(), recs, groups)
	}()
	// Stop the sealing and wait for it to end before returning: the caller
	// may then release what recs reads.
	defer func() {
		cancel()
		for range groups {
		}
	}()
	var n int
	var last clearance.AuditRecord
	for g := range groups {
		if g.err != nil {
			return 0, clearance.AuditRecord{}, g.err
		}
		if err := tx.Insert(ctx, g.recs); err != nil {
			return 0, clearance.AuditRecord{}, err
		}
		head, last, n = g.head, g.recs[len(g.recs)-1], n+len(g.recs)
	}
	if err := ctx.Err(); err != nil {
		return 0, clearance.AuditRecord{}, err
	}
	if n == 0 {
		return 0, clearance.AuditRecord{}, nil
	}
	if err := tx.SetHead(ctx, head); err != nil {
		return 0, clearance.AuditRecord{}, err
	}
	return n, last, nil
}

// sealedGroup is a group of records AppendStream sealed, with the chain
// head after them, or the error that ended the sealing.
type sealedGroup struct {
	recs []clearance.AuditRecord
	head clearance.AuditHead
	err  error
}

// sealGroups seals the records recs yields after head, appendGroup at a
// time, and sends each group to out; it stops at the first error, which
// it sends, or when ctx is done.
func sealGroups(ctx context.Context, head clearance.AuditHead, now time.Time, recs iter.Seq2[clearance.AuditRecord, error], out chan<- sealedGroup) {
	send := func(g sealedGroup) bool {
		select {
		case out <- g:
			return true
		case <-ctx.Done():
			return false
		}
	}
	group := make([]clearance.AuditRecord, 0, appendGroup)
	n := 0
	flush := func() bool {
		if len(group) == 0 {
			return true
		}
		sealed, next, err := clearance.SealAudit(head, now, group)
		if err != nil {
			send(sealedGroup{err: fmt.Errorf("records %d to %d: %w", n+1, n+len(group), err)})
			return false
		}
		head, n, group = next, n+len(sealed), group[:0]
		return send(sealedGroup{recs: sealed, head: next})
	}
	for r, err := range recs {
		if err != nil {
			send(sealedGroup{err: err})
			return
		}
		if group = append(group, r); len(group) == appendGroup && !flush() {
			return
		}
	}
	flush()
}

// Purge deletes the oldest records that may go (clearance.Purgeable),
// moves the anchor to the last of them and appends the AuditPurge record
// that states it, in tx. With nothing to delete it changes nothing.
func Purge(ctx context.Context, tx AuditTx, policy clearance.RetentionPolicy, now time.Time, actor string) (clearance.AuditPurgeResult, error) {
	if actor == "" {
		return clearance.AuditPurgeResult{}, clearance.Errorf(clearance.Invalid, "purge the audit log: no actor")
	}
	head, err := tx.Head(ctx, true)
	if err != nil {
		return clearance.AuditPurgeResult{}, err
	}
	holds, err := tx.Holds(ctx, true, 0)
	if err != nil {
		return clearance.AuditPurgeResult{}, err
	}
	q := clearance.AuditQuery{AfterSeq: head.AnchorSeq, ThroughSeq: head.Seq}
	n, last, err := clearance.Purgeable(tx.Records(ctx, q), policy, holds, now)
	if err != nil || n == 0 {
		return clearance.AuditPurgeResult{Anchor: head}, err
	}
	head.AnchorSeq, head.AnchorHash = last.Seq, last.Hash
	if err := tx.SetHead(ctx, head); err != nil {
		return clearance.AuditPurgeResult{}, err
	}
	if err := tx.DeleteThrough(ctx, last.Seq); err != nil {
		return clearance.AuditPurgeResult{}, err
	}
	recs, err := Append(ctx, tx, []clearance.AuditRecord{clearance.PurgeRecord(actor, n, last, policy)})
	if err != nil {
		return clearance.AuditPurgeResult{}, err
	}
	return clearance.AuditPurgeResult{Purged: n, Anchor: head, Record: recs[0]}, nil
}

// PrepareHold refuses a hold without a reason, an actor, or with its
// bounds the wrong way round, and returns it active, placed now, its
// bounds in UTC microseconds as stored.
func PrepareHold(h clearance.AuditHold) (clearance.AuditHold, error) {
	h.From, h.To = h.From.UTC().Truncate(time.Microsecond), h.To.UTC().Truncate(time.Microsecond)
	h.PlacedAt, h.ReleasedAt, h.ReleasedBy = Now(), time.Time{}, ""
	return h, checkHold(h)
}

func checkHold(h clearance.AuditHold) error {
	switch {
	case strings.TrimSpace(h.Reason) == "":
		return clearance.Errorf(clearance.Invalid, "legal hold: no reason given")
	case h.PlacedBy == "":
		return clearance.Errorf(clearance.Invalid, "legal hold: no actor")
	case !h.From.IsZero() && !h.To.IsZero() && h.To.Before(h.From):
		return clearance.Errorf(clearance.Invalid, "legal hold: ends (%s) before it starts (%s)", h.To.Format(time.DateOnly), h.From.Format(time.DateOnly))
	}
	return nil
}

// HoldRecord returns the record of placing or releasing a hold.
func HoldRecord(action clearance.AuditAction, actor string, h clearance.AuditHold) clearance.AuditRecord {
	return clearance.AuditRecord{
		Actor: actor, Action: action, Subject: fmt.Sprintf("hold %d", h.ID),
		Payload: clearance.AuditPayload(h),
	}
}

// ImportRecord returns the AuditListImport record of an import.
func ImportRecord(req clearance.ImportRequest, res clearance.ImportResult) clearance.AuditRecord {
	v := res.Version
	return clearance.AuditRecord{
		Actor: req.Actor, RequestID: req.RequestID, Action: clearance.AuditListImport,
		Subject: string(req.Source),
		Payload: clearance.AuditPayload(struct {
			Source    clearance.SourceID `json:"source"`
			Version   int                `json:"version"`
			Unchanged bool               `json:"unchanged,omitempty"`
			Format    string             `json:"format"`
			Files     []string           `json:"files"`
			Hash      string             `json:"hash"`
			Entries   int                `json:"entries"`
			Published string             `json:"published,omitempty"`
		}{v.Source, v.Number, res.Unchanged, req.Format, req.Files, req.Hash, v.Entries, v.Published}),
	}
}
