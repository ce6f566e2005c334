package clearance

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"iter"
	"strconv"
	"time"
)

// AuditAction names what an audit record records. The set grows with the
// workflows that write records (decisions, case actions, licence and API
// key changes); an action's meaning never changes once records carry it.
type AuditAction string

// The actions recorded so far.
const (
	AuditListImport   AuditAction = "list.import"     // an import of a list, or a check that found its files unchanged
	AuditScreen       AuditAction = "screen"          // one screening, with its input, list versions, options and hits
	AuditBatch        AuditAction = "batch"           // one batch run: its files' hashes, counts, list versions, options
	AuditBatchHit     AuditAction = "batch.hit"       // one row of a batch run that had potential matches
	AuditConfig       AuditAction = "config.change"   // the configuration that decides outcomes changed
	AuditPurge        AuditAction = "audit.purge"     // records past their retention were deleted
	AuditHoldPlaced   AuditAction = "audit.hold"      // a legal hold was placed
	AuditHoldReleased AuditAction = "audit.release"   // a legal hold was released
	AuditOrderSubmit  AuditAction = "order.submit"    // an order submitted, with its decision and the licence draws
	AuditLicenceAdd   AuditAction = "licence.add"     // a licence recorded
	AuditUVLAdd       AuditAction = "uvl.add"         // a signed UVL statement recorded
	AuditKeyCreate    AuditAction = "key.create"      // an API key created (never its secret)
	AuditKeyRevoke    AuditAction = "key.revoke"      // an API key revoked
	AuditSignIn       AuditAction = "session.signin"  // a key signed in to the web UI
	AuditSignOut      AuditAction = "session.signout" // a web UI session ended
	AuditCaseAction   AuditAction = "case.action"     // an analyst's action on a review case, with the state it left
)

// RetentionClass names the recordkeeping rule that keeps a record: how long
// is a RetentionPolicy's business.
type RetentionClass string

// Retention classes. Records of screenings and lists concern sanctions
// (every shipped source carries sanctions listings) and are kept the
// longer time; records of export transactions alone (EAR §762.6) may be
// marked RetainExport.
const (
	RetainExport    RetentionClass = "export"
	RetainSanctions RetentionClass = "sanctions"
)

// AuditRecord is one entry of the audit log. The log is a hash chain: each
// record's Hash covers its fields and the previous record's hash, so an
// edited, deleted or reordered record breaks every link after it.
type AuditRecord struct {
	Seq       int64          `json:"seq"`  // 1, 2, 3... in append order; set by the log
	Time      time.Time      `json:"time"` // UTC, microseconds; set by the log
	Actor     string         `json:"actor"`
	RequestID string         `json:"request_id,omitempty"`
	Action    AuditAction    `json:"action"`
	Subject   string         `json:"subject,omitempty"` // what the record is about: a name screened, a source, a file
	Retention RetentionClass `json:"retention"`
	// Payload holds the action's details as a JSON object, kept byte for
	// byte as appended (compacted).
	Payload  json.RawMessage `json:"payload"`
	PrevHash string          `json:"prev_hash"` // hex SHA-256; "" for the first record
	Hash     string          `json:"hash"`      // hex SHA-256
}

// auditTimeLayout is the instant as hashed: fixed width, microseconds.
const auditTimeLayout = "2006-01-02T15:04:05.000000Z"

// ComputeHash returns the hash the record must carry: SHA-256 over a
// versioned, length-prefixed encoding of every field but Hash, PrevHash
// included. Length prefixes make the encoding unambiguous whatever the
// fields hold.
func (r *AuditRecord) ComputeHash() string {
	// The fields are written one after the other into one buffer, each
	// after its length, and hashed at once.
	var stack [1024]byte
	var num [20]byte
	var at [len(auditTimeLayout)]byte
	b := appendHashField(stack[:0], "clearance-audit-1")
	b = appendHashField(b, strconv.AppendInt(num[:0], r.Seq, 10))
	b = appendHashField(b, r.Time.UTC().AppendFormat(at[:0], auditTimeLayout))
	for _, f := range []string{r.Actor, r.RequestID, string(r.Action), r.Subject, string(r.Retention)} {
		b = appendHashField(b, f)
	}
	b = appendHashField(b, r.Payload)
	b = appendHashField(b, r.PrevHash)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// appendHashField appends one field of the hashed encoding: its length as
// a uvarint, then its bytes.
func appendHashField[T ~string | ~[]byte](b []byte, f T) []byte {
	b = binary.AppendUvarint(b, uint64(len(f)))
	return append(b, f...)
}

// AuditHead is the state of the chain: the last record appended, and the
// anchor, the last record purged (0 and "" before any purge), from which
// the remaining records chain on.
type AuditHead struct {
	Seq        int64     `json:"seq"`
	Hash       string    `json:"hash"`
	Time       time.Time `json:"time"` // of the last record
	AnchorSeq  int64     `json:"anchor_seq"`
	AnchorHash string    `json:"anchor_hash"`
}

// SealAudit checks records for appending after head at instant now and
// fills in what the log sets: Seq, Time, PrevHash, Hash, a compacted
// Payload ({} when empty) and the default retention (RetainSanctions, the
// longer). It returns the sealed records and the new head. A record
// without an actor or an action, or whose payload is not a JSON object,
// is an Invalid error.
func SealAudit(head AuditHead, now time.Time, recs []AuditRecord) ([]AuditRecord, AuditHead, error) {
	out := make([]AuditRecord, len(recs))
	now = now.UTC().Truncate(time.Microsecond)
	if now.Before(head.Time) { // another instance's clock ran ahead
		now = head.Time
	}
	for i, r := range recs {
		switch {
		case r.Actor == "":
			return nil, head, Errorf(Invalid, "audit record %q: no actor", r.Action)
		case r.Action == "":
			return nil, head, Errorf(Invalid, "audit record by %s: no action", r.Actor)
		case r.Retention != "" && r.Retention != RetainExport && r.Retention != RetainSanctions:
			return nil, head, Errorf(Invalid, "audit record %q: unknown retention class %q", r.Action, r.Retention)
		}
		if r.Retention == "" {
			r.Retention = RetainSanctions
		}
		payload, err := compactObject(r.Payload)
		if err != nil {
			return nil, head, Errorf(Invalid, "audit record %q: payload: %w", r.Action, err)
		}
		r.Payload = payload
		r.Seq, r.Time, r.PrevHash = head.Seq+1, now, head.Hash
		r.Hash = r.ComputeHash()
		head.Seq, head.Hash, head.Time = r.Seq, r.Hash, r.Time
		out[i] = r
	}
	return out, head, nil
}

func compactObject(p json.RawMessage) (json.RawMessage, error) {
	if len(bytes.TrimSpace(p)) == 0 {
		return json.RawMessage("{}"), nil
	}
	if p[0] == '{' && compactJSON(p) && json.Valid(p) {
		return p, nil // as json.Marshal writes it: already compact
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, p); err != nil {
		return nil, err
	}
	if buf.Bytes()[0] != '{' {
		return nil, Errorf(Invalid, "not a JSON object")
	}
	return buf.Bytes(), nil
}

// compactJSON reports whether p, read as JSON, has no whitespace outside
// its strings (which json.Compact would take out).
func compactJSON(p []byte) bool {
	in, esc := false, false
	for _, c := range p {
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return false
		}
	}
	return true
}

// AuditPayload marshals v as a record's payload. It panics on a value that
// cannot be marshalled: payloads are the program's own types.
func AuditPayload(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("clearance: audit payload: " + err.Error())
	}
	return b
}

// AuditQuery selects audit records. Zero fields select everything.
type AuditQuery struct {
	From, To   time.Time   // records at or after From and before To
	Action     AuditAction // only records of this action
	AfterSeq   int64       // only records after this one
	ThroughSeq int64       // only records up to this one
	Newest     bool        // newest first instead of oldest first
	Limit      int         // at most this many
}

// AuditHold is a legal hold: while it is active, Purge deletes no record
// whose time falls in [From, To] (zero bounds are open), whatever its age.
type AuditHold struct {
	ID         int64     `json:"id"`
	Reason     string    `json:"reason"`
	From       time.Time `json:"from,omitzero"`
	To         time.Time `json:"to,omitzero"`
	PlacedBy   string    `json:"placed_by"`
	PlacedAt   time.Time `json:"placed_at"`
	ReleasedBy string    `json:"released_by,omitempty"`
	ReleasedAt time.Time `json:"released_at,omitzero"`
}

// NewAuditHold returns a hold, for reason and placed by by, on the records
// from a day or instant to a day (included) or instant (excluded), both
// as ParseTimeBound reads them; an empty bound leaves that end open.
func NewAuditHold(reason, by, from, to string) (AuditHold, error) {
	h := AuditHold{Reason: reason, PlacedBy: by}
	var err error
	if from != "" {
		if h.From, err = ParseTimeBound("from", from, false); err != nil {
			return h, err
		}
	}
	if to != "" {
		h.To, err = ParseTimeBound("to", to, true)
	}
	return h, err
}

// Active reports whether the hold still stops deletion.
func (h AuditHold) Active() bool { return h.ReleasedAt.IsZero() }

// Covers reports whether the hold, if active, keeps a record made at t.
func (h AuditHold) Covers(t time.Time) bool {
	return h.Active() && (h.From.IsZero() || !t.Before(h.From)) && (h.To.IsZero() || !t.After(h.To))
}

// RetentionPolicy says how long records of each class are kept.
type RetentionPolicy struct {
	ExportYears    int `json:"export_years"`
	SanctionsYears int `json:"sanctions_years"`
}

// DefaultRetention keeps export records five years (EAR §762.6) and
// sanctions records ten (OFAC, from March 2025).
func DefaultRetention() RetentionPolicy { return RetentionPolicy{ExportYears: 5, SanctionsYears: 10} }

// Expired reports whether r may be deleted at now under the policy.
func (p RetentionPolicy) Expired(r AuditRecord, now time.Time) bool {
	years := p.SanctionsYears
	if r.Retention == RetainExport {
		years = p.ExportYears
	}
	return !r.Time.AddDate(years, 0, 0).After(now)
}

// AuditPurgeResult reports what a purge deleted.
type AuditPurgeResult struct {
	Purged int64       `json:"purged"`
	Anchor AuditHead   `json:"anchor"` // the head's anchor after the purge
	Record AuditRecord `json:"record"` // the audit.purge record appended
}

// AuditLog is the append-only, hash-chained audit trail.
//
// Contract:
//   - AppendAudit seals the records (SealAudit) after the current head and
//     stores them, all or none, in one transaction. Appends are serialised
//     across goroutines and processes: the chain never forks, sequence
//     numbers have no gaps, and times never go backwards along it.
//   - Records are never changed. Only PurgeAudit deletes, and only the
//     oldest records, in sequence order, while each is expired under the
//     policy and covered by no active hold; it moves the anchor to the
//     last record deleted and appends an AuditPurge record naming it, in
//     the same transaction, so the remaining chain verifies from there.
//   - A store that is also a ListStore appends an AuditListImport record in
//     each import's own transaction: an import is never committed without
//     its record, nor a record without its import.
//   - AuditRecords returns records in sequence order (or the reverse).
type AuditLog interface {
	AppendAudit(ctx context.Context, recs ...AuditRecord) ([]AuditRecord, error)
	// AppendAuditStream is AppendAudit for the records recs yields, read
	// and stored a group at a time, so that memory stays flat however
	// many there are (a batch's potential matches): all or none, in one
	// transaction; an error recs yields rolls it back. It returns how many
	// were appended and the last of them.
	AppendAuditStream(ctx context.Context, recs iter.Seq2[AuditRecord, error]) (int, AuditRecord, error)
	AuditHead(ctx context.Context) (AuditHead, error)
	AuditRecords(ctx context.Context, q AuditQuery) iter.Seq2[AuditRecord, error]
	PurgeAudit(ctx context.Context, policy RetentionPolicy, now time.Time, actor string) (AuditPurgeResult, error)
	// PlaceHold stores an active hold and appends an AuditHoldPlaced
	// record; it returns the hold with its ID and placement time.
	PlaceHold(ctx context.Context, h AuditHold) (AuditHold, error)
	// ReleaseHold releases an active hold and appends an
	// AuditHoldReleased record. An unknown or released hold is NotFound.
	ReleaseHold(ctx context.Context, id int64, actor string) (AuditHold, error)
	// Holds returns every hold, active or not, by ID.
	Holds(ctx context.Context) ([]AuditHold, error)
}
