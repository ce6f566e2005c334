package main

import (
	"fmt"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/gate"
	"github.com/clearancehq/clearance/ownership"
)

// ownershipAfterUpdate re-judges, after a list update, the parties of the
// ownership data the update reaches: those whose names match an entry it
// added, removed or changed, and everything they own. It prints those whose
// standing changed. The standing before is judged with the resolutions the
// new lists give less the update's new entries, plus what the names match
// among the entries it removed or changed: no second copy of the old lists
// is loaded.
func (a *App) ownershipAfterUpdate(d *clearance.Delta) error {
	st, err := a.Store()
	if err != nil {
		return err
	}
	own, err := ownershipStore(st)
	if err != nil {
		return err
	}
	g, err := a.ownershipGraph(a.ctx, own)
	if err != nil || g.Edges() == 0 || d.Empty() {
		return err
	}
	old, neu, fresh, err := a.deltaProbes(d)
	if err != nil {
		return err
	}
	nodes, err := g.Matching(func(name string) ([]clearance.Hit, error) {
		hs, err := old(name)
		if err != nil || len(hs) > 0 {
			return hs, err
		}
		return neu(name)
	}, a.cfg.Workers)
	if err != nil || len(nodes) == 0 {
		return err
	}
	sc, err := loadScreener(a.ctx, st)
	if err != nil {
		return err
	}
	now := a.resolver(sc)
	was := func(name string) ([]clearance.Hit, error) {
		hs, err := now(name)
		if err != nil {
			return nil, err
		}
		var kept []clearance.Hit
		for _, h := range hs {
			if !fresh[h.EntryID] {
				kept = append(kept, h)
			}
		}
		before, err := old(name)
		return append(kept, before...), err
	}
	rules, err := a.ownershipRules()
	if err != nil {
		return err
	}
	before, err := ownership.NewFinder(g, rules, was, gate.Current.Terms)
	if err != nil {
		return err
	}
	after, err := ownership.NewFinder(g, rules, now, gate.Current.Terms)
	if err != nil {
		return err
	}
	return a.reportStanding(fmt.Sprintf("the changes to %s", d.Source), g.Descendants(nodes), before, after)
}

// deltaProbes returns resolvers against the entries a delta removed or
// changed, as they were, and against those it added or changed, as they
// are, with the ids of the latter.
func (a *App) deltaProbes(d *clearance.Delta) (old, neu ownership.Resolver, fresh map[string]bool, err error) {
	gone, came := append([]*clearance.Entry(nil), d.Removed...), append([]*clearance.Entry(nil), d.Added...)
	for _, c := range d.Changed {
		gone, came = append(gone, c.Before), append(came, c.After)
	}
	fresh = map[string]bool{}
	for _, e := range came {
		fresh[e.ID] = true
	}
	if old, err = a.probe(gone); err != nil {
		return nil, nil, nil, err
	}
	neu, err = a.probe(came)
	return old, neu, fresh, err
}

// probe resolves names against the given entries alone (nothing, for no
// entries).
func (a *App) probe(entries []*clearance.Entry) (ownership.Resolver, error) {
	if len(entries) == 0 {
		return func(string) ([]clearance.Hit, error) { return nil, nil }, nil
	}
	sc, err := clearance.NewScreener(entries, nil)
	if err != nil {
		return nil, err
	}
	return a.resolver(sc), nil
}
