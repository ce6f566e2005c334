package ownership

import (
	"fmt"
	"slices"
	"strings"

	"github.com/clearancehq/clearance"
)

// Resolver returns the list entries a party's name resolves to: the hits
// of screening it at or above the hit threshold.
type Resolver func(name string) ([]clearance.Hit, error)

// Finder applies a set of rules to an ownership graph, resolving the
// parties' names to list entries as it needs them and remembering them. It
// implements clearance.OwnershipFinder and is safe for concurrent use.
type Finder struct {
	graph *Graph
	rules *Rules
	terms Terms
	names *resolutions
}

var _ clearance.OwnershipFinder = (*Finder)(nil)

// NewFinder returns a finder of the graph under the rules, which must pass
// Validate. terms may be nil; explanations then name listings without
// their terms.
func NewFinder(g *Graph, rules *Rules, resolve Resolver, terms Terms) (*Finder, error) {
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	return &Finder{graph: g, rules: rules, terms: terms, names: newResolutions(g, resolve)}, nil
}

// Graph returns the graph the finder judges.
func (f *Finder) Graph() *Graph { return f.graph }

// Rules returns the rules the finder applies.
func (f *Finder) Rules() *Rules { return f.rules }

// Version names the rules and the edges: "clearance-ownership-1; 12 edges
// 3f2a...".
func (f *Finder) Version() string {
	return fmt.Sprintf("%s; %d edges %s", f.rules.Version, f.graph.Edges(), f.graph.Digest())
}

// Find returns what each rule makes of a party as of a date, for the
// parties that listed parties own: those the rule restricts or whose
// standing cannot be determined, most severe first (rules that apply
// before those that do not, restricted before undetermined, then in rule
// order). A party that is listed itself is judged on its owners alone: its
// own listing is the screening's business. A party the ownership data does
// not name has no findings.
func (f *Finder) Find(p clearance.Party, asOf string) ([]clearance.OwnershipFinding, error) {
	v, ok := f.graph.Node(p.Name)
	if !ok {
		return nil, nil
	}
	nodes := f.graph.ancestors(v)
	var out []clearance.OwnershipFinding
	for i := range f.rules.Rules {
		r := &f.rules.Rules[i]
		a, err := assess(f.graph, r, asOf, nodes, f.names.listings, v)
		if err != nil {
			return nil, err
		}
		if a.status[0] == Clear {
			continue
		}
		fd := a.finding(0, f.terms)
		fd.Applies, fd.NotApplied = r.On(asOf)
		if fd.Applies && r.ForeignOnly && p.Country == "US" {
			fd.Applies, fd.NotApplied = false, fmt.Sprintf("%s reaches foreign entities only, and %s is in the United States", r.Name, p.Name)
		}
		out = append(out, fd)
	}
	slices.SortStableFunc(out, func(x, y clearance.OwnershipFinding) int { return severity(y) - severity(x) })
	return out, nil
}

// severity ranks findings for Find.
func severity(fd clearance.OwnershipFinding) int {
	s := 0
	if fd.Applies {
		s += 2
	}
	if fd.Status == clearance.OwnershipRestricted {
		s++
	}
	return s
}

// finding builds the finding on member v, which must not be clear.
func (a *assessment) finding(v int32, terms Terms) clearance.OwnershipFinding {
	j := a.justify(v, terms)
	fd := clearance.OwnershipFinding{
		RuleID: a.rule.ID, Rule: a.rule.Name, Regulation: a.rule.Regulation, Status: clearance.OwnershipRestricted,
		Percent: j.percent(v), Explanation: j.sentence(v), Chain: j.chain(), Owners: j.owners(v),
	}
	if a.status[v] == Undetermined {
		fd.Status, fd.Requires = clearance.OwnershipUndetermined, a.rule.Undetermined
	}
	return fd
}

// Standing is an unlisted party that a rule restricts or whose standing it
// cannot determine, as found by Assess.
type Standing struct {
	Party   string                     `json:"party"`
	Finding clearance.OwnershipFinding `json:"finding"`
}

// Assess judges every party of the graph as of a date, resolving every
// name first on the given number of workers, and returns the parties that
// no list names but a rule restricts or cannot clear, by rule, then by
// name. This is the full re-evaluation after a list update.
func (f *Finder) Assess(asOf string, workers int) ([]Standing, error) {
	if err := f.names.resolveAll(workers); err != nil {
		return nil, err
	}
	var out []Standing
	for i := range f.rules.Rules {
		r := &f.rules.Rules[i]
		a, err := assess(f.graph, r, asOf, nil, f.names.listings, -1)
		if err != nil {
			return nil, err
		}
		applies, why := r.On(asOf)
		var found []Standing
		for v, s := range a.status {
			if s == Clear || a.isListed(int32(v)) {
				continue
			}
			fd := a.finding(int32(v), f.terms)
			fd.Applies, fd.NotApplied = applies, why
			found = append(found, Standing{Party: a.name(int32(v)), Finding: fd})
		}
		slices.SortFunc(found, func(x, y Standing) int { return strings.Compare(x.Party, y.Party) })
		out = append(out, found...)
	}
	return out, nil
}
