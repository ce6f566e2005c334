package ownership

import "github.com/clearancehq/clearance"

// Current is the set of rules in force. Change it by adding rules under a
// new version, never by editing a version that decisions recorded; a
// deployment that must move a date (an extended suspension) overrides the
// periods in its configuration, which gives a version of its own
// (Rules.WithPeriods).
var Current = &Rules{
	Version: "clearance-ownership-1",
	Rules:   []Rule{ofac50, ofacSSI50, bisAffiliates},
}

// ofac50 is OFAC's 50 Percent Rule. Before the 2014 revision OFAC did not
// aggregate the holdings of several blocked persons; Clearance aggregates
// on every date, erring towards blocking.
var ofac50 = Rule{
	ID:   "ofac-50",
	Name: "OFAC 50 Percent Rule",
	Regulation: "OFAC Revised Guidance on Entities Owned by Persons Whose Property and Interests in Property Are Blocked " +
		"(13 August 2014); 31 CFR Chapter V",
	Owners: []Scope{{List: clearance.ListSDN, Label: "SDN List"}},
	Undetermined: "A blocked person holds a stake whose size is not known: OFAC's guidance urges caution, " +
		"so the ownership must be determined before dealing with the party.",
	Periods: []Period{{State: InForce, Citation: "OFAC guidance of 14 February 2008, revised 13 August 2014"}},
}

// ofacSSI50 is the same rule for the Sectoral Sanctions Identifications
// List: an entity 50% or more owned by persons subject to a directive is
// subject to the directive too.
var ofacSSI50 = Rule{
	ID:           "ofac-ssi-50",
	Name:         "OFAC 50 Percent Rule for the SSI List",
	Regulation:   "Directives under E.O. 13662 and OFAC's guidance on the SSI List; 31 CFR 589",
	Owners:       []Scope{{List: clearance.ListSSI, Label: "SSI List"}},
	Undetermined: "A party on the SSI List holds a stake whose size is not known: determine the ownership before dealing with the party.",
	Periods:      []Period{{From: "2014-07-16", State: InForce, Citation: "first Sectoral Sanctions Identifications, 16 July 2014"}},
}

// bisAffiliates is BIS's Affiliates Rule. Its SDN scope is the programmes
// of 15 CFR 744.8(a)(1) as revised by 89 FR 20107 (21 March 2024): seven
// Russia, Ukraine and Belarus programmes, the two terrorism programmes, the
// weapons of mass destruction proliferators and four narcotics and
// criminal-network programmes. Check the list against the current eCFR text
// before relying on it. The Unverified List is not within the rule.
var bisAffiliates = Rule{
	ID:         "bis-affiliates",
	Name:       "BIS Affiliates Rule",
	Regulation: "15 CFR Part 744, Supp. No. 8 (90 FR 47201); 15 CFR 744.11, 744.21, 744.8",
	Owners: []Scope{
		{List: clearance.ListEntity, Label: "Entity List"},
		{List: clearance.ListMEU, Label: "Military End-User List"},
		{List: clearance.ListSDN, Label: "SDN List", Programs: []string{
			"BELARUS", "UKRAINE-EO13660", "UKRAINE-EO13661", "UKRAINE-EO13662", "UKRAINE-EO13685",
			"RUSSIA-EO14024", "BELARUS-EO14038", "FTO", "SDGT", "NPWMD",
			"TCO", "ILLICIT-DRUGS-EO14059", "SDNT", "SDNTK",
		}},
	},
	ForeignOnly: true,
	Undetermined: "Red Flag 29 (Supp. No. 3 to Part 732): a listed party holds a stake in the party whose size cannot be determined; " +
		"resolve the red flag by determining the ownership, or obtain a licence, before the order ships.",
	Periods: []Period{
		{From: "2025-09-29", To: "2025-11-09", State: InForce, Citation: "90 FR 47201, effective 29 September 2025"},
		{From: "2025-11-10", To: "2026-11-09", State: Suspended,
			Citation: "BIS final rule of 10 November 2025, One Year Suspension of Expansion of End-User Controls for Affiliates of Certain Listed Entities"},
		{From: "2026-11-10", State: InForce, Citation: "90 FR 47201, reimposed when the one-year suspension ended on 9 November 2026"},
	},
}
