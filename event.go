package clearance

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// EventType names what happened. Types are dotted: the first part is the
// thing (case, order, list, monitor, counterparties), the second what
// happened to it.
type EventType string

// Event types. Case events are "case." followed by the CaseActionKind.
const (
	EventCaseOpened             EventType = "case.opened"
	EventOrderDecision          EventType = "order.decision_changed"
	EventOrderShipped           EventType = "order.shipped"
	EventListUpdated            EventType = "list.updated"
	EventMonitorCompleted       EventType = "monitor.completed"
	EventCounterpartiesImported EventType = "counterparties.imported"
)

// Event is one entry of the append-only event log: what the CLI's events
// command lists and what webhooks receive, one POST each. ID is assigned by
// the store, in the order events are recorded; At is when.
type Event struct {
	ID             int64     `json:"id"`
	Type           EventType `json:"type"`
	At             time.Time `json:"at"`
	Actor          string    `json:"actor"`
	CaseID         int64     `json:"case_id,omitempty"`
	CounterpartyID string    `json:"counterparty_id,omitempty"`
	OrderID        string    `json:"order_id,omitempty"`
	Source         SourceID  `json:"source,omitempty"`
	Version        int       `json:"version,omitempty"`
	// Message says what happened in a sentence; Data holds the details as
	// a JSON object whose fields depend on Type.
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// EventFilter selects events, oldest first. Zero fields select everything.
type EventFilter struct {
	After int64     // events with a greater ID
	Since time.Time // events at or after
	Type  EventType
	Limit int
}

// ParseEventSince reads where a listing of events starts: after an event
// id, or from a date (YYYY-MM-DD, in loc) or an RFC 3339 time. Empty
// selects everything.
func ParseEventSince(since string, loc *time.Location) (EventFilter, error) {
	var f EventFilter
	if since == "" {
		return f, nil
	}
	if id, err := strconv.ParseInt(since, 10, 64); err == nil && id >= 0 {
		f.After = id
		return f, nil
	}
	if d, err := time.ParseInLocation(time.DateOnly, since, loc); err == nil {
		f.Since = d
		return f, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, since); err == nil {
		f.Since = t
		return f, nil
	}
	return f, Errorf(Invalid, "since %q: want an event id, a date (YYYY-MM-DD) or an RFC 3339 time", since)
}

// caseEventData is what a case event carries.
type caseEventData struct {
	State          CaseState      `json:"state"`
	Action         CaseActionKind `json:"action"`
	AwaitsApproval bool           `json:"awaiting_approval,omitempty"`
	CounterpartyID string         `json:"counterparty_id,omitempty"`
	OrderID        string         `json:"order_id,omitempty"`
	Subject        string         `json:"subject"`
	EntryID        string         `json:"entry_id"`
	EntryName      string         `json:"entry_name"`
	Source         string         `json:"source"`
	List           ListCode       `json:"list"`
	Score          float64        `json:"score"`
	Reason         ReasonCode     `json:"reason,omitempty"`
	Comment        string         `json:"comment,omitempty"`
	Assignee       string         `json:"assignee,omitempty"`
	Trigger        *CaseTrigger   `json:"trigger,omitempty"`
}

// CaseEvent returns the event recording action a on case c, which must
// already have its ID.
func CaseEvent(c *Case, a CaseAction) Event {
	d := caseEventData{State: c.State, Action: a.Action, AwaitsApproval: c.Pending != nil,
		CounterpartyID: c.CounterpartyID, OrderID: c.OrderID, Subject: c.Subject.Name,
		EntryID: c.EntryID, EntryName: c.EntryName, Source: c.Source, List: c.List, Score: c.Score,
		Reason: a.Reason, Comment: a.Comment, Assignee: c.Assignee}
	msg := fmt.Sprintf("Case %d (%s %q, %s on %s, score %.2f) %s by %s", c.ID, c.SubjectName(), c.Subject.Name,
		c.EntryName, c.List, c.Score, strings.ReplaceAll(string(a.Action), "_", " "), a.By)
	switch a.Action {
	case ActionOpened:
		d.Trigger = &c.Trigger
		msg = fmt.Sprintf("Case %d opened: %s %q may be %s (%s, score %.2f). %s", c.ID, c.SubjectName(),
			c.Subject.Name, c.EntryName, c.Source, c.Score, c.Trigger.Message)
	case ActionAssigned, ActionEscalated:
		if a.To != "" {
			msg += " to " + a.To
		}
	case ActionClearanceProposed:
		msg += fmt.Sprintf(" (%s); it awaits a second approval", a.Reason)
	case ActionCleared, ActionConfirmed, ActionApproved:
		msg += fmt.Sprintf(" (%s); the case is %s", c.Resolution.Reason, c.State)
	}
	return Event{Type: EventType("case." + string(a.Action)), At: a.At, Actor: a.By, CaseID: c.ID,
		CounterpartyID: c.CounterpartyID, OrderID: c.OrderID, Message: msg, Data: mustJSON(d)}
}

// DecisionEvent returns the event recording that a new decision d replaced
// an order's decision of outcome from.
func DecisionEvent(from Outcome, d *Decision, why string) Event {
	data := struct {
		From     Outcome      `json:"from"`
		To       Outcome      `json:"to"`
		AsOf     string       `json:"as_of"`
		Reasons  []Reason     `json:"reasons"`
		Versions []VersionRef `json:"list_versions"`
	}{from, d.Outcome, d.AsOf, d.Reasons, d.Versions}
	return Event{Type: EventOrderDecision, At: d.DecidedAt, Actor: SystemActor, OrderID: d.OrderID,
		Message: fmt.Sprintf("Order %s moved from %s to %s as of %s: %s", d.OrderID, from, d.Outcome, d.AsOf, why),
		Data:    mustJSON(data)}
}

// Delivery is one attempt to deliver an event to a webhook URL.
type Delivery struct {
	ID      int64     `json:"id"` // assigned by the store
	URL     string    `json:"url"`
	EventID int64     `json:"event_id"`
	Attempt int       `json:"attempt"` // 1, 2, 3... per event and URL
	At      time.Time `json:"at"`
	// Status is the HTTP status received, 0 when no response came; Error
	// says what went wrong, empty on success.
	Status   int           `json:"status"`
	Error    string        `json:"error,omitempty"`
	Duration time.Duration `json:"duration_ns"`
	// Done means the event is finished with at this URL: delivered, or
	// given up on because no retry could change the answer. The URL's
	// cursor moves past the event.
	Done bool `json:"done"`
}

// Delivered reports whether the attempt succeeded.
func (d *Delivery) Delivered() bool { return d.Error == "" && d.Status >= 200 && d.Status < 300 }

// DeliveryFilter selects delivery attempts, oldest first.
type DeliveryFilter struct {
	EventID int64
	Limit   int
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("clearance: marshal event data: %v", err)) // plain data cannot fail
	}
	return b
}
