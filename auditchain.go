package clearance

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"time"
)

// AuditBreak reports the first record at which the audit chain does not
// verify. It is of kind Invalid.
type AuditBreak struct {
	Seq    int64 // the first bad record, or the first missing one
	Reason string
}

func (e *AuditBreak) Error() string {
	return fmt.Sprintf("audit chain broken at record %d: %s", e.Seq, e.Reason)
}

func (e *AuditBreak) Unwrap() error { return &Error{Kind: Invalid} }

// AuditVerification reports an intact chain.
type AuditVerification struct {
	Records int64     `json:"records"` // records checked
	Head    AuditHead `json:"head"`
}

// purgeAnchor is the payload of an AuditPurge record.
type purgeAnchor struct {
	Purged     int64  `json:"purged"`
	AnchorSeq  int64  `json:"anchor_seq"`
	AnchorHash string `json:"anchor_hash"`
}

// VerifyAudit reads the chain from its anchor to its head and checks every
// link: sequence numbers without gaps, each record's PrevHash equal to the
// previous record's Hash (the anchor's for the first), each Hash equal to
// ComputeHash, the last record equal to the head, and the anchor equal to
// the one the newest AuditPurge record states. The first failure is an
// *AuditBreak naming the record: an edited record fails its own hash, a
// deleted one leaves a gap, reordered ones fail their hashes.
func VerifyAudit(ctx context.Context, log AuditLog) (AuditVerification, error) {
	head, err := log.AuditHead(ctx)
	if err != nil {
		return AuditVerification{}, err
	}
	v := AuditVerification{Head: head}
	next, prev := head.AnchorSeq+1, head.AnchorHash
	var anchor purgeAnchor // as the newest purge record states it
	for r, err := range log.AuditRecords(ctx, AuditQuery{ThroughSeq: head.Seq}) {
		if err != nil {
			return v, err
		}
		if err := checkLink(r, next, prev); err != nil {
			return v, err
		}
		if r.Action == AuditPurge {
			if err := json.Unmarshal(r.Payload, &anchor); err != nil {
				return v, &AuditBreak{Seq: r.Seq, Reason: "purge record does not state its anchor"}
			}
		}
		next, prev = r.Seq+1, r.Hash
		v.Records++
	}
	switch {
	case next <= head.Seq:
		return v, &AuditBreak{Seq: next, Reason: fmt.Sprintf("missing: the chain ends at record %d but its head is record %d", next-1, head.Seq)}
	case prev != head.Hash:
		return v, &AuditBreak{Seq: head.Seq, Reason: "the chain head's hash differs from the last record's"}
	case anchor.AnchorSeq != head.AnchorSeq || anchor.AnchorHash != head.AnchorHash:
		return v, &AuditBreak{Seq: head.AnchorSeq + 1, Reason: fmt.Sprintf(
			"the chain starts after record %d, but the last purge recorded its start after record %d", head.AnchorSeq, anchor.AnchorSeq)}
	}
	return v, nil
}

// checkLink checks that r is record next, chained on prev, with its own
// hash intact.
func checkLink(r AuditRecord, next int64, prev string) error {
	switch {
	case r.Seq > next:
		return &AuditBreak{Seq: next, Reason: fmt.Sprintf("missing: record %d follows record %d", r.Seq, next-1)}
	case r.Seq < next:
		return &AuditBreak{Seq: r.Seq, Reason: fmt.Sprintf("out of order: record %d follows record %d", r.Seq, next-1)}
	case r.PrevHash != prev:
		return &AuditBreak{Seq: r.Seq, Reason: "its previous-record hash does not match the record before it (deleted, inserted or reordered records)"}
	case r.ComputeHash() != r.Hash:
		return &AuditBreak{Seq: r.Seq, Reason: "its content does not match its hash (edited)"}
	}
	return nil
}

// Purgeable returns how many of recs (the oldest records, in sequence
// order from the anchor) a purge may delete at now: the run of records
// that are expired under policy and covered by no active hold, up to the
// first that is not. It returns the last of them too.
func Purgeable(recs iter.Seq2[AuditRecord, error], policy RetentionPolicy, holds []AuditHold, now time.Time) (int64, AuditRecord, error) {
	var n int64
	var last AuditRecord
	for r, err := range recs {
		if err != nil {
			return 0, AuditRecord{}, err
		}
		if !policy.Expired(r, now) || held(r, holds) {
			break
		}
		n, last = n+1, r
	}
	return n, last, nil
}

func held(r AuditRecord, holds []AuditHold) bool {
	for _, h := range holds {
		if h.Covers(r.Time) {
			return true
		}
	}
	return false
}

// PurgeRecord returns the AuditPurge record that states a purge's anchor.
func PurgeRecord(actor string, n int64, last AuditRecord, policy RetentionPolicy) AuditRecord {
	return AuditRecord{
		Actor:   actor,
		Action:  AuditPurge,
		Subject: fmt.Sprintf("records to %d", last.Seq),
		Payload: AuditPayload(struct {
			purgeAnchor
			Policy RetentionPolicy `json:"policy"`
		}{purgeAnchor{Purged: n, AnchorSeq: last.Seq, AnchorHash: last.Hash}, policy}),
	}
}
