package clearance

import "fmt"

// OwnershipReport is what the ownership rules make of one party as of a
// date: the decisive finding (the most severe of the rules that apply on
// the date) at the top, then every rule's finding and the stakes on file
// in the party. It says nothing of the party's own listings, which
// screening finds.
type OwnershipReport struct {
	Party string `json:"party"`
	// CounterpartyID is set when the party was named as a counterparty
	// of the registry ("counterparty:ID"): Party is then its name.
	CounterpartyID string             `json:"counterparty_id,omitempty"`
	AsOf           string             `json:"as_of"`
	Restricted     bool               `json:"restricted"`
	Status         string             `json:"status"` // restricted, undetermined or clear
	Rule           string             `json:"rule"`
	RuleID         string             `json:"rule_id,omitempty"`
	Explanation    string             `json:"explanation"`
	Chain          []ChainStep        `json:"chain"`
	Findings       []OwnershipFinding `json:"findings"`
	InData         bool               `json:"in_ownership_data"`
	Owners         []ChainStep        `json:"owners"`
	// Ownership names the rules and the ownership data judged with
	// (OwnershipFinder.Version); Versions the lists the owners' names
	// were resolved against.
	Ownership string       `json:"ownership,omitempty"`
	Versions  []VersionRef `json:"list_versions"`
}

// NewOwnershipReport returns the report on a party before any finding is
// added: clear, in no data.
func NewOwnershipReport(party, asOf string, versions []VersionRef) *OwnershipReport {
	return &OwnershipReport{Party: party, AsOf: asOf, Status: "clear", Chain: []ChainStep{},
		Findings: []OwnershipFinding{}, Owners: []ChainStep{}, Versions: versions}
}

// Summarise puts the decisive finding at the top, or says why there is
// none. Call it once the findings are in.
func (r *OwnershipReport) Summarise() {
	for _, fd := range r.Findings {
		if fd.Applies {
			r.Status, r.Restricted = string(fd.Status), fd.Status == OwnershipRestricted
			r.Rule, r.RuleID, r.Explanation, r.Chain = fd.Rule, fd.RuleID, fd.Explanation, fd.Chain
			if fd.Requires != "" {
				r.Explanation += ". " + fd.Requires
			}
			return
		}
	}
	switch {
	case !r.InData:
		r.Explanation = fmt.Sprintf("The ownership data does not name %s.", r.Party)
	case len(r.Findings) > 0:
		fd := r.Findings[0]
		r.Explanation = fmt.Sprintf("No rule restricts %s on %s: %s. Had it applied: %s.", r.Party, r.AsOf, fd.NotApplied, fd.Explanation)
	default:
		r.Explanation = fmt.Sprintf("No listed party owns 50%% or more of %s on %s, directly or indirectly, alone or with others, nor a stake of unknown size.", r.Party, r.AsOf)
	}
}
