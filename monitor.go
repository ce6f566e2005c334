package clearance

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/clearancehq/clearance/match"
)

// VersionSpan is a stretch of a source's versions: what changed from From
// (0: nothing) to To.
type VersionSpan struct {
	Source SourceID `json:"source"`
	From   int      `json:"from"`
	To     int      `json:"to"`
}

func (s VersionSpan) String() string { return fmt.Sprintf("%s v%d->v%d", s.Source, s.From, s.To) }

// MonitorStats counts what a monitoring run did.
type MonitorStats struct {
	Added          int `json:"added"`   // entries the spans added
	Changed        int `json:"changed"` // entries the spans changed
	Removed        int `json:"removed"` // entries the spans removed
	Counterparties int `json:"counterparties"`
	Orders         int `json:"orders"`
	Candidates     int `json:"candidates"` // subjects the prefilter passed on for scoring
	CasesOpened    int `json:"cases_opened"`
	Suppressed     int `json:"suppressed"` // hits a closed case still covers
	OrdersMoved    int `json:"orders_moved"`
}

// MonitorRun is one re-screening of the registry and the open orders after
// list updates. Cursor is the last counterparty id done; a run resumed after
// a crash goes on from there.
type MonitorRun struct {
	ID         int64         `json:"id"`
	Spans      []VersionSpan `json:"spans"`
	StartedAt  time.Time     `json:"started_at"`
	FinishedAt time.Time     `json:"finished_at,omitzero"`
	Cursor     string        `json:"cursor,omitempty"`
	OrdersDone bool          `json:"orders_done"`
	Stats      MonitorStats  `json:"stats"`
	// Worker names the worker that holds the run's claim ("" for none)
	// and ClaimedUntil is when the claim lapses unless renewed: one worker
	// at a time works a run (see MonitorStore.ClaimMonitorRun). Saving the
	// run's progress renews the claim to ClaimedUntil.
	Worker       string    `json:"worker,omitempty"`
	ClaimedUntil time.Time `json:"claimed_until,omitzero"`
}

// MonitorClaim asks for a run's claim (MonitorStore.ClaimMonitorRun).
type MonitorClaim struct {
	Run    int64
	Worker string
	// Until is when the claim lapses unless renewed.
	Until time.Time
	// Dead, when set, is a worker known to have died (its process is gone):
	// its claim is taken over before it lapses.
	Dead string
}

// Claimed reports whether a worker other than worker holds a claim on the
// run that has not lapsed at now.
func (r *MonitorRun) Claimed(worker string, now time.Time) bool {
	return r.Worker != "" && r.Worker != worker && now.Before(r.ClaimedUntil)
}

// Defaults of the Monitor.
const (
	DefaultMonitorBatch = 2000
	// prefilterFactor scales the review threshold down for the prefilter.
	// Over only the changed entries, token weights are flatter than over
	// the whole lists, and scores mostly come out lower: down to 0.71 of
	// the full score on names bent from the 2019 rule's entries. That is a
	// measured margin, not a bound; TestPrefilterLosesNoHit holds it.
	prefilterFactor = 0.6
)

// Monitor re-screens the counterparty registry and the open orders against
// what each list update added or changed, opens cases for new hits (the
// allow-list applied), moves affected orders to hold or blocked through the
// Gatekeeper, and records events. A run is checkpointed batch by batch, so
// a run the process did not finish is finished by the next Run.
//
// Scoring a subject against a handful of entries is fast, but the token
// weights of so small an index are not those of the whole lists, so the
// handful is only a prefilter, at a lower threshold: a subject it passes is
// screened again by the full Screener, and only that screening's hits on
// the changed entries count. Cases therefore carry the same scores as
// `clearance screen` gives.
type Monitor struct {
	Store ReviewStore
	// Screener and Gatekeeper give the full screener and the licence gate
	// over the active lists; they are called only when needed.
	Screener   func(ctx context.Context) (*Screener, error)
	Gatekeeper func(ctx context.Context) (*Gatekeeper, error)
	// Options are the matching options; cases open from ReviewThreshold.
	Options         match.Options
	ReviewThreshold float64
	Workers         int
	BatchSize       int // counterparties per transaction; DefaultMonitorBatch when 0
	Now             func() time.Time
	// AfterBatch, when set, is called after each batch is committed.
	AfterBatch func(run *MonitorRun)

	// Worker names this monitor in its claims on runs (one is made up when
	// empty): one worker at a time works a run, so that instances sharing
	// a store do not re-screen one update twice. Lease is how long a claim
	// lasts unless renewed (DefaultMonitorLease when 0); every checkpoint
	// renews it, and another worker takes the run over once it lapses.
	// Leases are reckoned on the wall clock, not Now, and must exceed the
	// clock skew between instances.
	Worker string
	Lease  time.Duration
	// Dead, when set, reports whether the worker holding a claim is known
	// to have died (its process is gone): its run is taken over at once.
	Dead func(worker string) bool
	// Busy, when set, is told of a run that another worker works, which
	// Run leaves to it.
	Busy func(run *MonitorRun)
}

// DefaultMonitorLease is how long a claim on a monitoring run lasts
// unless renewed. A checkpoint (a batch of counterparties, an order)
// renews it, and takes seconds; a worker that died holds its run this long
// at most, or not at all when Dead recognises it.
const DefaultMonitorLease = 2 * time.Minute

// Run finishes any unfinished run, then monitors every source whose active
// version monitoring has not been through, and returns the runs it
// finished. A run another worker holds is left to it (see Busy): Run then
// returns what it finished before.
func (m *Monitor) Run(ctx context.Context) ([]MonitorRun, error) {
	if m.Worker == "" {
		m.Worker = "monitor-" + rand.Text()[:12]
	}
	var done []MonitorRun
	for attempt := 0; attempt < 100; attempt++ {
		run, err := m.next(ctx)
		if err != nil || run == nil {
			return done, err
		}
		if err := m.process(ctx, run); err != nil {
			return done, fmt.Errorf("monitor %s: %w", DescribeSpans(run.Spans), err)
		}
		done = append(done, *run)
	}
	return done, Errorf(Internal, "monitoring did not settle after 100 runs")
}

// next claims the unfinished run, or begins one over the sources that lag
// and claims it; it returns nil when none lags or another worker holds the
// run.
func (m *Monitor) next(ctx context.Context) (*MonitorRun, error) {
	for {
		run, err := m.Store.UnfinishedMonitorRun(ctx)
		if err != nil {
			return nil, err
		}
		if run != nil {
			return m.claim(ctx, run)
		}
		spans, err := m.Store.MonitorLag(ctx)
		if err != nil || len(spans) == 0 {
			return nil, err
		}
		events, err := m.updateEvents(ctx, spans)
		if err != nil {
			return nil, err
		}
		run, err = m.Store.BeginMonitorRun(ctx, spans, events)
		switch {
		case KindOf(err) == Conflict:
			continue // another process began it first: resume that one
		case err != nil:
			return nil, err
		}
		return m.claim(ctx, run)
	}
}

// claim claims the run for this worker, taking it from a worker Dead
// recognises; it returns nil, telling Busy, when another worker holds it.
func (m *Monitor) claim(ctx context.Context, run *MonitorRun) (*MonitorRun, error) {
	c := MonitorClaim{Run: run.ID, Worker: m.Worker, Until: time.Now().Add(m.lease())}
	if run.Claimed(m.Worker, time.Now()) {
		if m.Dead == nil || !m.Dead(run.Worker) {
			m.busy(run)
			return nil, nil
		}
		c.Dead = run.Worker
	}
	claimed, err := m.Store.ClaimMonitorRun(ctx, c)
	if KindOf(err) == Conflict {
		if again, rerr := m.Store.UnfinishedMonitorRun(ctx); rerr == nil && again != nil && again.ID == run.ID {
			m.busy(again) // another worker claimed it first
		}
		return nil, nil
	}
	return claimed, err
}

func (m *Monitor) busy(run *MonitorRun) {
	if m.Busy != nil {
		m.Busy(run)
	}
}

func (m *Monitor) lease() time.Duration {
	if m.Lease > 0 {
		return m.Lease
	}
	return DefaultMonitorLease
}

// renew extends the run's claim from now, for the checkpoint about to be
// saved.
func (m *Monitor) renew(run *MonitorRun) *MonitorRun {
	run.ClaimedUntil = time.Now().Add(m.lease())
	return run
}

// updateEvents are the list.updated events of a run's spans.
func (m *Monitor) updateEvents(ctx context.Context, spans []VersionSpan) ([]Event, error) {
	var out []Event
	for _, sp := range spans {
		data := struct {
			VersionSpan
			Added   int `json:"added"`
			Changed int `json:"changed"`
			Removed int `json:"removed"`
		}{VersionSpan: sp}
		var err error
		if data.Added, data.Changed, data.Removed, err = m.counts(ctx, sp); err != nil {
			return nil, err
		}
		out = append(out, Event{Type: EventListUpdated, At: now(m.Now), Actor: SystemActor, Source: sp.Source, Version: sp.To,
			Message: fmt.Sprintf("%s version %d is active (from version %d): %d added, %d changed, %d removed; re-screening counterparties and open orders",
				sp.Source, sp.To, sp.From, data.Added, data.Changed, data.Removed),
			Data: mustJSON(data)})
	}
	return out, nil
}

// counts returns how many entries a span added, changed and removed. From
// nothing, every entry of the version is added: no delta needs reading.
func (m *Monitor) counts(ctx context.Context, sp VersionSpan) (added, changed, removed int, err error) {
	if sp.From == 0 {
		vs, err := m.Store.Versions(ctx, sp.Source)
		if err != nil {
			return 0, 0, 0, err
		}
		for _, v := range vs {
			if v.Number == sp.To {
				return v.Entries, 0, 0, nil
			}
		}
		return 0, 0, 0, Errorf(NotFound, "%s has no version %d", sp.Source, sp.To)
	}
	d, err := m.Store.Delta(ctx, sp.Source, sp.From, sp.To)
	if err != nil {
		return 0, 0, 0, err
	}
	return len(d.Added), len(d.Changed), len(d.Removed), nil
}

// process carries a run through to its end.
func (m *Monitor) process(ctx context.Context, run *MonitorRun) error {
	idle, err := m.nothingToScreen(ctx)
	if err != nil {
		return err
	}
	ch := &monitorChanges{}
	if idle {
		err = m.countAll(ctx, run)
	} else {
		ch, err = m.changes(ctx, run)
	}
	if err != nil {
		return err
	}
	if len(ch.entries) > 0 {
		if err := m.counterparties(ctx, run, ch); err != nil {
			return err
		}
		if !run.OrdersDone {
			if err := m.orders(ctx, run, ch); err != nil {
				return err
			}
		}
	}
	run.FinishedAt = now(m.Now)
	s := run.Stats
	msg := fmt.Sprintf("Re-screened %d counterparties and %d open orders against %s (%d added, %d changed): %d cases opened, %d hits covered by cleared cases, %d orders moved",
		s.Counterparties, s.Orders, DescribeSpans(run.Spans), s.Added, s.Changed, s.CasesOpened, s.Suppressed, s.OrdersMoved)
	if idle {
		msg = "No counterparty or open order to re-screen against " + DescribeSpans(run.Spans)
	}
	ev := Event{Type: EventMonitorCompleted, At: run.FinishedAt, Actor: SystemActor, Message: msg, Data: mustJSON(run)}
	return m.Store.FinishMonitorRun(ctx, m.renew(run), []Event{ev})
}

// countAll fills the run's counts of entries added, changed and removed.
func (m *Monitor) countAll(ctx context.Context, run *MonitorRun) error {
	s := &run.Stats
	s.Added, s.Changed, s.Removed = 0, 0, 0
	for _, sp := range run.Spans {
		a, c, r, err := m.counts(ctx, sp)
		if err != nil {
			return err
		}
		s.Added, s.Changed, s.Removed = s.Added+a, s.Changed+c, s.Removed+r
	}
	return nil
}

// nothingToScreen reports whether the registry is empty and no order is
// open, so that a run need not read what changed (from nothing, the whole
// lists).
func (m *Monitor) nothingToScreen(ctx context.Context) (bool, error) {
	n, err := m.Store.CountCounterparties(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	open, err := m.Store.OpenOrders(ctx)
	return len(open) == 0, err
}

// DescribeSpans writes spans on one line: "us-csl v2->v3, un-sc v1->v2".
func DescribeSpans(spans []VersionSpan) string {
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}
