package clearance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clearancehq/clearance/match"
)

// RegistryScreening screens counterparties of the registry in full against
// the active lists, opening a case for every hit from the review threshold
// that no active case covers and no closed case's judgement still holds
// (see Triage), and marks them screened. It is what new and changed
// counterparties need before monitoring can take over: monitoring screens
// only against what list updates change.
type RegistryScreening struct {
	Store    ReviewStore
	Screener *Screener
	// Options are the matching options; cases open from ReviewThreshold.
	Options         match.Options
	ReviewThreshold float64
	Workers         int
	BatchSize       int // counterparties per transaction; DefaultMonitorBatch when 0
	Now             func() time.Time
	// Progress, when set, is told how many counterparties each batch held.
	Progress func(n int)
}

// RegistryReport says what a registry screening did.
type RegistryReport struct {
	Counterparties int    `json:"counterparties"`
	Hits           int    `json:"hits"`
	Suppressed     int    `json:"suppressed"` // hits a closed case still covers
	Cases          []Case `json:"cases_opened"`
}

// Run screens the counterparties never screened or changed since, or all of
// them when all is set. Each batch is one transaction: a failure keeps the
// batches before it.
func (r *RegistryScreening) Run(ctx context.Context, all bool) (*RegistryReport, error) {
	opts := r.Options
	opts.Threshold, opts.Limit = r.ReviewThreshold, 0
	if err := r.Store.SaveOptions(ctx, opts); err != nil {
		return nil, err
	}
	var vs []string
	for _, v := range r.Screener.Versions() {
		vs = append(vs, fmt.Sprintf("%s v%d", v.Source, v.Version))
	}
	trigger := CaseTrigger{Kind: TriggerScreening, Message: "Screened against the active lists (" + strings.Join(vs, ", ") + ")."}
	rep := &RegistryReport{Cases: []Case{}}
	f := CounterpartyFilter{Limit: r.BatchSize, Unscreened: !all}
	if f.Limit <= 0 {
		f.Limit = DefaultMonitorBatch
	}
	err := pages(ctx, r.Store, f, func(batch []Counterparty) error {
		at := now(r.Now)
		findings, err := r.screen(ctx, batch, opts)
		if err != nil {
			return err
		}
		run := &ScreenRun{OptionsHash: opts.Hash(), Algorithm: opts.Algorithm, Versions: r.Screener.Versions(), Trigger: trigger, At: at}
		cases, suppressed, err := triage(ctx, r.Store, findings, func(*Finding) *ScreenRun { return run })
		if err != nil {
			return err
		}
		marks := make([]ScreenedMark, len(batch))
		for i := range batch {
			marks[i] = ScreenedMark{CounterpartyID: batch[i].ID, Hash: batch[i].Hash(), At: at}
		}
		rec, err := r.Store.RecordFindings(ctx, &Findings{Cases: cases, Screened: marks})
		if err != nil {
			return err
		}
		rep.Counterparties += len(batch)
		rep.Hits += len(findings)
		rep.Suppressed += suppressed
		rep.Cases = append(rep.Cases, rec.Cases...)
		if r.Progress != nil {
			r.Progress(len(batch))
		}
		return nil
	})
	return rep, err
}

// screen screens a batch on every worker and returns its hits as findings.
func (r *RegistryScreening) screen(ctx context.Context, batch []Counterparty, opts match.Options) ([]Finding, error) {
	found := make([][]Finding, len(batch))
	err := parallel(ctx, len(batch), r.Workers, func(i int) error {
		c := &batch[i]
		s, err := r.Screener.Screen(c.Query(), opts)
		if err != nil {
			return fmt.Errorf("counterparty %s: %w", c.ID, err)
		}
		for _, h := range s.Hits {
			found[i] = append(found[i], Finding{CounterpartyID: c.ID, Subject: c.Query(), Hit: h})
		}
		return nil
	})
	var out []Finding
	for _, f := range found {
		out = append(out, f...)
	}
	return out, err
}

// pages calls fn with successive pages of the counterparties f selects.
func pages(ctx context.Context, st CounterpartyStore, f CounterpartyFilter, fn func([]Counterparty) error) error {
	for {
		batch, err := st.Counterparties(ctx, f)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
		f.After = batch[len(batch)-1].ID
	}
}

// now reads a clock at the stores' precision; nil means time.Now.
func now(clock func() time.Time) time.Time {
	if clock == nil {
		clock = time.Now
	}
	return clock().UTC().Truncate(time.Microsecond)
}
