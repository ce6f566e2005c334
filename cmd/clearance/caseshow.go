package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/clearancehq/clearance"
)

// printCase writes a case for an analyst: where it stands, who it is about,
// the entry, the hit and why it matched, why it opened, how to replay the
// screening, and its history.
func printCase(w io.Writer, c *clearance.Case, approvalThreshold float64) {
	fmt.Fprintf(w, "Case %d (version %d): %s%s\n", c.ID, c.Version(), strings.ToUpper(c.Status()), assigned(c))
	if p := c.Pending; p != nil {
		fmt.Fprintf(w, "  Clearance proposed by %s on %s (%s%s); a different user must approve it.\n", p.By,
			p.At.Local().Format("2006-01-02 15:04"), p.Reason, comment(p.Comment))
	}
	if r := c.Resolution; r != nil {
		fmt.Fprintf(w, "  %s by %s on %s (%s%s)", strings.ToUpper(string(r.State[:1]))+string(r.State[1:]), r.By,
			r.At.Local().Format("2006-01-02 15:04"), r.Reason, comment(r.Comment))
		if r.ApprovedBy != "" {
			fmt.Fprintf(w, ", approved by %s on %s", r.ApprovedBy, r.ApprovedAt.Local().Format("2006-01-02 15:04"))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	field := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-11s %s\n", label+":", value)
		}
	}
	q := c.Subject
	field("Subject", fmt.Sprintf("%s %q", c.SubjectName(), q.Name))
	field("Details", strings.Join(nonEmpty(q.Kind.String(), q.Country, q.Address, strings.Join(q.Identifiers, "; ")), " · "))
	field("Entry", fmt.Sprintf("%s [%s] (%s version %d, entry %s)", c.EntryName, c.List, c.Dataset, c.EntryVersion, c.EntryID))
	field("List", c.Source)
	approval := ""
	if c.Score >= approvalThreshold {
		approval = fmt.Sprintf("; at or above %.2f, clearing it needs a second approver", approvalThreshold)
	}
	field("Score", fmt.Sprintf("%.3f%s", c.Score, approval))
	field("Matched", explainMatch(c.Hit))
	for _, ev := range c.Hit.Explanation.Evidence {
		field("Evidence", fmt.Sprintf("%+.2f %s", ev.Effect, ev.Detail))
	}
	printTokens(w, c.Hit)
	if e := c.Entry; e != nil {
		field("Licence", e.LicenseRequirement)
		field("Policy", e.LicensePolicy)
		field("Fed. Reg.", strings.Join(e.FederalRegister, "; "))
		field("Listed on", e.StartDate)
		for _, a := range e.Addresses {
			field("Address", a.String())
		}
		var aliases []string
		for _, n := range e.Aliases() {
			aliases = append(aliases, n.Value)
		}
		field("Aliases", truncate(strings.Join(aliases, "; "), 300))
	}
	fmt.Fprintln(w)
	field("Why", c.Trigger.Message)
	field("Replay", replayCommand(c))
	fmt.Fprintln(w, "\nHistory")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, a := range c.Actions {
		what := string(a.Action)
		if a.Reason != "" {
			what += " (" + string(a.Reason) + ")"
		}
		if a.To != "" {
			what += " to " + a.To
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.At.Local().Format("2006-01-02 15:04:05"), a.By, what, truncate(a.Comment, 200))
	}
	tw.Flush()
}

// printTokens writes how the subject's words lined up with the listed name.
func printTokens(w io.Writer, h clearance.Hit) {
	toks := h.Explanation.Tokens
	if len(toks) == 0 {
		return
	}
	fmt.Fprintln(w, "Tokens:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  SUBJECT\tLISTED\tHOW\tSIMILARITY\tWEIGHT")
	for _, t := range toks {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%.2f\t%.2f\n", orDash(t.Query), orDash(t.Listed), t.How, t.Similarity, t.Weight)
	}
	tw.Flush()
}

// replayCommand is the command line that reproduces the screening behind a
// case: the same list versions and the same matching options.
func replayCommand(c *clearance.Case) string {
	args := []string{"clearance", "screen", "--as-of", clearance.AsOfSpec(c.Versions), "--options", c.OptionsHash}
	q := c.Subject
	if q.Country != "" {
		args = append(args, "--country", q.Country)
	}
	if q.Kind != "" {
		args = append(args, "--kind", string(q.Kind))
	}
	for _, id := range q.Identifiers {
		args = append(args, "--id", strconv.Quote(id))
	}
	return strings.Join(append(args, strconv.Quote(q.Name)), " ")
}

func comment(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && s != "unknown" {
			out = append(out, s)
		}
	}
	return out
}
