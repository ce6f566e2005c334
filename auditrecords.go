package clearance

import (
	"context"
	"fmt"
	"time"

	"github.com/clearancehq/clearance/match"
)

// AuditHit is a hit as the audit log keeps it: enough to say what matched
// and how strongly, with the list versions of its record to look the entry
// up again.
type AuditHit struct {
	EntryID     string   `json:"entry_id"`
	Dataset     SourceID `json:"dataset"`
	List        ListCode `json:"list"`
	EntryName   string   `json:"entry_name"`
	Score       float64  `json:"score"`
	MatchedName string   `json:"matched_name"`
	MatchedKind NameKind `json:"matched_name_kind"`
	AlsoIn      []string `json:"also_in,omitempty"`
}

// AuditHits returns the hits as the audit log keeps them.
func AuditHits(hits []Hit) []AuditHit {
	out := make([]AuditHit, len(hits))
	for i, h := range hits {
		out[i] = AuditHit{EntryID: h.EntryID, Dataset: h.Dataset, List: h.List, EntryName: h.EntryName,
			Score: h.Score, MatchedName: h.MatchedName, MatchedKind: h.MatchedKind, AlsoIn: h.AlsoIn}
	}
	return out
}

// NormalizedQuery is a query as the matcher reads it.
type NormalizedQuery struct {
	Name    string `json:"name"`              // folded to lower-case ASCII words (match.Fold)
	Country string `json:"country,omitempty"` // ISO alpha-2
}

// Normalize returns the query as the matcher reads it.
func (q Query) Normalize() NormalizedQuery {
	n := NormalizedQuery{Name: match.Fold(q.Name)}
	if code, ok := CountryCode(q.Country); ok {
		n.Country = code
	}
	return n
}

// ScreeningAudit is the payload of an AuditScreen record: what is needed to
// show what was screened, against what, with which settings, and what came
// back (every hit at or above the threshold).
type ScreeningAudit struct {
	Query       Query           `json:"query"`
	Normalized  NormalizedQuery `json:"normalized"`
	Threshold   float64         `json:"threshold"`
	OptionsHash string          `json:"options_hash"`
	Algorithm   string          `json:"algorithm"`
	Versions    []VersionRef    `json:"list_versions"`
	ScreenedAt  time.Time       `json:"screened_at"`
	Hits        []AuditHit      `json:"hits"`
}

// ScreeningRecord returns the AuditScreen record of a screening.
func ScreeningRecord(s *Screening, actor, requestID string) AuditRecord {
	return AuditRecord{
		Actor: actor, RequestID: requestID, Action: AuditScreen, Subject: s.Query.Name,
		Payload: AuditPayload(ScreeningAudit{
			Query: s.Query, Normalized: s.Query.Normalize(), Threshold: s.Threshold,
			OptionsHash: s.OptionsHash, Algorithm: s.Algorithm, Versions: s.Versions,
			ScreenedAt: s.ScreenedAt, Hits: AuditHits(s.Hits),
		}),
	}
}

// actorKey is the context key of the actor.
type actorKey struct{}

type acting struct{ actor, requestID string }

// WithActor returns a context naming who acts, and in answer to which
// request, for the audit records a GateStore appends on its behalf (see
// GateStore).
func WithActor(ctx context.Context, actor, requestID string) context.Context {
	return context.WithValue(ctx, actorKey{}, acting{actor, requestID})
}

// ActorFrom returns the actor and request id ctx carries (see WithActor);
// the actor is "" when it carries none.
func ActorFrom(ctx context.Context) (actor, requestID string) {
	a, _ := ctx.Value(actorKey{}).(acting)
	return a.actor, a.requestID
}

// OrderRecord returns the AuditOrderSubmit record of a submission: the
// order, its decision with every reason and draw, and when it was
// submitted.
func OrderRecord(rec *SubmittedOrder, actor, requestID string) AuditRecord {
	return AuditRecord{
		Actor: actor, RequestID: requestID, Action: AuditOrderSubmit, Subject: rec.Order.ID,
		Payload: AuditPayload(rec),
	}
}

// LicenceRecord returns the AuditLicenceAdd record of a licence.
func LicenceRecord(l *Licence, actor, requestID string) AuditRecord {
	return AuditRecord{
		Actor: actor, RequestID: requestID, Action: AuditLicenceAdd, Subject: l.Number,
		Payload: AuditPayload(l),
	}
}

// UVLRecord returns the AuditUVLAdd record of a statement, with its id.
func UVLRecord(st *UVLStatement, actor, requestID string) AuditRecord {
	return AuditRecord{
		Actor: actor, RequestID: requestID, Action: AuditUVLAdd, Subject: st.Party,
		Payload: AuditPayload(st),
	}
}

// CaseActionAudit is the payload of an AuditCaseAction record: the action
// and the case as it left it.
type CaseActionAudit struct {
	CaseID  int64          `json:"case_id"`
	Action  CaseActionKind `json:"action"`
	By      string         `json:"by"`
	To      string         `json:"to,omitempty"`
	Reason  ReasonCode     `json:"reason,omitempty"`
	Comment string         `json:"comment,omitempty"`
	// State is the case's state after the action; AwaitsApproval is set
	// when a clearance waits for its second approver.
	State          CaseState `json:"state"`
	AwaitsApproval bool      `json:"awaiting_approval,omitempty"`
	Version        int       `json:"version"`
	Subject        string    `json:"subject"`
	EntryID        string    `json:"entry_id"`
	Dataset        SourceID  `json:"dataset"`
	Score          float64   `json:"score"`
}

// CaseActionRecord returns the AuditCaseAction record of action a, the
// n-th (from 1) of case c's history, c standing as the action left it.
func CaseActionRecord(c *Case, a CaseAction, n int, actor, requestID string) AuditRecord {
	return AuditRecord{
		Actor: actor, RequestID: requestID, Action: AuditCaseAction, Subject: fmt.Sprintf("case %d", c.ID),
		Payload: AuditPayload(CaseActionAudit{
			CaseID: c.ID, Action: a.Action, By: a.By, To: a.To, Reason: a.Reason, Comment: a.Comment,
			State: c.State, AwaitsApproval: c.Pending != nil, Version: n,
			Subject: c.SubjectName(), EntryID: c.EntryID, Dataset: c.Dataset, Score: c.Score,
		}),
	}
}
