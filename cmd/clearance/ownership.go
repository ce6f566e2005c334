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
	File string `arg:"" name:"FILE" help:"CSV with the header owner,owned,percent,as_of,source (percent empty or \"unknown\" when not known), or a JSON array of such objects."`
}

// OwnershipCheckCmd judges one party.
type OwnershipCheckCmd struct {
	JSON bool     `name:"json" help:"Print JSON: restricted, status, rule, explanation, chain and every rule's finding."`
	AsOf string   `name:"as-of" help:"Judge as of this date (YYYY-MM-DD; default today)." placeholder:"DATE"`
	Name []string `arg:"" name:"NAME" help:"The party, as the ownership data names it."`
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
		s, err := sc.Screen(clearance.Query{Name: name}, opts)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		seen[name] = s.Hits
		mu.Unlock()
		return s.Hits, nil
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
	sc, err := clearance.LoadScreener(a.ctx, st)
	if err != nil {
		return nil, err
	}
	return &ownershipSession{st: own, sc: sc, resolve: a.resolver(sc)}, nil
}

// ownershipGraph builds the graph of the edges on file.
func (a *App) ownershipGraph(ctx context.Context, st clearance.OwnershipStore) (*ownership.Graph, error) {
	b := ownership.NewBuilder()
	for e, err := range st.OwnershipEdges(ctx) {
		if err != nil {
			return nil, err
		}
		if err := b.Add(e); err != nil {
			return nil, clearance.Errorf(clearance.Internal, "ownership edge on file %q > %q: %w", e.Owner, e.Owned, err)
		}
	}
	return b.Graph(), nil
}

// ownershipFinder returns a finder of the edges on file that resolves
// names with resolve; nil when there are no edges.
func (a *App) ownershipFinder(ctx context.Context, st clearance.OwnershipStore, resolve ownership.Resolver) (*ownership.Finder, error) {
	g, err := a.ownershipGraph(ctx, st)
	if err != nil || g.Edges() == 0 {
		return nil, err
	}
	rules, err := a.ownershipRules()
	if err != nil {
		return nil, err
	}
	return ownership.NewFinder(g, rules, resolve, gate.Current.Terms)
}

// Run imports the file and reports the parties whose standing it changes.
func (c *OwnershipImportCmd) Run(app *App) error {
	b, err := readDoc(c.File)
	if err != nil {
		return err
	}
	file, err := clearance.ReadOwnershipFile(c.File, b)
	if err != nil {
		return err
	}
	s, err := app.ownershipSession()
	if err != nil {
		return err
	}
	before, err := app.ownershipFinder(app.ctx, s.st, s.resolve)
	if err != nil {
		return err
	}
	imp, err := file.Import(app.ctx, s.st)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.stdout, "Imported %d edges from %s: %d new, %d already on file (import %d).\n",
		imp.Edges, c.File, imp.Added, imp.Edges-imp.Added, imp.ID)
	if imp.Added == 0 {
		return nil
	}
	after, err := app.ownershipFinder(app.ctx, s.st, s.resolve)
	if err != nil {
		return err
	}
	return app.reportChanges(before, after, file.Edges)
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
// resolving owners' names with resolve against the lists of versions.
func (a *App) ownershipCheck(ctx context.Context, st clearance.OwnershipStore, resolve ownership.Resolver, versions []clearance.VersionRef,
	party, date string) (*clearance.OwnershipReport, error) {
	f, err := a.ownershipFinder(ctx, st, resolve)
	if err != nil {
		return nil, err
	}
	rep := clearance.NewOwnershipReport(party, date, versions)
	if f != nil {
		if err := fillOwnership(rep, f); err != nil {
			return nil, err
		}
	}
	rep.Summarise()
	return rep, nil
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

// ownershipStore returns the store's ownership data, which both stores
// keep.
func ownershipStore(st clearance.Store) (clearance.OwnershipStore, error) {
	if own, ok := st.(clearance.OwnershipStore); ok {
		return own, nil
	}
	return nil, clearance.Errorf(clearance.Internal, "the store keeps no ownership data")
}
