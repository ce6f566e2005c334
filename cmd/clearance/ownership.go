package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/gate"
	"github.com/clearancehq/clearance/ownership"
)

// OwnersCmd groups the ownership commands.
type OwnersCmd struct {
	Import OwnershipImportCmd `cmd:"" help:"Import ownership edges from a CSV (owner,owned,percent,as_of,source) or JSON file."`
	Check  OwnershipCheckCmd  `cmd:"" help:"Say whether listed parties' ownership restricts a party, with the chain of stakes."`
	List   OwnershipListCmd   `cmd:"" help:"List every party in the ownership data that the 50% rules restrict or cannot clear."`
}

// OwnershipImportCmd imports an ownership file.
type OwnershipImportCmd struct {
	File string `arg:"" name:"FILE" help:"CSV with the header owner,owned,percent,as_of,source (percent empty or \"unknown\" when not known; owner and owned a name, counterparty:ID or entry:ID), or a JSON array of such objects."`
}

// OwnershipCheckCmd judges one party.
type OwnershipCheckCmd struct {
	JSON bool     `name:"json" help:"Print JSON: restricted, status, rule, explanation, chain and every rule's finding."`
	AsOf string   `name:"as-of" help:"Judge as of this date (YYYY-MM-DD; default today)." placeholder:"DATE"`
	Name []string `arg:"" name:"NAME" help:"The party, as the ownership data names it, or counterparty:ID (a counterparty of the registry, judged under its name and country) or entry:ID (a list entry)."`
}

// OwnershipListCmd judges every party.
type OwnershipListCmd struct {
	JSON bool   `name:"json" help:"Print JSON."`
	AsOf string `name:"as-of" help:"Judge as of this date (YYYY-MM-DD; default today)." placeholder:"DATE"`
}

// asOf returns the date to judge as of: the one given, or today.
func asOf(date string) (string, error) {
	if date == "" {
		return time.Now().Format(time.DateOnly), nil
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return "", clearance.Errorf(clearance.Invalid, "--as-of %q: want a date as YYYY-MM-DD", date)
	}
	return date, nil
}

// ownershipRules returns the rules in force with the configured periods.
func (a *App) ownershipRules() (*ownership.Rules, error) {
	return ownership.Current.WithPeriods(a.cfg.Ownership.Periods)
}

// resolver resolves names through a screener at the hit threshold,
// remembering each name: the finders of one command share it.
func (a *App) resolver(sc *clearance.Screener) ownership.Resolver {
	var mu sync.Mutex
	seen := map[string][]clearance.Hit{}
	opts := a.cfg.Match
	return func(name string) ([]clearance.Hit, error) {
		mu.Lock()
		hs, ok := seen[name]
		mu.Unlock()
		if ok {
			return hs, nil
		}
		hs, err := sc.ResolveParty(name, opts)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		seen[name] = hs
		mu.Unlock()
		return hs, nil
	}
}

// ownershipSession is what the ownership commands work with: the store,
// the active lists, and one resolver through them for all their finders.
type ownershipSession struct {
	st      clearance.OwnershipStore
	sc      *clearance.Screener
	resolve ownership.Resolver
}

// ownershipSession opens the store, loading the shipped lists on first
// use, and the active lists.
func (a *App) ownershipSession() (*ownershipSession, error) {
	st, err := a.ReadyStore()
	if err != nil {
		return nil, err
	}
	own, err := ownershipStore(st)
	if err != nil {
		return nil, err
	}
	sc, err := loadScreener(a.ctx, st)
	if err != nil {
		return nil, err
	}
	return &ownershipSession{st: own, sc: sc, resolve: a.resolver(sc)}, nil
}

// ownershipGraph builds the graph of the edges on file, each counterparty
// named by id standing under its name as now on file (see
// clearance.CounterpartyNames).
func (a *App) ownershipGraph(ctx context.Context, st clearance.OwnershipStore) (*ownership.Graph, error) {
	cps, err := counterpartyStore(st)
	if err != nil {
		return nil, err
	}
	names := &clearance.CounterpartyNames{Store: cps}
	b := ownership.NewBuilder()
	for e, err := range st.OwnershipEdges(ctx) {
		if err != nil {
			return nil, err
		}
		named, err := names.Edge(ctx, e)
		if err == nil {
			err = b.Add(named)
		}
		if err != nil {
			return nil, clearance.Errorf(clearance.Internal, "ownership edge on file %q > %q: %w", e.Owner, e.Owned, err)
		}
	}
	return b.Graph(), nil
}

// ownershipFinder returns a finder of the edges on file that resolves
// names with resolve; nil when there are no edges.
func (a *App) ownershipFinder(ctx context.Context, st clearance.OwnershipStore, resolve ownership.Resolver) (*ownership.Finder, error) {
	g, err := a.ownershipGraph(ctx, st)
	if err != nil {
		return nil, err
	}
	return a.finderOf(g, resolve)
}

// finderOf returns a finder of the graph that resolves names with resolve;
// nil when the graph has no edges.
func (a *App) finderOf(g *ownership.Graph, resolve ownership.Resolver) (*ownership.Finder, error) {
	if g.Edges() == 0 {
		return nil, nil
	}
	rules, err := a.ownershipRules()
	if err != nil {
		return nil, err
	}
	return ownership.NewFinder(g, rules, resolve, gate.Current.Terms)
}

// Run imports the file and reports the parties whose standing it changes.
// The lists are loaded only when the import added edges: a refused or
// repeated file costs no index.
func (c *OwnershipImportCmd) Run(app *App) error {
	b, err := readDoc(c.File)
	if err != nil {
		return err
	}
	file, err := clearance.ReadOwnershipFile(c.File, b)
	if err != nil {
		return err
	}
	st, err := app.ReadyStore()
	if err != nil {
		return err
	}
	own, err := ownershipStore(st)
	if err != nil {
		return err
	}
	was, err := app.ownershipGraph(app.ctx, own)
	if err != nil {
		return err
	}
	imp, err := file.Import(app.ctx, own)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.stdout, "Imported %d edges from %s: %d new, %d already on file (import %d).\n",
		imp.Edges, c.File, imp.Added, imp.Edges-imp.Added, imp.ID)
	if imp.Added == 0 {
		return nil
	}
	sc, err := loadScreener(app.ctx, st)
	if err != nil {
		return err
	}
	resolve := app.resolver(sc)
	before, err := app.finderOf(was, resolve)
	if err != nil {
		return err
	}
	after, err := app.ownershipFinder(app.ctx, own, resolve)
	if err != nil {
		return err
	}
	cps, err := counterpartyStore(own)
	if err != nil {
		return err
	}
	names := &clearance.CounterpartyNames{Store: cps}
	edges := make([]clearance.OwnershipEdge, len(file.Edges))
	for i, e := range file.Edges {
		if edges[i], err = names.Edge(app.ctx, e); err != nil {
			return err
		}
	}
	if err := app.reportChanges(before, after, edges); err != nil {
		return err
	}
	return app.reconsiderOwnership(sc)
}

// reconsiderOwnership decides the open orders again with the ownership data
// now on file and says which became stricter, and opens a case on each
// counterparty of the registry the data now restricts.
func (a *App) reconsiderOwnership(sc *clearance.Screener) error {
	rs, err := a.reviewStore()
	if err != nil {
		return err
	}
	gk, err := a.gatekeeper(a.ctx, sc)
	if err != nil {
		return err
	}
	ds, err := clearance.ReconsiderOwnership(a.ctx, rs, gk, time.Now().Format(time.DateOnly))
	if err != nil {
		return fmt.Errorf("deciding the open orders again with the new ownership data: %w", err)
	}
	for _, d := range ds {
		fmt.Fprintf(a.stdout, "Order %s is now %s: %s.\n", d.Decision.OrderID, d.Decision.Outcome, d.Why)
	}
	cases, err := clearance.OwnershipCases(a.ctx, rs, gk, time.Now().Format(time.DateOnly), time.Now())
	if err != nil {
		return fmt.Errorf("opening cases on the counterparties the ownership data restricts: %w", err)
	}
	for _, c := range cases {
		fmt.Fprintf(a.stdout, "Opened case %d: counterparty %s (%s) and %s (%s): %s\n", c.ID, c.CounterpartyID, c.Subject.Name,
			c.Hit.EntryName, c.Hit.List, c.Trigger.Message)
	}
	return nil
}

// Run judges the party.
func (c *OwnershipCheckCmd) Run(app *App) error {
	date, err := asOf(c.AsOf)
	if err != nil {
		return err
	}
	s, err := app.ownershipSession()
	if err != nil {
		return err
	}
	rep, err := app.ownershipCheck(app.ctx, s.st, s.resolve, s.sc.Versions(), strings.Join(c.Name, " "), date)
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, rep)
	}
	printOwnershipReport(app.stdout, rep)
	return nil
}

// ownershipCheck judges a party as of a date by the edges on file,
// resolving owners' names with resolve against the lists of versions. The
// party is a name, "entry:ID", or "counterparty:ID", which is judged as the
// counterparty: under its name and in its country.
func (a *App) ownershipCheck(ctx context.Context, st clearance.OwnershipStore, resolve ownership.Resolver, versions []clearance.VersionRef,
	party, date string) (*clearance.OwnershipReport, error) {
	p, id, err := checkedParty(ctx, st, party)
	if err != nil {
		return nil, err
	}
	f, err := a.ownershipFinder(ctx, st, resolve)
	if err != nil {
		return nil, err
	}
	rep := clearance.NewOwnershipReport(p.Name, date, versions)
	rep.CounterpartyID = id
	if f != nil {
		if err := fillOwnership(rep, f, p); err != nil {
			return nil, err
		}
	}
	rep.Summarise()
	return rep, nil
}

// checkedParty returns the party a check names: a counterparty reference
// is the counterparty, by name and country, with its id.
func checkedParty(ctx context.Context, st clearance.OwnershipStore, party string) (clearance.Party, string, error) {
	party = clearance.CanonicalParty(party)
	ref, ok := clearance.ParsePartyRef(party)
	switch {
	case party == "":
		return clearance.Party{}, "", clearance.Errorf(clearance.Invalid, "name the party to check")
	case !ok || ref.Kind != clearance.RefCounterparty:
		return clearance.Party{Name: party}, "", nil
	}
	cps, err := counterpartyStore(st)
	if err != nil {
		return clearance.Party{}, "", err
	}
	cp, err := cps.Counterparty(ctx, ref.ID)
	if err != nil {
		return clearance.Party{}, "", err
	}
	return clearance.Party{Name: cp.Name, Country: cp.Country}, cp.ID, nil
}

// Run judges every party.
func (c *OwnershipListCmd) Run(app *App) error {
	date, err := asOf(c.AsOf)
	if err != nil {
		return err
	}
	s, err := app.ownershipSession()
	if err != nil {
		return err
	}
	all, err := app.ownershipStandings(app.ctx, s.st, s.resolve, date)
	if err != nil {
		return err
	}
	return printList(app.stdout, c.JSON, all, "No party in the ownership data is restricted or undetermined as of "+date+".",
		"PARTY\tRULE\tSTATUS\tPERCENT\tEXPLANATION",
		func(s ownership.Standing) string {
			status := string(s.Finding.Status)
			if !s.Finding.Applies {
				status += " (rule not applied)"
			}
			return fmt.Sprintf("%s\t%s\t%s\t%s\t%s", s.Party, s.Finding.Rule, status, s.Finding.Percent, truncate(s.Finding.Explanation, 120))
		})
}

// ownershipStandings judges every party of the edges on file as of a date
// and returns those the rules restrict or cannot clear.
func (a *App) ownershipStandings(ctx context.Context, st clearance.OwnershipStore, resolve ownership.Resolver, date string) ([]ownership.Standing, error) {
	f, err := a.ownershipFinder(ctx, st, resolve)
	if err != nil || f == nil {
		return nil, err
	}
	return f.Assess(date, a.cfg.Workers)
}

// counterpartyStore returns the store's counterparty registry, which both
// stores keep.
func counterpartyStore(st any) (clearance.CounterpartyStore, error) {
	if cps, ok := st.(clearance.CounterpartyStore); ok {
		return cps, nil
	}
	return nil, clearance.Errorf(clearance.Internal, "the store keeps no counterparties")
}

// ownershipStore returns the store's ownership data, which both stores
// keep.
func ownershipStore(st clearance.Store) (clearance.OwnershipStore, error) {
	if own, ok := st.(clearance.OwnershipStore); ok {
		return own, nil
	}
	return nil, clearance.Errorf(clearance.Internal, "the store keeps no ownership data")
}
