package clearance

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CaseState is where a review case stands.
//
//	open ──assign──▶ open
//	open ──escalate──▶ escalated ──assign/escalate──▶ escalated
//	open|escalated ──confirm──▶ confirmed
//	open|escalated ──clear──▶ cleared                  (best score below the approval threshold)
//	open|escalated ──clear──▶ same state, awaiting approval ──approve (another user)──▶ cleared
//
// Cleared and confirmed are final. A case awaiting approval may still be
// confirmed (the second reviewer disagrees) or escalated.
type CaseState string

// Case states.
const (
	CaseOpen      CaseState = "open"
	CaseEscalated CaseState = "escalated"
	CaseCleared   CaseState = "cleared"   // a false positive
	CaseConfirmed CaseState = "confirmed" // a true match
)

// CaseStates lists the states in display order.
var CaseStates = []CaseState{CaseOpen, CaseEscalated, CaseCleared, CaseConfirmed}

func (s CaseState) String() string { return string(s) }

// Valid reports whether s is one of the declared states.
func (s CaseState) Valid() bool {
	switch s {
	case CaseOpen, CaseEscalated, CaseCleared, CaseConfirmed:
		return true
	}
	return false
}

// Active reports whether a case in state s awaits an analyst.
func (s CaseState) Active() bool { return s == CaseOpen || s == CaseEscalated }

// DefaultApprovalThreshold is the best score from which clearing a case as
// a false positive needs a second, different approver (four-eyes).
const DefaultApprovalThreshold = 0.90

// SystemActor is the actor of what Clearance does by itself: opening cases
// on a list update, moving orders.
const SystemActor = "clearance"

// Case is one possible match put in front of an analyst: a counterparty, or
// one party of an order, resembles one listed entry. It holds the hit with
// its score and explanation, the entry as it stood (its version and content
// hash), what the screening ran with, and every action taken on it.
type Case struct {
	ID    int64     `json:"id"`
	State CaseState `json:"state"`
	// The subject: a counterparty, or the party of an order at PartyIndex
	// in the role Role. Subject is what was screened, SubjectHash its
	// digest (QueryHash).
	CounterpartyID string    `json:"counterparty_id,omitempty"`
	OrderID        string    `json:"order_id,omitempty"`
	PartyIndex     int       `json:"party_index,omitempty"`
	Role           PartyRole `json:"role,omitempty"`
	Subject        Query     `json:"subject"`
	SubjectHash    string    `json:"subject_hash"`
	// The entry the subject resembles: its name, its list's name (Source)
	// and code, the data set and version it was read from, and its content
	// hash (Entry.ContentHash) then.
	EntryID      string   `json:"entry_id"`
	EntryName    string   `json:"entry_name"`
	Source       string   `json:"source"`
	List         ListCode `json:"list"`
	Dataset      SourceID `json:"dataset"`
	EntryVersion int      `json:"entry_version"`
	EntryHash    string   `json:"entry_hash"`
	Score        float64  `json:"score"`
	// Hit is the hit with its explanation; Entry the entry as it stood,
	// without its raw record.
	Hit   Hit    `json:"hit"`
	Entry *Entry `json:"entry,omitempty"`
	// Trigger says why the case opened.
	Trigger CaseTrigger `json:"trigger"`
	// What the screening ran with, to replay it (screen --as-of).
	OptionsHash string       `json:"options_hash"`
	Algorithm   string       `json:"algorithm"`
	Versions    []VersionRef `json:"list_versions"`

	OpenedAt time.Time `json:"opened_at"`
	Assignee string    `json:"assignee,omitempty"`
	// Pending is a clearance awaiting its second approval.
	Pending *Resolution `json:"awaiting_approval,omitempty"`
	// Resolution is how the case was closed.
	Resolution *Resolution  `json:"resolution,omitempty"`
	Actions    []CaseAction `json:"actions"`
}

// TriggerKind says what opened a case.
type TriggerKind string

// Trigger kinds.
const (
	TriggerScreening  TriggerKind = "screening"   // the registry was screened
	TriggerListUpdate TriggerKind = "list_update" // a list update added or changed the entry
	// The entry changed since an earlier case on the same pair was closed,
	// so that case's judgement no longer covers it.
	TriggerEntryChanged TriggerKind = "entry_changed"
	// The subject's own details changed since an earlier case was closed.
	TriggerSubjectChanged TriggerKind = "subject_changed"
	// An ownership rule reaches the counterparty through a listed owner:
	// the case is on the counterparty and the owner's entry.
	TriggerOwnership TriggerKind = "ownership"
)

// CaseTrigger says why a case opened, in words and, when an earlier
// judgement lapsed, which case it was and what changed since.
type CaseTrigger struct {
	Kind     TriggerKind   `json:"kind"`
	Message  string        `json:"message"`
	Previous int64         `json:"previous_case,omitempty"`
	Changes  []FieldChange `json:"changes,omitempty"`
}

// Resolution is a judgement on a case: cleared or confirmed, why, by whom,
// and for a clearance that needs one, who approved it.
type Resolution struct {
	State      CaseState  `json:"state"`
	Reason     ReasonCode `json:"reason"`
	Comment    string     `json:"comment,omitempty"`
	By         string     `json:"by"`
	At         time.Time  `json:"at"`
	ApprovedBy string     `json:"approved_by,omitempty"`
	ApprovedAt time.Time  `json:"approved_at,omitzero"`
}

// CaseActionKind names what an action did.
type CaseActionKind string

// Case actions. Each is also the suffix of the event it records
// ("case.opened").
const (
	ActionOpened            CaseActionKind = "opened"
	ActionAssigned          CaseActionKind = "assigned"
	ActionEscalated         CaseActionKind = "escalated"
	ActionClearanceProposed CaseActionKind = "clearance_proposed"
	ActionApproved          CaseActionKind = "approved"
	ActionCleared           CaseActionKind = "cleared"
	ActionConfirmed         CaseActionKind = "confirmed"
)

// CaseAction is one entry of a case's history.
type CaseAction struct {
	At      time.Time      `json:"at"`
	By      string         `json:"by"`
	Action  CaseActionKind `json:"action"`
	Reason  ReasonCode     `json:"reason,omitempty"`
	To      string         `json:"to,omitempty"`
	Comment string         `json:"comment,omitempty"`
}

// CaseKey identifies what a case is about: a subject and an entry. At most
// one case per key is active at a time.
type CaseKey struct {
	CounterpartyID string
	OrderID        string
	PartyIndex     int
	Dataset        SourceID
	EntryID        string
}

// Key returns the case's key.
func (c *Case) Key() CaseKey {
	return CaseKey{CounterpartyID: c.CounterpartyID, OrderID: c.OrderID, PartyIndex: c.PartyIndex, Dataset: c.Dataset, EntryID: c.EntryID}
}

// SubjectName says what the case is about: "counterparty C-1" or "order
// PO-7 end user".
func (c *Case) SubjectName() string {
	if c.OrderID != "" {
		return fmt.Sprintf("order %s %s", c.OrderID, c.Role)
	}
	return "counterparty " + c.CounterpartyID
}

// Version counts the actions taken on the case, its opening included. It
// grows with every change, so that whoever decides on version n can ask
// for an action only if nothing happened since (CaseCommand.ExpectedVersion,
// the API's If-Match).
func (c *Case) Version() int { return len(c.Actions) }

// MarshalJSON writes the case with its version. The version is derived,
// never stored: a case written without its actions has none.
func (c Case) MarshalJSON() ([]byte, error) {
	type plain Case // without this method
	return json.Marshal(struct {
		plain
		Version int `json:"version,omitempty"`
	}{plain(c), c.Version()})
}

// Status describes the state for a person: "open, awaiting second approval".
func (c *Case) Status() string {
	if c.Pending != nil {
		return string(c.State) + ", awaiting second approval"
	}
	return string(c.State)
}

// Limits on what analysts write, in bytes.
const (
	maxUser    = 100
	maxComment = 4000
)

// Assign gives the case to a user.
func (c *Case) Assign(by, to string, at time.Time) error {
	if err := c.act(by, "assign"); err != nil {
		return err
	}
	if err := checkUser("--to", to); err != nil {
		return err
	}
	c.Assignee = to
	c.record(CaseAction{At: at, By: by, Action: ActionAssigned, To: to})
	return nil
}

// Escalate passes the case up, to a named user or to whoever reviews
// escalations.
func (c *Case) Escalate(by, to, comment string, at time.Time) error {
	if err := c.act(by, "escalate"); err != nil {
		return err
	}
	if err := checkComment(comment); err != nil {
		return err
	}
	if to != "" {
		if err := checkUser("--to", to); err != nil {
			return err
		}
		c.Assignee = to
	}
	c.State = CaseEscalated
	c.record(CaseAction{At: at, By: by, Action: ActionEscalated, To: to, Comment: comment})
	return nil
}

// Clear judges the case a false positive. When its score is at or above
// approvalThreshold, the clearance waits for a different user's Approve;
// otherwise the case is cleared at once.
func (c *Case) Clear(by string, reason ReasonCode, comment string, at time.Time, approvalThreshold float64) error {
	if err := c.act(by, "clear"); err != nil {
		return err
	}
	if c.Pending != nil {
		return Errorf(Conflict, "case %d: %s already proposed clearing it; it awaits a second approval (clearance cases approve %d)", c.ID, c.Pending.By, c.ID)
	}
	if err := checkReason(reason, CaseCleared); err != nil {
		return err
	}
	if err := checkComment(comment); err != nil {
		return err
	}
	r := &Resolution{State: CaseCleared, Reason: reason, Comment: comment, By: by, At: at}
	if c.Score >= approvalThreshold {
		c.Pending = r
		c.record(CaseAction{At: at, By: by, Action: ActionClearanceProposed, Reason: reason, Comment: comment})
		return nil
	}
	c.resolve(r, CaseAction{At: at, By: by, Action: ActionCleared, Reason: reason, Comment: comment})
	return nil
}

// Approve is the second approval of a pending clearance, by a user other
// than the one who proposed it.
func (c *Case) Approve(by, comment string, at time.Time) error {
	if err := c.act(by, "approve"); err != nil {
		return err
	}
	if c.Pending == nil {
		return Errorf(Conflict, "case %d awaits no approval: only clearing a case scoring at or above the approval threshold does", c.ID)
	}
	if SameUser(by, c.Pending.By) {
		return Errorf(Forbidden, "case %d: %s proposed the clearance and cannot also approve it; a different user must (four-eyes)", c.ID, by)
	}
	if err := checkComment(comment); err != nil {
		return err
	}
	r := *c.Pending
	r.ApprovedBy, r.ApprovedAt = by, at
	c.resolve(&r, CaseAction{At: at, By: by, Action: ActionApproved, Reason: r.Reason, Comment: comment})
	return nil
}

// Confirm judges the case a true match. It needs no second approval, and
// overrides a clearance awaiting one.
func (c *Case) Confirm(by string, reason ReasonCode, comment string, at time.Time) error {
	if err := c.act(by, "confirm"); err != nil {
		return err
	}
	if err := checkReason(reason, CaseConfirmed); err != nil {
		return err
	}
	if err := checkComment(comment); err != nil {
		return err
	}
	r := &Resolution{State: CaseConfirmed, Reason: reason, Comment: comment, By: by, At: at}
	c.resolve(r, CaseAction{At: at, By: by, Action: ActionConfirmed, Reason: reason, Comment: comment})
	return nil
}

// act checks that the user may act on the case at all: it is still active
// and the user is named.
func (c *Case) act(by, what string) error {
	if err := checkUser("--by", by); err != nil {
		return err
	}
	if !c.State.Active() {
		r := c.Resolution
		if r == nil {
			return Errorf(Conflict, "case %d is %s: cannot %s it", c.ID, c.State, what)
		}
		return Errorf(Conflict, "case %d was %s by %s on %s (%s): cannot %s it", c.ID, c.State, r.By,
			r.At.UTC().Format(time.DateOnly), r.Reason, what)
	}
	return nil
}

func (c *Case) resolve(r *Resolution, a CaseAction) {
	c.State, c.Resolution, c.Pending = r.State, r, nil
	c.record(a)
}

func (c *Case) record(a CaseAction) { c.Actions = append(c.Actions, a) }

// SameUser reports whether two names of users name one person: case
// aside, and with or without the "key:" prefix the API and web UI give a
// key's holder, so that "alice" on the command line and the key named
// alice are one user for four-eyes.
func SameUser(a, b string) bool {
	return strings.EqualFold(strings.TrimPrefix(a, "key:"), strings.TrimPrefix(b, "key:"))
}

// checkUser requires a user name: printable text on one line.
func checkUser(flag, s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return Errorf(Invalid, "%s: a user name is required", flag)
	case len(s) > maxUser || !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0:
		return Errorf(Invalid, "%s %q: want a user name of printable text, at most %d bytes", flag, s, maxUser)
	}
	return nil
}

func checkComment(s string) error {
	if len(s) > maxComment || !utf8.ValidString(s) {
		return Errorf(Invalid, "--comment: want valid UTF-8 text of at most %d bytes", maxComment)
	}
	return nil
}

// CaseFilter selects cases. Zero fields select everything.
type CaseFilter struct {
	State          CaseState
	Assignee       string
	CounterpartyID string
	OrderID        string
}
