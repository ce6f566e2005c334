package clearance

import (
	"time"
)

// Outcome is what the gate decides for an order.
type Outcome string

// Outcomes, from the least to the most severe. An order's outcome is the most
// severe of its reasons' effects.
const (
	// Clear: no list requires anything of the order.
	Clear Outcome = "clear"
	// Released: a licence is required and valid licences cover every item
	// that needs one.
	Released Outcome = "released"
	// Hold: a possible match, or a match whose consequence needs a person's
	// judgement, awaits review; the order cannot ship.
	Hold Outcome = "hold"
	// Blocked: a licence is required and none covers an item, or a list
	// bars the transaction outright.
	Blocked Outcome = "blocked"
)

// Outcomes lists the outcomes from the least to the most severe.
var Outcomes = []Outcome{Clear, Released, Hold, Blocked}

func (o Outcome) String() string { return string(o) }

// Severity ranks outcomes: Clear 0, Released 1, Hold 2, Blocked 3.
func (o Outcome) Severity() int {
	for i, x := range Outcomes {
		if o == x {
			return i
		}
	}
	return len(Outcomes) // unknown: worse than any
}

// Valid reports whether o is one of the declared outcomes.
func (o Outcome) Valid() bool { return o.Severity() < len(Outcomes) }

// Reason is one finding behind a decision: which party resembles which
// listed entry, what the list requires of which item, and what satisfied
// the requirement or why nothing did.
type Reason struct {
	// Effect is what this finding alone would decide.
	Effect Outcome `json:"effect"`
	// Party is the order's party the finding is about, as the order names
	// it, and Role its role; empty for findings about the order as a whole.
	Party string    `json:"party"`
	Role  PartyRole `json:"role,omitempty"`
	// The listed entry the party matched, its list (Source is the list's
	// name, List its code) and the match score.
	EntryID   string   `json:"entry_id,omitempty"`
	EntryName string   `json:"entry_name"`
	Source    string   `json:"source"`
	List      ListCode `json:"list,omitempty"`
	Score     float64  `json:"score,omitempty"`
	// FederalRegister holds the entry's citations; StartDate is when the
	// listing took effect.
	FederalRegister string `json:"federal_register,omitempty"`
	StartDate       string `json:"start_date,omitempty"`
	// Item is the index of the order's item the finding is about, with its
	// ECCN; nil for findings about the party as a whole.
	Item *int   `json:"item,omitempty"`
	ECCN string `json:"eccn,omitempty"`
	// LicenceRequirement is the entry's licence requirement as published;
	// ReviewPolicy the review policy that applies to this item.
	LicenceRequirement string `json:"licence_requirement,omitempty"`
	ReviewPolicy       string `json:"review_policy,omitempty"`
	// Licence is the number of the licence that covers the item.
	Licence string `json:"licence,omitempty"`
	// Regulation cites the provision behind the consequence.
	Regulation string `json:"regulation,omitempty"`
	Message    string `json:"message"`
	// Ownership is set when the finding is not that the party is listed
	// but that listed parties own it: the rule and the chain of stakes.
	// The entry is then the listed owner's.
	Ownership *OwnershipFinding `json:"ownership,omitempty"`
}

// Decision is the gate's verdict on an order, with everything needed to
// explain and reproduce it.
type Decision struct {
	OrderID string  `json:"order_id"`
	Outcome Outcome `json:"decision"`
	// AsOf is the date the order was judged as of: its own date.
	AsOf    string   `json:"as_of"`
	Reasons []Reason `json:"reasons"`
	// Draws are the licence quantities and values the order uses; they are
	// drawn down when the order is submitted.
	Draws []Draw `json:"licences_used"`
	// Recorded is set once the order and decision are stored.
	Recorded  bool      `json:"recorded"`
	DecidedAt time.Time `json:"decided_at"`
	// What the decision was made with: the consequence table's version,
	// the match thresholds, the matching options and the list versions.
	Rules           string       `json:"rules"`
	HitThreshold    float64      `json:"hit_threshold"`
	ReviewThreshold float64      `json:"review_threshold"`
	OptionsHash     string       `json:"options_hash"`
	Algorithm       string       `json:"algorithm"`
	Versions        []VersionRef `json:"list_versions"`
	// Ownership names the ownership rules and data the parties' owners
	// were judged with; empty when no ownership data was consulted.
	Ownership string `json:"ownership,omitempty"`
}

// PartyScreening holds the hits of one of an order's parties and what the
// ownership rules find of it.
type PartyScreening struct {
	Party     Party              `json:"party"`
	Hits      []Hit              `json:"hits"`
	Ownership []OwnershipFinding `json:"ownership,omitempty"`
}

// DecisionInput is what a Decider judges: an order, the hits of each of its
// parties (every hit at or above the review threshold), the recorded
// licences with their balances and the UVL statements on file.
type DecisionInput struct {
	Order      *Order
	Parties    []PartyScreening // one per Order.Parties, in order
	Licences   []LicenceBalance
	Statements []UVLStatement
	// Hits scoring HitThreshold or more are matches; hits between
	// ReviewThreshold and HitThreshold are possible matches.
	HitThreshold    float64
	ReviewThreshold float64
}

// Decider applies the lists' consequences to an order. It is pure: the same
// input always gives the same decision, and it does no I/O. Package gate
// holds the implementation.
type Decider interface {
	// Decide fills Outcome, Reasons, Draws and Rules of a decision.
	Decide(in *DecisionInput) Decision
}

// PartyReasons returns the reasons naming a listed entry that a party
// matched, once per entry and list, in the decision's order: what the
// party is "listed as".
func (d *Decision) PartyReasons(party string) []Reason {
	seen := map[string]bool{}
	var out []Reason
	for _, r := range d.Reasons {
		key := r.EntryID + "\x00" + string(r.List)
		if r.Party != party || r.EntryName == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, r)
	}
	return out
}

// ItemOutcome returns the most severe effect among the reasons on item i
// (Clear when none is), and the licence that covers it, if any.
func (d *Decision) ItemOutcome(i int) (outcome Outcome, licence string) {
	outcome = Clear
	for _, r := range d.Reasons {
		if r.Item == nil || *r.Item != i {
			continue
		}
		if r.Effect.Severity() > outcome.Severity() {
			outcome = r.Effect
		}
		if r.Licence != "" {
			licence = r.Licence
		}
	}
	return outcome, licence
}
