package clearance

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ReconsiderOwnership decides every open order again after new ownership
// data was imported, as of today (an order not yet shipped ships no earlier
// than today), with the Gatekeeper gk, whose ownership finder holds the new
// data. An order whose decision becomes stricter because an ownership rule
// now reaches one of its parties is recorded with that decision and why
// (an order.decision_changed event); like monitoring, it never draws on a
// licence and never relaxes a decision. It returns the decisions recorded.
func ReconsiderOwnership(ctx context.Context, st ReviewStore, gk *Gatekeeper, today string) ([]OrderDecision, error) {
	if gk.Ownership == nil {
		return nil, nil
	}
	open, err := st.OpenOrders(ctx)
	if err != nil || len(open) == 0 {
		return nil, err
	}
	if err := st.SaveOptions(ctx, gk.partyOptions()); err != nil {
		return nil, err
	}
	var out []OrderDecision
	for i := range open {
		rec := &open[i]
		d, screened, err := gk.Reconsider(ctx, &rec.Order, today)
		if err != nil {
			return nil, fmt.Errorf("order %s: %w", rec.Order.ID, err)
		}
		var why []string
		for _, ps := range screened {
			for _, f := range ps.Ownership {
				if f.Applies {
					why = append(why, fmt.Sprintf("the %s %q is %s by ownership under the %s", ps.Party.Role, ps.Party.Name, f.Status, f.Rule))
				}
			}
		}
		holdForLicenceAfter(d, "new ownership data")
		if len(why) > 0 && d.Outcome.Severity() > rec.Decision.Outcome.Severity() {
			out = append(out, OrderDecision{Decision: *d, Why: "after an ownership import, " + strings.Join(why, "; ")})
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	if _, err := st.RecordFindings(ctx, &Findings{Decisions: out}); err != nil {
		return nil, err
	}
	return out, nil
}

// OwnershipCases opens a review case for every counterparty of the registry
// that an ownership rule, as of today, restricts or cannot clear: one case
// per pair of the counterparty and a listed owner's entry, unless an active
// case covers the pair or a closed case's judgement still holds (Triage:
// until the owner's entry or the counterparty changes). The case's trigger
// states the finding with its chain ("Westlake: 60% owned directly by
// Hikvision, Entity List..."). It returns the cases opened.
func OwnershipCases(ctx context.Context, st ReviewStore, gk *Gatekeeper, today string, at time.Time) ([]Case, error) {
	if gk.Ownership == nil {
		return nil, nil
	}
	if err := st.SaveOptions(ctx, gk.partyOptions()); err != nil {
		return nil, err
	}
	return openOwnershipCases(ctx, st, gk, 0, today, at, nil, nil)
}

// openOwnershipCases judges the registry's counterparties, batch after
// batch of limit (DefaultMonitorBatch when 0), and records the cases
// ownershipCases opens on the owners' hits only accepts (all when nil),
// each batch's with progress() when set, so that a monitoring run renews
// its claim. It returns the cases opened.
func openOwnershipCases(ctx context.Context, st ReviewStore, gk *Gatekeeper, limit int, today string, at time.Time,
	only func(*Hit) bool, progress func() *MonitorRun) ([]Case, error) {
	if limit <= 0 {
		limit = DefaultMonitorBatch
	}
	var out []Case
	err := pages(ctx, st, CounterpartyFilter{Limit: limit}, func(batch []Counterparty) error {
		cases, err := ownershipCases(ctx, st, gk, batch, today, at, only)
		if err != nil || len(cases) == 0 {
			return err
		}
		f := &Findings{Cases: cases}
		if progress != nil {
			f.Progress = progress()
		}
		rec, err := st.RecordFindings(ctx, f)
		if err != nil {
			return err
		}
		out = append(out, rec.Cases...)
		return nil
	})
	return out, err
}

// ownershipCases triages the ownership findings on a batch of
// counterparties into the cases to open, keeping only the owners' hits that
// only accepts (all when nil).
func ownershipCases(ctx context.Context, st CaseStore, gk *Gatekeeper, batch []Counterparty, today string, at time.Time, only func(*Hit) bool) ([]Case, error) {
	opts := gk.partyOptions()
	var fs []Finding
	var triggers []CaseTrigger
	for _, cp := range batch {
		found, err := gk.Ownership.Find(Party{Role: RoleEndUser, Name: cp.Name, Country: cp.Country}, today)
		if err != nil {
			return nil, fmt.Errorf("counterparty %s: %w", cp.ID, err)
		}
		for _, f := range found {
			if !f.Applies {
				continue
			}
			for i := range f.Owners {
				h := &f.Owners[i]
				if h.Entry == nil || only != nil && !only(h) {
					continue
				}
				fs = append(fs, Finding{CounterpartyID: cp.ID, Subject: Query{Name: cp.Name, Country: cp.Country, Kind: cp.Kind}, Hit: *h})
				triggers = append(triggers, CaseTrigger{Kind: TriggerOwnership,
					Message: fmt.Sprintf("%s under the %s: %s", strings.ToUpper(string(f.Status[:1]))+string(f.Status[1:]), f.Rule, f.Explanation)})
			}
		}
	}
	if len(fs) == 0 {
		return nil, nil
	}
	runs := make(map[*Finding]*ScreenRun, len(fs))
	for i := range fs {
		runs[&fs[i]] = &ScreenRun{OptionsHash: opts.Hash(), Algorithm: opts.Algorithm, Versions: gk.Screener.Versions(),
			Trigger: triggers[i], At: at}
	}
	cases, _, err := triage(ctx, st, fs, func(f *Finding) *ScreenRun { return runs[f] })
	return cases, err
}
