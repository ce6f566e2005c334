package clearance

import (
	"context"
	"time"

	"github.com/clearancehq/clearance/match"
)

// The storage contracts of review and monitoring. Every write below is one
// transaction: it happens whole or not at all, events included, so that the
// event log never tells of a case that was not recorded, nor misses one
// that was.

// CounterpartyStore keeps the counterparty registry.
//
// Contract:
//   - UpsertCounterparties validates every counterparty (Validate; Invalid
//     on the first failure, naming its id) and refuses a batch naming an id
//     twice; then adds the new ids, updates those whose fields differ, and
//     leaves the rest, all in one transaction that also records one
//     counterparties.imported event by actor. An updated counterparty whose
//     Hash changed loses its ScreenedAt. The result lists ids added and
//     updated in the order given.
//   - Counterparty returns NotFound for an unknown id; Counterparties lists
//     by id (bytewise), after Filter.After, at most Filter.Limit.
type CounterpartyStore interface {
	UpsertCounterparties(ctx context.Context, cps []Counterparty, actor string) (*UpsertResult, error)
	Counterparty(ctx context.Context, id string) (*Counterparty, error)
	Counterparties(ctx context.Context, f CounterpartyFilter) ([]Counterparty, error)
	CountCounterparties(ctx context.Context) (int, error)
}

// Findings is what one step of a screening records, in one transaction.
type Findings struct {
	// Cases to open. A case is skipped, not an error, when its key has an
	// active case, or when the latest case on its key is not
	// Trigger.Previous (someone acted on the pair since it was triaged;
	// the next screening triages it again).
	Cases []Case
	// Decisions are new decisions on submitted orders, each recorded as
	// the order's next decision only when the order has not shipped and its
	// outcome is hold or blocked and more severe than the order's latest;
	// otherwise skipped. A decision drawing on licences is refused
	// (Invalid).
	Decisions []OrderDecision
	// Screened marks counterparties screened in full against every active
	// list: ScreenedAt is set when the hash is still the counterparty's.
	Screened []ScreenedMark
	// Progress, when set, saves a monitoring run's cursor and counts; the
	// store adds the cases it opened and the decisions it recorded to
	// Progress.Stats (CasesOpened, OrdersMoved) first.
	Progress *MonitorRun
}

// OrderDecision is a new decision on an order and why it was made.
type OrderDecision struct {
	Decision Decision
	Why      string
}

// ScreenedMark records that a counterparty, as of Hash, was screened.
type ScreenedMark struct {
	CounterpartyID string
	Hash           string
	At             time.Time
}

// Recorded is what RecordFindings did: the cases opened, with their IDs, the
// decisions recorded, and the events it logged (case.opened for each case,
// order.decision_changed for each decision).
type Recorded struct {
	Cases     []Case
	Decisions []Decision
	Events    []Event
}

// CaseStore keeps review cases.
//
// Contract:
//   - RecordFindings assigns case IDs (increasing), refuses cases that are
//     not open or lack a subject or entry (Invalid), and applies Findings'
//     rules; everything it records is in one transaction.
//   - Case returns NotFound for an unknown id, and every case with its
//     actions in order. Cases lists by ID. LatestCases returns, for each key
//     that has any, the case of highest ID.
//   - UpdateCase reads the case inside a write transaction, calls apply on
//     it, and stores the changed case with the actions apply appended and
//     the events it returns; an apply error leaves everything as it was and
//     is returned as is. Two concurrent updates of one case are serialised.
//   - A store that is also an AuditLog appends, when the context names an
//     actor (WithActor), one AuditCaseAction record (CaseActionRecord) per
//     action UpdateCase stores, in the same transaction: an action is
//     recorded with its audit record or not at all.
type CaseStore interface {
	RecordFindings(ctx context.Context, f *Findings) (*Recorded, error)
	Case(ctx context.Context, id int64) (*Case, error)
	Cases(ctx context.Context, f CaseFilter) ([]Case, error)
	// CaseCounts counts the cases in each state (states with none are
	// left out).
	CaseCounts(ctx context.Context) (map[CaseState]int, error)
	LatestCases(ctx context.Context, keys []CaseKey) (map[CaseKey]*Case, error)
	UpdateCase(ctx context.Context, id int64, apply func(*Case) ([]Event, error)) (*Case, error)
}

// Shipment records that an order shipped: it is no longer open, and
// monitoring leaves it alone.
type Shipment struct {
	OrderID string    `json:"order_id"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// ShipmentStore knows which submitted orders are still open.
//
// Contract:
//   - OpenOrders lists the submitted orders not shipped, with their latest
//     decisions, oldest submission first.
//   - ShipOrder records the shipment with an order.shipped event; it
//     refuses an unknown order (NotFound), one already shipped, and one
//     whose latest decision is hold or blocked (Conflict).
//   - Shipment returns NotFound for an order not shipped.
//   - OrderDecisions lists an order's decisions, first to latest; NotFound
//     for an unknown order.
type ShipmentStore interface {
	OpenOrders(ctx context.Context) ([]SubmittedOrder, error)
	ShipOrder(ctx context.Context, id, by string) (*Shipment, error)
	Shipment(ctx context.Context, id string) (*Shipment, error)
	OrderDecisions(ctx context.Context, id string) ([]Decision, error)
}

// MonitorStore keeps track of which list versions monitoring has gone
// through, so that a list update is re-screened exactly once, even when the
// process dies half-way: the next start finds the unfinished run.
//
// Contract:
//   - Each source has a mark: the version monitoring last finished (a new
//     store marks nothing, so the first import of a source is a lag from
//     0). MonitorLag returns, by source, every source whose active version
//     differs from its mark.
//   - BeginMonitorRun records a run over spans, with events, provided no
//     run is unfinished and each span starts at its source's mark
//     (Conflict otherwise). UnfinishedMonitorRun returns it (nil when
//     there is none) with its saved progress.
//   - One worker at a time works a run: ClaimMonitorRun gives the
//     unfinished run to the claim's worker until claim.Until, and returns
//     the run as saved, provided no other worker holds a claim on it that
//     has not lapsed (by the store's clock) or that worker is claim.Dead;
//     otherwise Conflict, and nothing changes. Of workers claiming at
//     once, exactly one wins. A worker's claim again renews it. A new run
//     is unclaimed; UnfinishedMonitorRun reports the claim.
//   - Saving a run's progress (ReviewStore.RecordFindings with Progress)
//     and FinishMonitorRun require the run's Worker to hold its claim (""
//     for an unclaimed run) and renew the claim to its ClaimedUntil;
//     otherwise they change nothing and fail with Conflict: a worker whose
//     run was taken over cannot write to it.
//   - FinishMonitorRun moves the marks to the spans' ends, saves the
//     counts, records events and finishes the run, at once; Conflict when
//     the run is already finished.
//   - MonitorRuns lists the latest runs, newest first.
type MonitorStore interface {
	MonitorLag(ctx context.Context) ([]VersionSpan, error)
	BeginMonitorRun(ctx context.Context, spans []VersionSpan, events []Event) (*MonitorRun, error)
	ClaimMonitorRun(ctx context.Context, claim MonitorClaim) (*MonitorRun, error)
	UnfinishedMonitorRun(ctx context.Context) (*MonitorRun, error)
	FinishMonitorRun(ctx context.Context, run *MonitorRun, events []Event) error
	MonitorRuns(ctx context.Context, limit int) ([]MonitorRun, error)
}

// EventStore keeps the event log and the webhook deliveries.
//
// Contract:
//   - Events are recorded only by the writes that cause them (above) and
//     never change. Events lists them by ID.
//   - RegisterWebhook starts a URL's cursor at the last event recorded, if
//     the URL has none: a new receiver gets what happens from then on.
//     WebhookBacklog returns the events after the URL's cursor, oldest
//     first (NotFound for an unregistered URL).
//   - RecordDelivery records an attempt and, when it is Done, moves the
//     URL's cursor past its event, at once. Deliveries lists attempts by ID.
//   - One worker at a time delivers a URL's events: ClaimWebhook gives
//     worker the claim until until, and reports true, when the claim is
//     free, lapsed (its until is past, on the wall clock) or worker's own
//     (a renewal); else it changes nothing and reports false. NotFound for
//     an unregistered URL. ReleaseWebhook frees worker's claim, and
//     nothing when another holds it.
type EventStore interface {
	Events(ctx context.Context, f EventFilter) ([]Event, error)
	RegisterWebhook(ctx context.Context, url string) error
	ClaimWebhook(ctx context.Context, url, worker string, until time.Time) (bool, error)
	ReleaseWebhook(ctx context.Context, url, worker string) error
	WebhookBacklog(ctx context.Context, url string, limit int) ([]Event, error)
	RecordDelivery(ctx context.Context, d *Delivery) error
	Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error)
}

// OptionsStore remembers matching options by hash, so that a screening
// recorded with an options hash can be replayed with the same options.
// SaveOptions is idempotent; Options returns NotFound for an unknown hash.
type OptionsStore interface {
	SaveOptions(ctx context.Context, opts match.Options) error
	Options(ctx context.Context, hash string) (match.Options, error)
}

// ReviewStore is everything review and monitoring read and write.
type ReviewStore interface {
	ListStore
	GateStore
	CounterpartyStore
	CaseStore
	ShipmentStore
	MonitorStore
	EventStore
	OptionsStore
}
