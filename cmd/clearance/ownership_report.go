package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/ownership"
)

// fillOwnership judges the report's party, p, with the finder.
func fillOwnership(r *clearance.OwnershipReport, f *ownership.Finder, p clearance.Party) error {
	r.Ownership = f.Version()
	n, ok := f.Graph().Node(r.Party)
	if !ok {
		return nil
	}
	r.InData = true
	r.Owners = f.Graph().Owners(n, r.AsOf)
	fs, err := f.Find(p, r.AsOf)
	if err != nil {
		return err
	}
	r.Findings = append(r.Findings, fs...)
	return nil
}

// printOwnershipReport writes the report for a person.
func printOwnershipReport(w io.Writer, r *clearance.OwnershipReport) {
	verdict := strings.ToUpper(r.Status)
	if r.Rule != "" {
		verdict += " under the " + r.Rule
	}
	who := r.Party
	if r.CounterpartyID != "" {
		who += " (counterparty " + r.CounterpartyID + ")"
	}
	fmt.Fprintf(w, "%s as of %s: %s\n%s\n", who, r.AsOf, verdict, r.Explanation)
	if len(r.Chain) > 0 {
		fmt.Fprintln(w, "\nChain")
		printChain(w, "  ", r.Chain)
	}
	for _, fd := range r.Findings {
		if fd.RuleID == r.RuleID && fd.Applies {
			continue
		}
		state := string(fd.Status)
		if !fd.Applies {
			state += ", not applied: " + fd.NotApplied
		}
		fmt.Fprintf(w, "\n%s: %s\n  %s\n", fd.Rule, state, fd.Explanation)
	}
	if len(r.Owners) > 0 {
		fmt.Fprintf(w, "\nStakes on file in %s as of %s\n", r.Party, r.AsOf)
		printChain(w, "  ", r.Owners)
	}
	var vs []string
	for _, v := range r.Versions {
		vs = append(vs, fmt.Sprintf("%s v%d", v.Source, v.Version))
	}
	fmt.Fprintf(w, "\nJudged with %s against %s. Ownership only: the party's own listings are for `clearance screen`.\n",
		orDash(r.Ownership), orDash(strings.Join(vs, ", ")))
}

// printChain writes stakes one a line after indent, with the owner's standing and the
// entries its name resolved to.
func printChain(w io.Writer, indent string, steps []clearance.ChainStep) {
	for _, s := range steps {
		line := fmt.Sprintf("%s%s <- %s %s (as of %s, %s)", indent, s.Owned, s.Owner, s.Percent, s.AsOf, s.Source)
		if s.OwnerStatus != "" {
			line += ": " + s.OwnerStatus
		}
		for _, l := range s.Listings {
			line += fmt.Sprintf("; %s %q (%s, score %.2f)", l.List, l.EntryName, l.EntryID, l.Score)
		}
		fmt.Fprintln(w, line)
	}
}

// maxReported bounds how many parties a command re-judges for its report.
const maxReported = 2000

// reportChanges re-judges, as of today, the parties the new edges reach
// and prints those whose standing changed. before is nil when there were
// no edges.
func (a *App) reportChanges(before, after *ownership.Finder, edges []clearance.OwnershipEdge) error {
	g := after.Graph()
	var starts []int32
	for _, e := range edges {
		if n, ok := g.Node(e.Owned); ok {
			starts = append(starts, n)
		}
	}
	return a.reportStanding("the new edges", g.Descendants(starts), before, after)
}

// reportStanding re-judges parties of after's graph as of today under two
// finders and prints those whose standing differs; what names the cause.
func (a *App) reportStanding(what string, nodes []int32, before, after *ownership.Finder) error {
	date := time.Now().Format(time.DateOnly)
	g := after.Graph()
	if len(nodes) > maxReported {
		fmt.Fprintf(a.stdout, "%s reach %d parties of the ownership data; `clearance ownership list` judges them all.\n", capitalise(what), len(nodes))
		return nil
	}
	changed := 0
	for _, n := range nodes {
		name := g.Name(n)
		was, _, err := decisive(before, name, date)
		if err != nil {
			return err
		}
		now, fd, err := decisive(after, name, date)
		if err != nil {
			return err
		}
		if was == now {
			continue
		}
		if changed == 0 {
			fmt.Fprintf(a.stdout, "Standing as of %s of the parties %s reach:\n", date, what)
		}
		changed++
		fmt.Fprintf(a.stdout, "  %s: now %s (was %s)\n", name, now, was)
		if fd != nil {
			fmt.Fprintf(a.stdout, "    %s\n", fd.Explanation)
		}
	}
	if changed == 0 {
		fmt.Fprintf(a.stdout, "No standing in the ownership data changes as of %s (%d parties %s reach re-judged).\n", date, len(nodes), what)
	}
	return nil
}

func capitalise(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// decisive states a party's standing under the finder (nil: no data): the
// most severe finding of a rule that applies, or "clear".
func decisive(f *ownership.Finder, name, date string) (string, *clearance.OwnershipFinding, error) {
	if f == nil {
		return "clear", nil, nil
	}
	fs, err := f.Find(clearance.Party{Name: name}, date)
	if err != nil {
		return "", nil, err
	}
	for i := range fs {
		if fs[i].Applies {
			return fmt.Sprintf("%s under the %s", fs[i].Status, fs[i].Rule), &fs[i], nil
		}
	}
	return "clear", nil, nil
}
