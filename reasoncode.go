package clearance

import "strings"

// ReasonCode is the documented reason an analyst gives for closing a case.
// The vocabulary is fixed so that auditors can count which reasons are used
// (SAP GTS calls them standard reasons for releasing); the comment says the
// rest.
type ReasonCode string

// Reasons to clear a case as a false positive.
const (
	// The listed person's date of birth differs from the party's.
	ReasonDifferentDOB ReasonCode = "different_person_dob"
	// The party is in another country than any the entry names.
	ReasonDifferentCountry ReasonCode = "different_country"
	// The party is another kind of party: a person against an organisation,
	// a company against a vessel.
	ReasonDifferentEntityType ReasonCode = "different_entity_type"
	// The party's address differs from every address of the entry.
	ReasonDifferentAddress ReasonCode = "different_address"
	// A registration, tax or passport number differs from the entry's.
	ReasonDifferentIdentifier ReasonCode = "different_identifier"
	// Only the names are alike (a common name, a shared generic word) and
	// nothing else about the parties agrees.
	ReasonNameOnly ReasonCode = "name_only_similarity"
)

// Reasons to confirm a case as a true match.
const (
	// The party is the listed party: name and details agree.
	ReasonConfirmedMatch ReasonCode = "confirmed_match"
	// An identifier of the party is one of the entry's.
	ReasonConfirmedIdentifier ReasonCode = "confirmed_identifier"
	// The party is a branch, subsidiary or alias the entry covers.
	ReasonConfirmedAffiliate ReasonCode = "confirmed_affiliate"
)

// ReasonInfo describes a reason code: the state it closes a case in and
// what it means.
type ReasonInfo struct {
	Code     ReasonCode `json:"code"`
	Resolves CaseState  `json:"resolves"`
	Meaning  string     `json:"meaning"`
}

// Reasons is the vocabulary of reason codes, clearing reasons first.
var Reasons = []ReasonInfo{
	{ReasonDifferentDOB, CaseCleared, "The listed person's date of birth differs from the party's."},
	{ReasonDifferentCountry, CaseCleared, "The party is in another country than any the entry names."},
	{ReasonDifferentEntityType, CaseCleared, "The party is another kind of party (a person against an organisation, a company against a vessel)."},
	{ReasonDifferentAddress, CaseCleared, "The party's address differs from every address of the entry."},
	{ReasonDifferentIdentifier, CaseCleared, "A registration, tax or passport number differs from the entry's."},
	{ReasonNameOnly, CaseCleared, "Only the names are alike (a common name, a shared generic word); nothing else agrees."},
	{ReasonConfirmedMatch, CaseConfirmed, "The party is the listed party: name and details agree."},
	{ReasonConfirmedIdentifier, CaseConfirmed, "An identifier of the party is one of the entry's."},
	{ReasonConfirmedAffiliate, CaseConfirmed, "The party is a branch, subsidiary or alias the entry covers."},
}

// LookupReason returns the description of a reason code.
func LookupReason(code ReasonCode) (ReasonInfo, bool) {
	for _, r := range Reasons {
		if r.Code == code {
			return r, true
		}
	}
	return ReasonInfo{}, false
}

// checkReason requires code to be a reason that closes a case in state.
func checkReason(code ReasonCode, state CaseState) error {
	if r, ok := LookupReason(code); ok && r.Resolves == state {
		return nil
	}
	var want []string
	for _, r := range Reasons {
		if r.Resolves == state {
			want = append(want, string(r.Code))
		}
	}
	if code == "" {
		return Errorf(Invalid, "a reason code is required to mark a case %s (one of %s)", state, strings.Join(want, ", "))
	}
	return Errorf(Invalid, "reason %q does not mark a case %s (want one of %s)", code, state, strings.Join(want, ", "))
}
