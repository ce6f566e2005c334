package clearance

import (
	"strings"

	"github.com/clearancehq/clearance/match"
)

// OwnershipEdge is one statement that a party owns a share of an entity:
// who, of whom, how much (possibly unknown), as of when and according to
// whom. Parties are named as the source names them, or by id as
// "counterparty:ID" (a counterparty of the registry) or "entry:ID" (a list
// entry), see ParsePartyRef; PartyKey decides when two names are one
// party.
type OwnershipEdge struct {
	Owner string `json:"owner"`
	Owned string `json:"owned"`
	// Stake is the owner's share of the owned entity; unknown when the
	// source names the owner but not the size of its stake. 0% records a
	// divestment.
	Stake Stake `json:"percent"`
	// AsOf is the date (YYYY-MM-DD) the statement describes.
	AsOf string `json:"as_of"`
	// Source says where the statement comes from: a registry, a vendor's
	// data set, a filing.
	Source string `json:"source"`
}

// Validate checks an edge as ParseOwnership does: both parties named, or
// referenced by a well-formed id, and distinct, a date, a source. Whether
// a referenced id is on file is the store's check.
func (e *OwnershipEdge) Validate() error { return checked("", e.check) }

func (e *OwnershipEdge) check(p *problems) {
	checkParty(p, "owner", e.Owner)
	checkParty(p, "owned", e.Owned)
	checkDate(p, "as_of", e.AsOf)
	checkText(p, "source", e.Source, 500)
	if strings.TrimSpace(e.Owner) != "" && PartyKey(e.Owner) == PartyKey(e.Owned) {
		p.add("owned", "%q is the owner itself: an entity's own shares do not count towards its ownership", e.Owned)
	}
}

// PartyKey returns the key under which ownership data identifies a party:
// the name folded as the matcher folds it (case, accents, punctuation,
// scripts) with each word in its canonical spelling, so that "ACME Co.,
// Ltd." and "Acme Company Limited" are one party. Names that differ in any
// other way are different parties. A reference by id ("entry:SDN-36") is
// its own key, which no name can have.
func PartyKey(name string) string {
	if ref, ok := ParsePartyRef(name); ok {
		return ref.String()
	}
	toks := match.Tokens(match.Fold(name))
	for i, t := range toks {
		toks[i], _ = match.Canon(t)
	}
	return strings.Join(toks, " ")
}

// OwnershipStatus is what the ownership rules make of a party.
type OwnershipStatus string

// Ownership statuses.
const (
	// OwnershipRestricted: listed parties own 50% or more of the party,
	// directly or indirectly, individually or in aggregate.
	OwnershipRestricted OwnershipStatus = "restricted"
	// OwnershipUndetermined: a listed party holds a stake of unknown size,
	// or possibly restricted owners hold enough that the party may be
	// restricted: the question must be resolved before the party is dealt
	// with (BIS Red Flag 29).
	OwnershipUndetermined OwnershipStatus = "undetermined"
)

// OwnershipFinding is what one ownership rule makes of a party as of a
// date: why the party is restricted or its standing undetermined, with the
// chain of stakes that leads to the listed owners.
type OwnershipFinding struct {
	// RuleID names the rule ("ofac-50", "bis-affiliates"); Rule is its
	// name for people and Regulation the provisions it rests on.
	RuleID     string `json:"rule_id"`
	Rule       string `json:"rule"`
	Regulation string `json:"regulation"`
	// Status is the finding: restricted or undetermined.
	Status OwnershipStatus `json:"status"`
	// Applies is false when the rule does not reach the party on the date:
	// not yet in force, suspended, or the party is outside its scope.
	// NotApplied then says why.
	Applies    bool   `json:"applies"`
	NotApplied string `json:"not_applied,omitempty"`
	// Requires says what an undetermined finding asks before the party is
	// dealt with (Red Flag 29: determine the ownership or obtain a licence).
	Requires string `json:"requires,omitempty"`
	// Percent is the aggregate known stake of listed and restricted owners
	// that the finding counts.
	Percent Stake `json:"percent"`
	// Explanation states the finding in a sentence; Chain lists the stakes
	// behind it, from the party up to the listed owners.
	Explanation string      `json:"explanation"`
	Chain       []ChainStep `json:"chain"`
	// Owners are the listings at the top of the chain whose terms pass to
	// the party; the gate applies each as if the party were listed so.
	Owners []Hit `json:"-"`
}

// ChainStep is one stake in an ownership chain.
type ChainStep struct {
	Owned   string `json:"owned"`
	Owner   string `json:"owner"`
	Percent Stake  `json:"percent"` // null when unknown
	AsOf    string `json:"as_of"`
	Source  string `json:"source"`
	// OwnerStatus is "listed", "restricted by ownership" or "possibly
	// restricted".
	OwnerStatus string `json:"owner_status"`
	// Listings are the owner's listings within the rule's scope, as its
	// name resolved to them, when it is listed.
	Listings []ChainListing `json:"listings,omitempty"`
}

// ChainListing is the list entry an owner's name resolved to.
type ChainListing struct {
	EntryID         string   `json:"entry_id"`
	EntryName       string   `json:"entry_name"`
	List            ListCode `json:"list"`
	Source          string   `json:"source"`
	Score           float64  `json:"score"`
	MatchedName     string   `json:"matched_name"`
	Programs        []string `json:"programs,omitempty"`
	FederalRegister string   `json:"federal_register,omitempty"`
	// Terms is what the listing asks, in a phrase: "licence required,
	// presumption of denial".
	Terms string `json:"terms,omitempty"`
}

// OwnershipFinder finds the restrictions a party carries because listed
// parties own it. It must be deterministic: the same party and date give
// the same findings. Package ownership implements it.
type OwnershipFinder interface {
	// Find returns the findings of every ownership rule on the party as of
	// the date (YYYY-MM-DD), most severe first; none when no listed party
	// owns any of it.
	Find(p Party, asOf string) ([]OwnershipFinding, error)
	// Version names the rules and the ownership data the findings come
	// from; every decision records it.
	Version() string
}
