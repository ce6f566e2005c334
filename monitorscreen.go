package clearance

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/clearancehq/clearance/match"
)

// entryKey names an entry across sources.
type entryKey struct {
	source SourceID
	id     string
}

// monitorChanges is what a run screens against: the entries its spans
// added or changed, why each is screened, and the prefilter over them.
type monitorChanges struct {
	entries  []*Entry
	triggers map[entryKey]CaseTrigger

	once      sync.Once
	prefilter *Screener
	err       error

	// Loaded on first use: the full screener with the options cases are
	// recorded with, and the licence gate.
	full     *Screener
	fullOpts match.Options
	gk       *Gatekeeper
}

// changes reads the deltas of the run's spans.
func (m *Monitor) changes(ctx context.Context, run *MonitorRun) (*monitorChanges, error) {
	ch := &monitorChanges{triggers: map[entryKey]CaseTrigger{}}
	var st MonitorStats
	for _, sp := range run.Spans {
		d, err := m.Store.Delta(ctx, sp.Source, sp.From, sp.To)
		if err != nil {
			return nil, err
		}
		st.Added, st.Changed, st.Removed = st.Added+len(d.Added), st.Changed+len(d.Changed), st.Removed+len(d.Removed)
		for _, e := range d.Added {
			ch.add(e, CaseTrigger{Kind: TriggerListUpdate,
				Message: fmt.Sprintf("%s version %d added the entry.", sp.Source, sp.To)})
		}
		for _, c := range d.Changed {
			ch.add(c.After, CaseTrigger{Kind: TriggerListUpdate, Changes: c.Fields,
				Message: fmt.Sprintf("%s version %d changed the entry (since version %d): %s.", sp.Source, sp.To, sp.From, DescribeChanges(c.Fields))})
		}
	}
	run.Stats.Added, run.Stats.Changed, run.Stats.Removed = st.Added, st.Changed, st.Removed
	return ch, nil
}

func (ch *monitorChanges) add(e *Entry, t CaseTrigger) {
	e.Raw = nil
	ch.entries = append(ch.entries, e)
	ch.triggers[entryKey{e.Source, e.ID}] = t
}

// covers reports whether a hit is on one of the changed entries.
func (ch *monitorChanges) covers(h *Hit) bool {
	_, ok := ch.triggers[entryKey{h.Dataset, h.EntryID}]
	return ok
}

// passes reports whether the prefilter finds q near a changed entry.
func (m *Monitor) passes(ch *monitorChanges, q Query) (bool, error) {
	ch.once.Do(func() { ch.prefilter, ch.err = NewScreener(ch.entries, nil) })
	if ch.err != nil {
		return false, ch.err
	}
	s, err := ch.prefilter.Screen(q, prefilterOptions(m.Options, m.ReviewThreshold))
	if err != nil {
		return false, err
	}
	return len(s.Hits) > 0, nil
}

// prefilterOptions are the options the prefilter screens with: a hit from
// prefilterFactor of the review threshold is enough to look closer.
func prefilterOptions(opts match.Options, reviewThreshold float64) match.Options {
	opts.Threshold, opts.Limit = reviewThreshold*prefilterFactor, 1
	return opts
}

// fullScreener loads the full screener once and records the options cases
// will be screened with.
func (m *Monitor) fullScreener(ctx context.Context, ch *monitorChanges) (*Screener, error) {
	if ch.full != nil {
		return ch.full, nil
	}
	s, err := m.Screener(ctx)
	if err != nil {
		return nil, err
	}
	opts := m.Options
	opts.Threshold, opts.Limit = m.ReviewThreshold, 0
	if err := m.Store.SaveOptions(ctx, opts); err != nil {
		return nil, err
	}
	ch.full, ch.fullOpts = s, opts
	return s, nil
}

// runFor returns the screening context of a finding on a changed entry.
func (m *Monitor) runFor(ch *monitorChanges, opts match.Options, versions []VersionRef, at time.Time) func(*Finding) *ScreenRun {
	return func(f *Finding) *ScreenRun {
		return &ScreenRun{OptionsHash: opts.Hash(), Algorithm: opts.Algorithm, Versions: versions, At: at,
			Trigger: ch.triggers[entryKey{f.Hit.Dataset, f.Hit.EntryID}]}
	}
}

// counterparties re-screens the registry from the run's cursor, a batch a
// transaction.
func (m *Monitor) counterparties(ctx context.Context, run *MonitorRun, ch *monitorChanges) error {
	f := CounterpartyFilter{After: run.Cursor, Limit: m.BatchSize}
	if f.Limit <= 0 {
		f.Limit = DefaultMonitorBatch
	}
	return pages(ctx, m.Store, f, func(batch []Counterparty) error {
		findings, candidates, err := m.screenBatch(ctx, batch, ch)
		if err != nil {
			return err
		}
		var cases []Case
		suppressed := 0
		if len(findings) > 0 {
			cases, suppressed, err = triage(ctx, m.Store, findings, m.runFor(ch, ch.fullOpts, ch.full.Versions(), now(m.Now)))
			if err != nil {
				return err
			}
		}
		run.Cursor = batch[len(batch)-1].ID
		run.Stats.Counterparties += len(batch)
		run.Stats.Candidates += candidates
		run.Stats.Suppressed += suppressed
		if _, err := m.Store.RecordFindings(ctx, &Findings{Cases: cases, Progress: m.renew(run)}); err != nil {
			return err
		}
		if m.AfterBatch != nil {
			m.AfterBatch(run)
		}
		return nil
	})
}

// screenBatch prefilters a batch of counterparties on every worker, then
// screens those that pass in full, keeping the hits on changed entries.
func (m *Monitor) screenBatch(ctx context.Context, batch []Counterparty, ch *monitorChanges) ([]Finding, int, error) {
	pass := make([]bool, len(batch))
	err := parallel(ctx, len(batch), m.Workers, func(i int) (err error) {
		pass[i], err = m.passes(ch, batch[i].Query())
		if err != nil {
			return fmt.Errorf("counterparty %s: %w", batch[i].ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	var cands []int
	for i, p := range pass {
		if p {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return nil, 0, nil
	}
	full, err := m.fullScreener(ctx, ch)
	if err != nil {
		return nil, 0, err
	}
	found := make([][]Finding, len(cands))
	err = parallel(ctx, len(cands), m.Workers, func(j int) error {
		c := &batch[cands[j]]
		s, err := full.Screen(c.Query(), ch.fullOpts)
		if err != nil {
			return fmt.Errorf("counterparty %s: %w", c.ID, err)
		}
		for _, h := range s.Hits {
			if ch.covers(&h) {
				found[j] = append(found[j], Finding{CounterpartyID: c.ID, Subject: c.Query(), Hit: h})
			}
		}
		return nil
	})
	var out []Finding
	for _, f := range found {
		out = append(out, f...)
	}
	return out, len(cands), err
}

// orders decides again each open order with a party near a changed entry,
// opening cases for its hits on changed entries and recording the new
// decision when it is more severe: one transaction an order.
func (m *Monitor) orders(ctx context.Context, run *MonitorRun, ch *monitorChanges) error {
	open, err := m.Store.OpenOrders(ctx)
	if err != nil {
		return err
	}
	for i := range open {
		rec := &open[i]
		run.Stats.Orders++
		pass, err := m.orderPasses(ch, &rec.Order)
		if err == nil && !pass {
			pass, err = m.ownedPasses(ctx, ch, &rec.Order)
		}
		if err != nil || !pass {
			if err != nil {
				return fmt.Errorf("order %s: %w", rec.Order.ID, err)
			}
			continue
		}
		run.Stats.Candidates++
		f, suppressed, err := m.reconsider(ctx, ch, rec)
		if err != nil {
			return fmt.Errorf("order %s: %w", rec.Order.ID, err)
		}
		run.Stats.Suppressed += suppressed
		f.Progress = m.renew(run)
		if _, err := m.Store.RecordFindings(ctx, f); err != nil {
			return err
		}
	}
	if err := m.ownedCounterparties(ctx, run, ch); err != nil {
		return err
	}
	run.OrdersDone = true
	_, err = m.Store.RecordFindings(ctx, &Findings{Progress: m.renew(run)})
	return err
}

// ownedCounterparties opens a case on each counterparty of the registry
// that an ownership rule reaches through an owner the update listed or
// changed (see OwnershipCases), when there is ownership data. A run taken
// up again after a crash repeats it safely: an active case covers its pair.
func (m *Monitor) ownedCounterparties(ctx context.Context, run *MonitorRun, ch *monitorChanges) error {
	if m.Gatekeeper == nil {
		return nil // no licence gate, so no ownership data to judge by
	}
	gk, err := m.gatekeeper(ctx, ch)
	if err != nil || gk.Ownership == nil {
		return err
	}
	cases, err := openOwnershipCases(ctx, m.Store, gk, m.BatchSize, now(m.Now).Format(time.DateOnly), now(m.Now), ch.covers,
		func() *MonitorRun { return m.renew(run) })
	run.Stats.CasesOpened += len(cases)
	return err
}

func (m *Monitor) orderPasses(ch *monitorChanges, o *Order) (bool, error) {
	for _, p := range o.Parties {
		if ok, err := m.passes(ch, Query{Name: p.Name, Country: p.Country}); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// ownedPasses reports whether an ownership rule reaches a party of the
// order, as of the date reconsider judges it, through an owner listed by
// a changed entry: a new listing of an owner restricts what it owns,
// though no changed entry resembles the owned party's name.
func (m *Monitor) ownedPasses(ctx context.Context, ch *monitorChanges, o *Order) (bool, error) {
	gk, err := m.gatekeeper(ctx, ch)
	if err != nil || gk.Ownership == nil {
		return false, err
	}
	date := max(o.Date, now(m.Now).Format(time.DateOnly))
	for _, p := range o.Parties {
		fs, err := gk.Ownership.Find(p, date)
		if err != nil {
			return false, err
		}
		if ownedVia(ch, fs) != "" {
			return true, nil
		}
	}
	return false, nil
}

// ownedVia returns, of findings that apply, the first whose listed owners
// include a changed entry, in words: "restricted by ownership under the
// BIS Affiliates Rule, its owner X (EL) being listed by the update"; ""
// when none does.
func ownedVia(ch *monitorChanges, fs []OwnershipFinding) string {
	for _, f := range fs {
		if !f.Applies {
			continue
		}
		for i := range f.Owners {
			if h := &f.Owners[i]; ch.covers(h) {
				return fmt.Sprintf("%s by ownership under the %s, its owner %s (%s) being listed by the update", f.Status, f.Rule, h.EntryName, h.List)
			}
		}
	}
	return ""
}

// gatekeeper returns the licence gate of the run, loading it once.
func (m *Monitor) gatekeeper(ctx context.Context, ch *monitorChanges) (*Gatekeeper, error) {
	if ch.gk == nil {
		gk, err := m.Gatekeeper(ctx)
		if err != nil {
			return nil, err
		}
		ch.gk = gk
	}
	return ch.gk, nil
}

// reconsider has the Gatekeeper decide an open order again, as of today
// when the order's own date has passed (it has not shipped yet), and
// returns the findings to record and how many hits closed cases cover.
func (m *Monitor) reconsider(ctx context.Context, ch *monitorChanges, rec *SubmittedOrder) (*Findings, int, error) {
	gk, err := m.gatekeeper(ctx, ch)
	if err != nil {
		return nil, 0, err
	}
	opts := gk.partyOptions()
	if err := m.Store.SaveOptions(ctx, opts); err != nil {
		return nil, 0, err
	}
	d, screened, err := gk.Reconsider(ctx, &rec.Order, now(m.Now).Format(time.DateOnly))
	if err != nil {
		return nil, 0, err
	}
	var fs []Finding
	var why []string
	for i, ps := range screened {
		for _, h := range ps.Hits {
			if ch.covers(&h) {
				fs = append(fs, Finding{OrderID: rec.Order.ID, PartyIndex: i, Role: ps.Party.Role,
					Subject: Query{Name: ps.Party.Name, Country: ps.Party.Country}, Hit: h})
				why = append(why, fmt.Sprintf("the %s %q matches %s (%s, score %.2f)", ps.Party.Role, ps.Party.Name, h.EntryName, h.List, h.Score))
			}
		}
		if via := ownedVia(ch, ps.Ownership); via != "" {
			why = append(why, fmt.Sprintf("the %s %q is %s", ps.Party.Role, ps.Party.Name, via))
		}
	}
	cases, suppressed, err := triage(ctx, m.Store, fs, m.runFor(ch, opts, gk.Screener.Versions(), now(m.Now)))
	if err != nil {
		return nil, 0, err
	}
	f := &Findings{Cases: cases}
	holdForLicence(d)
	if len(why) > 0 && d.Outcome.Severity() > rec.Decision.Outcome.Severity() {
		f.Decisions = []OrderDecision{{Decision: *d, Why: "after a list update, " + strings.Join(why, "; ")}}
	}
	return f, suppressed, nil
}

// holdForLicence turns a decision that would release an order under a
// licence into a hold: monitoring stops orders but never draws on a
// licence, so a person must see that the order now needs one.
func holdForLicence(d *Decision) { holdForLicenceAfter(d, "a list update") }

// holdForLicenceAfter is holdForLicence, naming what changed.
func holdForLicenceAfter(d *Decision, what string) {
	if d.Outcome != Released {
		return
	}
	d.Outcome, d.Draws = Hold, nil
	d.Reasons = append(d.Reasons, Reason{Effect: Hold, Message: "Since the order was submitted, " + what + " made it need a licence. " +
		"A licence on file may cover it, but monitoring draws on none: the order is held until a person reviews it."})
}
