package gate

import (
	"fmt"

	"github.com/clearancehq/clearance"
)

// Terms says in a phrase what a listing asks of a transaction under the
// table ("licence required, presumption of denial"), and ranks how severe
// that is: a bar above any licence requirement, a licence requirement by
// its strictest review policy, then a UVL statement, a review, nothing.
// The ownership rules use it to describe listed owners and to name the
// most restrictive of several.
func (t *Table) Terms(h clearance.Hit) (phrase string, severity int) {
	rule := t.Rule(h.List)
	switch rule.Effect {
	case Bar:
		return "blocked, no licence helps", 100
	case Licence:
		scope := "licence required"
		req := ParseRequirement(h.LicenseRequirement)
		switch {
		case rule.Scope == ScopeSupplement2 || req.Supplement2:
			scope = "licence required for the items of Supplement No. 2 to Part 744"
		case len(req.Excepted) > 0 || req.Unmodelled:
			scope = "licence required for the items the entry names"
		}
		policy, detail := strictestPolicy(rule, h)
		return scope + ", " + policy.String() + detail, 50 + int(policy)
	case Statement:
		return "no licence exception; a signed UVL statement is required", 30
	case Review:
		return "review required", 20
	}
	return "no effect on exports", 0
}

// strictestPolicy returns the most restrictive review policy a listing's
// licence requirement can meet, and, when the entry is milder for some
// items, a note saying so.
func strictestPolicy(rule Rule, h clearance.Hit) (ReviewPolicy, string) {
	if rule.Policy != PolicyUnstated {
		return rule.Policy, ""
	}
	p := ParsePolicy(h.LicensePolicy)
	strictest, mildest := PolicyUnstated, PolicyOfDenial+1
	for _, c := range p.Clauses {
		strictest, mildest = max(strictest, c.Policy), min(mildest, c.Policy)
	}
	if len(p.Clauses) > 1 && mildest < strictest {
		return strictest, fmt.Sprintf(" (%s for some items)", mildest)
	}
	return strictest, ""
}
