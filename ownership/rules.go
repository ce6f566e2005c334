package ownership

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

// State is what a rule is during a Period.
type State string

// States of a rule.
const (
	InForce   State = "in_force"
	Suspended State = "suspended"
)

// Period is a span of days during which a rule is in force or suspended.
// A day in no period of a rule is one on which the rule is not in force.
type Period struct {
	// From is the first day (YYYY-MM-DD); empty means since always.
	From string `json:"from"`
	// To is the last day; empty means open-ended.
	To    string `json:"to,omitempty"`
	State State  `json:"state"`
	// Citation names the instrument that put the rule in this state.
	Citation string `json:"citation"`
}

// Scope names the listed parties whose holdings a rule counts: those on a
// list, or on a list under one of some programmes.
type Scope struct {
	List clearance.ListCode `json:"list"`
	// Programs limits the scope to listings under one of these programme
	// tags (as OFAC writes them: "SDGT", "RUSSIA-EO14024"); empty means
	// every listing on the list.
	Programs []string `json:"programs,omitempty"`
	// Label names the list in explanations: "Entity List".
	Label string `json:"label"`
}

// Rule is one 50 percent rule: whose holdings count, since when, and what
// the law asks when the size of a listed owner's stake is unknown.
type Rule struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Regulation string  `json:"regulation"`
	Owners     []Scope `json:"owners"`
	// ForeignOnly limits the rule to parties outside the United States.
	ForeignOnly bool `json:"foreign_only,omitempty"`
	// Undetermined says what is required of an order to a party whose
	// ownership by listed parties cannot be determined.
	Undetermined string   `json:"undetermined"`
	Periods      []Period `json:"periods"`
}

// Rules is a versioned set of rules, applied in order; every decision
// records the version.
type Rules struct {
	Version string `json:"version"`
	Rules   []Rule `json:"rules"`
}

// Covers reports whether a listing is within the scope.
func (s Scope) Covers(h clearance.Hit) bool {
	if h.List != s.List {
		return false
	}
	if len(s.Programs) == 0 {
		return true
	}
	for _, p := range h.Programs {
		p = strings.Trim(strings.TrimSpace(p), "[]")
		if slices.ContainsFunc(s.Programs, func(q string) bool { return strings.EqualFold(p, q) }) {
			return true
		}
	}
	return false
}

// scope returns the scope of the rule that covers a listing.
func (r *Rule) scope(h clearance.Hit) (Scope, bool) {
	for _, s := range r.Owners {
		if s.Covers(h) {
			return s, true
		}
	}
	return Scope{}, false
}

// On says whether the rule is in force on a day (YYYY-MM-DD) and, when it
// is not, why, for the reasons.
func (r *Rule) On(date string) (inForce bool, why string) {
	for _, p := range r.Periods {
		if (p.From == "" || p.From <= date) && (p.To == "" || date <= p.To) {
			if p.State == InForce {
				return true, ""
			}
			return false, fmt.Sprintf("%s is suspended from %s to %s (%s)", r.Name, orSince(p.From), orOpen(p.To), p.Citation)
		}
	}
	if len(r.Periods) > 0 && r.Periods[0].From > date {
		return false, fmt.Sprintf("%s takes effect on %s (%s), after %s", r.Name, r.Periods[0].From, r.Periods[0].Citation, date)
	}
	return false, fmt.Sprintf("%s is not in force on %s", r.Name, date)
}

func orSince(d string) string {
	if d == "" {
		return "the start"
	}
	return d
}

func orOpen(d string) string {
	if d == "" {
		return "further notice"
	}
	return d
}

// Validate checks that rules have distinct ids, names, scopes and
// citations, and that each rule's periods are valid dates in order without
// overlap.
func (rs *Rules) Validate() error {
	if rs.Version == "" {
		return clearance.Errorf(clearance.Invalid, "ownership rules have no version")
	}
	seen := map[string]bool{}
	for _, r := range rs.Rules {
		switch {
		case r.ID == "" || seen[r.ID]:
			return clearance.Errorf(clearance.Invalid, "ownership rules %s: rule id %q is empty or repeated", rs.Version, r.ID)
		case r.Name == "" || r.Regulation == "" || r.Undetermined == "":
			return clearance.Errorf(clearance.Invalid, "ownership rule %s: name, regulation and undetermined are required", r.ID)
		case len(r.Owners) == 0:
			return clearance.Errorf(clearance.Invalid, "ownership rule %s names no list whose holdings count", r.ID)
		}
		seen[r.ID] = true
		if err := validPeriods(r.ID, r.Periods); err != nil {
			return err
		}
	}
	return nil
}

// validPeriods checks one rule's periods.
func validPeriods(rule string, ps []Period) error {
	for i, p := range ps {
		where := fmt.Sprintf("ownership rule %s: periods[%d]", rule, i)
		for _, d := range []string{p.From, p.To} {
			if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
				return clearance.Errorf(clearance.Invalid, "%s: %q is not a date as YYYY-MM-DD", where, d)
			}
		}
		switch {
		case p.State != InForce && p.State != Suspended:
			return clearance.Errorf(clearance.Invalid, "%s: state %q (want %s or %s)", where, p.State, InForce, Suspended)
		case p.Citation == "":
			return clearance.Errorf(clearance.Invalid, "%s: a citation is required", where)
		case p.From != "" && p.To != "" && p.To < p.From:
			return clearance.Errorf(clearance.Invalid, "%s: ends on %s, before it begins on %s", where, p.To, p.From)
		case i > 0 && p.From == "":
			return clearance.Errorf(clearance.Invalid, "%s: only the first period may have no start", where)
		case i > 0 && (ps[i-1].To == "" || ps[i-1].To >= p.From):
			return clearance.Errorf(clearance.Invalid, "%s: begins on %s, before the period before it ends", where, p.From)
		}
	}
	return nil
}

// WithPeriods returns a copy of the rules in which the rules named in
// periods have those periods instead, under a version that says so: the
// base version, "+", and a digest of the change. It refuses an unknown
// rule id and invalid periods.
func (rs *Rules) WithPeriods(periods map[string][]Period) (*Rules, error) {
	if len(periods) == 0 {
		return rs, nil
	}
	out := &Rules{Version: rs.Version, Rules: slices.Clone(rs.Rules)}
	for id, ps := range periods {
		i := slices.IndexFunc(out.Rules, func(r Rule) bool { return r.ID == id })
		if i < 0 {
			return nil, clearance.Errorf(clearance.Invalid, "ownership periods: no rule %q (known: %s)", id, rs.ids())
		}
		out.Rules[i].Periods = slices.Clone(ps)
	}
	b, err := json.Marshal(periods) // map keys marshal sorted: a stable digest
	if err != nil {
		return nil, clearance.Errorf(clearance.Internal, "ownership periods: %w", err)
	}
	sum := sha256.Sum256(b)
	out.Version = rs.Version + "+" + hex.EncodeToString(sum[:4])
	if err := out.Validate(); err != nil {
		return nil, err
	}
	return out, nil
}

func (rs *Rules) ids() string {
	ids := make([]string, len(rs.Rules))
	for i, r := range rs.Rules {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}
