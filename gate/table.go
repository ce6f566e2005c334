package gate

import (
	"fmt"

	"github.com/clearancehq/clearance"
)

// Effect is what a match on a list does to a transaction.
type Effect int

// Effects, from the mildest.
const (
	// Informational: recorded with the decision, no effect on it.
	Informational Effect = iota
	// Review: the consequence depends on facts a person must weigh; the
	// order is held.
	Review
	// Statement: the party must have signed a UVL statement on file before
	// an item ships without a licence; licence exceptions are unavailable.
	Statement
	// Licence: the items in scope need a licence, which no licence
	// exception replaces.
	Licence
	// Bar: no transaction at all; no licence helps.
	Bar
)

var effectNames = [...]string{"informational", "review", "statement", "licence", "bar"}

func (e Effect) String() string {
	if int(e) < len(effectNames) {
		return effectNames[e]
	}
	return fmt.Sprintf("Effect(%d)", int(e))
}

// Scope says which items a licence requirement reaches.
type Scope int

// Scopes.
const (
	// ScopeEntry: as the entry's published licence requirement says
	// (ParseRequirement); all items subject to the EAR unless it narrows it.
	ScopeEntry Scope = iota
	// ScopeSupplement2: the items listed in Supplement No. 2 to Part 744.
	ScopeSupplement2
)

// Rule is the consequence of a match on one list.
type Rule struct {
	List   clearance.ListCode
	Effect Effect
	// TransactionParties limits the effect to the parties to the
	// transaction of 15 CFR 748.5(c) to (f). A match in another role (a
	// forwarder) does not trigger the requirement but is a red flag: the
	// order is held for review.
	TransactionParties bool
	// EAR marks a consequence under the EAR: it reaches only items subject
	// to the EAR.
	EAR bool
	// Scope and Policy apply to Licence rules. A zero Policy means the
	// entry's published policy (ParsePolicy).
	Scope  Scope
	Policy ReviewPolicy
	// NoLicenceExceptions: an item the order means to ship under a licence
	// exception needs a licence instead.
	NoLicenceExceptions bool
	// AllowedExceptions are the licence exceptions that remain available
	// (GOV for Military End-User List parties).
	AllowedExceptions []string
	// LicensedBy is the authority whose licence lifts a Licence rule.
	LicensedBy clearance.Authority
	// Regulation cites the provisions; Summary states the consequence in a
	// sentence for the reasons.
	Regulation string
	Summary    string
}

// Table is a versioned set of rules: one per list, plus the rule for lists
// it does not know.
type Table struct {
	// Version names the table; every decision records it.
	Version string
	Rules   []Rule
	// Unknown applies to a list with no rule of its own. It should hold
	// the order for review: a list the table does not know is not harmless.
	Unknown Rule
	// Supplement2 lists the ECCNs of Supplement No. 2 to Part 744, the items
	// a Military End-User listing reaches.
	Supplement2 []string
}

// Rule returns the rule for a list.
func (t *Table) Rule(list clearance.ListCode) Rule {
	for _, r := range t.Rules {
		if r.List == list {
			return r
		}
	}
	r := t.Unknown
	r.List = list
	return r
}

// Validate checks that every list has at most one rule, that licence rules
// name the authority that lifts them and that Supplement2 holds ECCNs.
func (t *Table) Validate() error {
	if t.Version == "" {
		return clearance.Errorf(clearance.Invalid, "consequence table has no version")
	}
	seen := map[clearance.ListCode]bool{}
	for i, r := range append(t.Rules, t.Unknown) {
		if r.List != "" && seen[r.List] {
			return clearance.Errorf(clearance.Invalid, "table %s: two rules for list %s", t.Version, r.List)
		}
		seen[r.List] = true
		if r.Effect > Bar || r.Effect < Informational {
			return clearance.Errorf(clearance.Invalid, "table %s: rule %d has effect %v", t.Version, i, r.Effect)
		}
		if r.Effect == Licence && r.LicensedBy == "" {
			return clearance.Errorf(clearance.Invalid, "table %s: licence rule for %s names no licensing authority", t.Version, r.List)
		}
		if r.Summary == "" {
			return clearance.Errorf(clearance.Invalid, "table %s: rule for %s has no summary", t.Version, r.List)
		}
	}
	for _, e := range t.Supplement2 {
		if n, ok := clearance.NormalizeECCN(e); !ok || n != e || n == clearance.EAR99 {
			return clearance.Errorf(clearance.Invalid, "table %s: Supplement2 entry %q is not a canonical ECCN", t.Version, e)
		}
	}
	return nil
}
