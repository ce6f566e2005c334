package gate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/clearancehq/clearance"
)

// Gate decides orders with one consequence table. It implements
// clearance.Decider.
type Gate struct{ table *Table }

var _ clearance.Decider = (*Gate)(nil)

// New returns a gate applying table t, which must pass Validate.
func New(t *Table) (*Gate, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return &Gate{table: t}, nil
}

// Table returns the table the gate applies.
func (g *Gate) Table() *Table { return g.table }

// Decide judges an order as of its date: every hit of every party is
// weighed by its list's rule, and so is every listing of the owners of a
// party that an ownership rule restricts; the requirements on each item
// are collected,
// and the licences and UVL statements on file are tried against them. The
// outcome is the most severe effect among the reasons. Draws are returned
// only when the order is released: an order that does not ship draws on
// nothing.
func (g *Gate) Decide(in *clearance.DecisionInput) clearance.Decision {
	j := &judgement{
		t: g.table, in: in,
		needs:    make([][]need, len(in.Order.Items)),
		licensed: map[int]bool{},
		balances: newBalances(in.Licences),
	}
	for i, ps := range in.Parties {
		for _, h := range ps.Hits {
			j.hit(i, h, nil)
		}
		for k := range ps.Ownership {
			j.owned(i, &ps.Ownership[k])
		}
	}
	j.licences()
	j.statements()
	return j.decision()
}

// judgement is the working state of one decision.
type judgement struct {
	t        *Table
	in       *clearance.DecisionInput
	reasons  []clearance.Reason
	needs    [][]need  // per item, the licences it needs
	uvl      []uvlNeed // per Unverified List match, the items needing a statement
	licensed map[int]bool
	draws    []clearance.Draw
	balances *balances
}

// need is one listing's licence requirement on one item.
type need struct {
	r    clearance.Reason // party, entry and item filled in
	rule Rule
	why  string
}

// uvlNeed is an Unverified List match and the items that would ship
// without a licence.
type uvlNeed struct {
	r       clearance.Reason
	summary string
	items   []int
}

// add records a reason with its effect and message.
func (j *judgement) add(r clearance.Reason, effect clearance.Outcome, format string, args ...any) {
	r.Effect = effect
	r.Message = fmt.Sprintf(format, args...)
	j.reasons = append(j.reasons, r)
}

// hit weighs one hit of party i, or, when f is set, one listing of the
// owners through which f restricts party i: the party then stands as the
// owner would.
func (j *judgement) hit(i int, h clearance.Hit, f *clearance.OwnershipFinding) {
	if h.Score < j.in.ReviewThreshold {
		return
	}
	p := j.in.Parties[i].Party
	rule := j.t.Rule(h.List)
	r := baseReason(p, h, rule)
	found := fmt.Sprintf("Match (score %.2f).", h.Score)
	if f != nil {
		r.Ownership = f
		found = fmt.Sprintf("Restricted by ownership under the %s: %s.", f.Rule, f.Explanation)
	}
	date := j.in.Order.Date
	switch end := endDate(h); {
	case h.StartDate != "" && date < h.StartDate:
		j.add(r, clearance.Clear, "Listed from %s, after the order's date %s: the listing does not apply to this order.", h.StartDate, date)
	case end != "" && date > end:
		j.add(r, clearance.Clear, "The listing ended on %s, before the order's date %s: it does not apply to this order.", end, date)
	case rule.Effect == Informational:
		j.add(r, clearance.Clear, "%s %s", matchWords(h, j.in.HitThreshold), rule.Summary)
	case h.Score < j.in.HitThreshold:
		j.add(r, clearance.Hold, "Possible match (score %.2f; matches start at %.2f): a person must confirm or dismiss it before the order ships. If confirmed: %s",
			h.Score, j.in.HitThreshold, rule.Summary)
	case rule.Effect == Review:
		j.add(r, clearance.Hold, "%s %s", found, rule.Summary)
	case rule.EAR && !j.anyEAR() && rule.Effect == Bar:
		j.add(r, clearance.Hold, "%s No item of the order is subject to the EAR, and the bar reaches transactions subject to the EAR: a person must confirm that none is before the order ships. %s", found, rule.Summary)
	case rule.EAR && !j.anyEAR():
		j.add(r, clearance.Clear, "%s No item of the order is subject to the EAR, so this EAR listing asks nothing of it. %s", found, rule.Summary)
	case rule.TransactionParties && !p.Role.TransactionParty():
		j.add(r, clearance.Hold, "%s The party acts as %s, not as a party to the transaction of 15 CFR 748.5(c)-(f), so the listing's requirement does not attach; a listed party in any role is a red flag to resolve before the order ships (Supp. No. 3 to Part 732). %s",
			found, p.Role, rule.Summary)
	case rule.Effect == Bar:
		j.add(r, clearance.Blocked, "%s %s", found, rule.Summary)
	case rule.Effect == Licence:
		j.licenceNeeds(r, rule, h, found)
	case rule.Effect == Statement:
		j.statementNeeds(r, rule)
	}
}

// owned weighs what an ownership rule finds of party i: a restriction
// passes the owners' listings to it; an undetermined ownership holds the
// order; a rule that does not apply on the order's date (the Affiliates
// Rule while suspended) is recorded and clears.
func (j *judgement) owned(i int, f *clearance.OwnershipFinding) {
	switch {
	case f.Applies && f.Status == clearance.OwnershipRestricted && len(f.Owners) > 0:
		for _, h := range f.Owners {
			j.hit(i, h, f)
		}
	case f.Applies && f.Status == clearance.OwnershipRestricted: // no listing to pass on: never clear it
		j.add(ownershipReason(j.in.Parties[i].Party, f), clearance.Hold, "Restricted by ownership under the %s, but the finding names no listed owner whose terms apply: %s. A person must decide.", f.Rule, f.Explanation)
	case f.Applies:
		j.add(ownershipReason(j.in.Parties[i].Party, f), clearance.Hold, "Ownership undetermined under the %s: %s. %s", f.Rule, f.Explanation, f.Requires)
	default:
		j.add(ownershipReason(j.in.Parties[i].Party, f), clearance.Clear, "Not applied: %s. Had it applied: %s.", f.NotApplied, f.Explanation)
	}
}

// licenceNeeds records which items a licence-requiring match reaches.
func (j *judgement) licenceNeeds(r clearance.Reason, rule Rule, h clearance.Hit, found string) {
	req := ParseRequirement(h.LicenseRequirement)
	if rule.Scope == ScopeSupplement2 {
		req = Requirement{Text: h.LicenseRequirement, Supplement2: true}
	}
	policy := ParsePolicy(h.LicensePolicy)
	for k := range j.in.Order.Items {
		it := &j.in.Order.Items[k]
		ri := itemReason(r, k, it)
		switch {
		case rule.EAR && !it.EAR():
			j.add(ri, clearance.Clear, "%s The item is not subject to the EAR: the listing's licence requirement does not reach it.", found)
		case !req.Reaches(it, j.t.Supplement2):
			j.add(ri, clearance.Clear, "%s %s", found, outOfScope(req, it, j.t.Version))
		case slices.Contains(rule.AllowedExceptions, it.LicenceException):
			j.add(ri, clearance.Clear, "%s The item ships under licence exception %s, which remains available with this listing (%s).", found, it.LicenceException, rule.Regulation)
		default:
			var explained string
			ri.ReviewPolicy, explained = reviewPolicy(rule, policy, it)
			why := fmt.Sprintf("%s %s Review policy for %s: %s.", found, rule.Summary, it.ECCN, explained)
			if req.Unmodelled {
				why += " The entry's requirement has conditions or exceptions Clearance does not judge, so a licence is required: a person may decide otherwise from its text."
			}
			if it.LicenceException != "" {
				why += fmt.Sprintf(" Licence exception %s is not available.", it.LicenceException)
			}
			j.needs[k] = append(j.needs[k], need{r: ri, rule: rule, why: why})
		}
	}
}

// statementNeeds records which items an Unverified List match reaches:
// those shipped under a licence exception need a licence, the others a
// statement unless a licence covers them anyway.
func (j *judgement) statementNeeds(r clearance.Reason, rule Rule) {
	u := uvlNeed{r: r, summary: rule.Summary}
	for k := range j.in.Order.Items {
		it := &j.in.Order.Items[k]
		switch {
		case rule.EAR && !it.EAR():
		case it.LicenceException != "" && rule.NoLicenceExceptions && !slices.Contains(rule.AllowedExceptions, it.LicenceException):
			ri := itemReason(r, k, it)
			j.needs[k] = append(j.needs[k], need{r: ri, rule: rule, why: fmt.Sprintf(
				"Licence exception %s is not available with a party on the Unverified List (15 CFR 740.2(a)(17)): the item needs a licence.", it.LicenceException)})
		default:
			u.items = append(u.items, k)
		}
	}
	if len(u.items) > 0 {
		j.uvl = append(j.uvl, u)
	}
}

// licences finds a licence for every item that needs one.
func (j *judgement) licences() {
	for k, needs := range j.needs {
		if len(needs) == 0 {
			continue
		}
		draw, covered, problem := j.balances.find(j.in.Order, k, needs[0].rule.LicensedBy)
		for _, n := range needs {
			if draw == nil {
				j.add(n.r, clearance.Blocked, "%s No licence covers the item: %s.", n.why, problem)
				continue
			}
			r := n.r
			r.Licence = draw.Licence
			j.add(r, clearance.Released, "%s Covered by licence %s: %s.", n.why, draw.Licence, covered)
		}
		if draw != nil {
			j.draws = append(j.draws, *draw)
			j.licensed[k] = true
		}
	}
}

// statements checks that every Unverified List party shipping items
// without a licence has signed a statement.
func (j *judgement) statements() {
	for _, u := range j.uvl {
		var open []string
		for _, k := range u.items {
			if !j.licensed[k] {
				open = append(open, fmt.Sprintf("items[%d]", k))
			}
		}
		switch s := j.statementFor(u.r.Party); {
		case len(open) == 0:
			j.add(u.r, clearance.Clear, "%s Every item ships under a licence, so no UVL statement is needed.", u.summary)
		case s != nil:
			j.add(u.r, clearance.Clear, "%s The party's UVL statement signed %s is on file (record %d).", u.summary, s.Signed, s.ID)
		default:
			j.add(u.r, clearance.Blocked, "%s No UVL statement from %q signed on or before %s is on file, so %s cannot ship.",
				u.summary, u.r.Party, j.in.Order.Date, strings.Join(open, ", "))
		}
	}
}

// statementFor returns a UVL statement on file that covers the party in
// this order.
func (j *judgement) statementFor(party string) *clearance.UVLStatement {
	o := j.in.Order
	for i, s := range j.in.Statements {
		if foldName(s.Party) == foldName(party) && s.Signed <= o.Date && (s.Order == "" || s.Order == o.ID) {
			return &j.in.Statements[i]
		}
	}
	return nil
}

// decision puts the reasons together: the outcome is the most severe
// effect, reasons are listed most severe first, and licences are drawn on
// only when the order is released.
func (j *judgement) decision() clearance.Decision {
	d := clearance.Decision{Outcome: clearance.Clear, Reasons: j.reasons, Draws: j.draws, Rules: j.t.Version}
	for _, r := range d.Reasons {
		if r.Effect.Severity() > d.Outcome.Severity() {
			d.Outcome = r.Effect
		}
	}
	if d.Outcome != clearance.Released {
		d.Draws = nil
		for i := range d.Reasons {
			if d.Reasons[i].Effect == clearance.Released {
				d.Reasons[i].Message += " The licence is not drawn on: the order does not ship."
			}
		}
	}
	slices.SortStableFunc(d.Reasons, func(a, b clearance.Reason) int { return b.Effect.Severity() - a.Effect.Severity() })
	if d.Reasons == nil {
		d.Reasons = []clearance.Reason{}
	}
	if d.Draws == nil {
		d.Draws = []clearance.Draw{}
	}
	for i := range d.Draws {
		d.Draws[i].Order = j.in.Order.ID
	}
	return d
}

// anyEAR reports whether any item of the order is subject to the EAR.
func (j *judgement) anyEAR() bool {
	for i := range j.in.Order.Items {
		if j.in.Order.Items[i].EAR() {
			return true
		}
	}
	return false
}
