package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/clearancehq/clearance"
)

// printDecision writes a decision for a person: the verdict, the parties
// with what they matched, the items with their outcome and licence, then
// every reason, most severe first.
func printDecision(w io.Writer, o *clearance.Order, d *clearance.Decision) {
	state := "checked, not recorded"
	if d.Recorded {
		state = "recorded"
	}
	fmt.Fprintf(w, "Order %s of %s to %s: %s (%s)\n", o.ID, o.Date, clearance.CountryName(o.Destination),
		strings.ToUpper(string(d.Outcome)), state)
	var vs []string
	for _, v := range d.Versions {
		vs = append(vs, fmt.Sprintf("%s v%d", v.Source, v.Version))
	}
	fmt.Fprintf(w, "Judged as of %s against %s; matches from %.2f, review from %.2f; rules %s\n\n",
		d.AsOf, orDash(strings.Join(vs, ", ")), d.HitThreshold, d.ReviewThreshold, d.Rules)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PARTY\tROLE\tCOUNTRY\tLISTED AS")
	for _, p := range o.Parties {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Name, p.Role, orDash(p.Country), orDash(partyMatches(d, p.Name)))
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tITEM\tECCN\tQUANTITY\tVALUE (USD)\tOUTCOME\tLICENCE")
	for i, it := range o.Items {
		outcome, licence := d.ItemOutcome(i)
		qty := it.Quantity.String()
		if it.Unit != "" {
			qty += " " + it.Unit
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", i, truncate(it.Description, 40), it.ECCN, qty, it.Value,
			outcome, orDash(licence))
	}
	tw.Flush()
	if len(d.Reasons) == 0 {
		fmt.Fprintln(w, "\nNo party matches a listed entry.")
		return
	}
	fmt.Fprintln(w, "\nReasons")
	for _, r := range d.Reasons {
		printReason(w, o, r)
	}
}

// partyMatches summarises the entries a party matched: "EL 1.00, CMIC 1.00".
func partyMatches(d *clearance.Decision, party string) string {
	var out []string
	for _, r := range d.PartyReasons(party) {
		if r.Ownership != nil {
			out = append(out, fmt.Sprintf("%s %.2f by owner %s", r.List, r.Score, r.EntryName))
			continue
		}
		out = append(out, fmt.Sprintf("%s %.2f", r.List, r.Score))
	}
	return strings.Join(out, ", ")
}

func printReason(w io.Writer, o *clearance.Order, r clearance.Reason) {
	who := "the order"
	if r.Party != "" {
		who = fmt.Sprintf("%s (%s)", r.Party, r.Role)
	}
	if r.Item != nil {
		who += fmt.Sprintf(", item %d (%s, %s)", *r.Item, r.ECCN, truncate(o.Items[*r.Item].Description, 40))
	}
	fmt.Fprintf(w, "\n%-9s %s\n", strings.ToUpper(string(r.Effect)), who)
	field := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "          %-12s %s\n", label+":", value)
		}
	}
	if r.EntryName != "" {
		field("Entry", fmt.Sprintf("%s, score %.2f (%s)", r.EntryName, r.Score, r.EntryID))
	}
	field("List", r.Source)
	field("Fed. Reg.", r.FederalRegister)
	field("Listed on", r.StartDate)
	field("Requirement", r.LicenceRequirement)
	field("Policy", r.ReviewPolicy)
	field("Licence", r.Licence)
	field("Regulation", r.Regulation)
	if o := r.Ownership; o != nil {
		field("Ownership", fmt.Sprintf("%s, %s", o.Rule, o.Status))
		printChain(w, "            ", o.Chain)
	}
	fmt.Fprintf(w, "          %s\n", r.Message)
}
