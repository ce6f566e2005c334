package gate

import "github.com/clearancehq/clearance"

// Current is the consequence table in force. Change it by adding a table
// with a new version, never by editing a version that decisions recorded.
var Current = &Table{
	Version:     "clearance-gate-1",
	Rules:       rulesV1,
	Unknown:     Rule{Effect: Review, Summary: "The consequence table does not know this list: a person must decide what the listing means for the order."},
	Supplement2: supplement2V1,
}

// rulesV1 is the first table: the US lists of the Consolidated Screening
// List and OFAC, and the UN and UK lists.
var rulesV1 = []Rule{
	{
		List: clearance.ListEntity, Effect: Licence, TransactionParties: true, EAR: true,
		Scope: ScopeEntry, NoLicenceExceptions: true, LicensedBy: clearance.AuthorityBIS,
		Regulation: "15 CFR 744.11, 744.16; Supp. No. 4 to Part 744",
		Summary:    "Entity List: a licence is required for the items the entry names, reviewed under the entry's policy; no licence exception may be used (15 CFR 744.16(b)).",
	},
	{
		List: clearance.ListMEU, Effect: Licence, TransactionParties: true, EAR: true,
		Scope: ScopeSupplement2, Policy: PresumptionOfDenial, NoLicenceExceptions: true,
		AllowedExceptions: []string{"GOV"}, LicensedBy: clearance.AuthorityBIS,
		Regulation: "15 CFR 744.21; Supp. Nos. 2 and 7 to Part 744",
		Summary:    "Military End-User List: a licence is required for the items in Supplement No. 2 to Part 744, reviewed with a presumption of denial; no licence exception but GOV may be used (15 CFR 744.21(c)).",
	},
	{
		List: clearance.ListUnverified, Effect: Statement, TransactionParties: true, EAR: true,
		NoLicenceExceptions: true, LicensedBy: clearance.AuthorityBIS,
		Regulation: "15 CFR 744.15; 740.2(a)(17); 758.1(b)(8)",
		Summary:    "Unverified List: no licence exception may be used (15 CFR 740.2(a)(17)); an item may ship without a licence only with the party's signed UVL statement on file (15 CFR 744.15(b)); EEI must be filed in AES whatever the value.",
	},
	{
		List: clearance.ListDenied, Effect: Bar, EAR: true,
		Regulation: "15 CFR 764.3(a)(2); Supp. No. 1 to Part 764",
		Summary:    "Denied Persons List: the denial order bars the party from any part in a transaction subject to the EAR, in any role; no licence helps.",
	},
	{
		List: clearance.ListSDN, Effect: Bar,
		Regulation: "31 CFR Chapter V; 15 CFR 744.8, 744.12-744.14",
		Summary:    "OFAC SDN List: the party's property and interests in property are blocked and US persons may not deal with it; no export licence helps.",
	},
	{
		List: clearance.ListFSE, Effect: Bar,
		Regulation: "E.O. 13608; 31 CFR Chapter V",
		Summary:    "OFAC Foreign Sanctions Evaders List: US persons may not provide or procure goods, services or technology to or from the party; no export licence helps.",
	},
	{
		List: clearance.ListDTC, Effect: Bar,
		Regulation: "22 CFR 127.7",
		Summary:    "ITAR debarred (State Department): the party is barred from taking part in defence trade; Clearance treats the listing as a bar on the order.",
	},
	{
		List: clearance.ListISN, Effect: Review, Regulation: "Nonproliferation sanctions determinations (Federal Register)",
		Summary: "State Department nonproliferation sanctions: the measures depend on the determination, often a denial of export licences; review the Federal Register notice.",
	},
	{
		List: clearance.ListSSI, Effect: Review, Regulation: "E.O. 13662 directives; 31 CFR 589",
		Summary: "OFAC Sectoral Sanctions Identifications: only the dealings the entry's directives name are prohibited (new debt, new equity, certain energy projects); review the transaction against them.",
	},
	{
		List: clearance.ListMBS, Effect: Review, Regulation: "31 CFR Chapter V (menu-based sanctions)",
		Summary: "OFAC Non-SDN Menu-Based Sanctions: the measures chosen for this party vary; review which of them reach the order.",
	},
	{
		List: clearance.ListPLC, Effect: Review, Regulation: "31 CFR 594",
		Summary: "OFAC Non-SDN Palestinian Legislative Council List: dealings are restricted under the Global Terrorism Sanctions Regulations; review.",
	},
	{
		List: clearance.ListNonSDN, Effect: Review, Regulation: "31 CFR Chapter V",
		Summary: "OFAC non-SDN listing whose programme the source does not state: review which measures apply.",
	},
	{
		List: clearance.ListCAPTA, Effect: Informational, Regulation: "31 CFR 561",
		Summary: "OFAC CAPTA List: restricts correspondent and payable-through accounts at US banks; no effect on an export.",
	},
	{
		List: clearance.ListCMIC, Effect: Informational, Regulation: "E.O. 13959, as amended by E.O. 14032",
		Summary: "OFAC NS-CMIC List: restricts US persons' purchases of the company's publicly traded securities; no effect on an export.",
	},
	{
		List: clearance.ListUN, Effect: Review, Regulation: "UN Security Council resolutions",
		Summary: "UN Security Council sanctions bind through national law (in the US, OFAC's programmes); review which measures apply to the order.",
	},
	{
		List: clearance.ListUK, Effect: Review, Regulation: "UK sanctions regulations (SAMLA 2018)",
		Summary: "UK financial sanctions bind UK persons and conduct in the UK; review whether the order is within UK jurisdiction.",
	},
}

// supplement2V1 holds the ECCNs of Supplement No. 2 to Part 744 (items
// subject to the military end-use and end-user licence requirement of
// 15 CFR 744.21) as expanded by 85 FR 23459 (28 April 2020, in force 29 June
// 2020), before every Military End-User List entry (the first were added by
// 85 FR 83799, 23 December 2020). The regulation limits some entries to
// paragraphs; this table lists whole ECCNs, so an item classified under any
// paragraph of one is treated as listed: the error, if any, is on the side
// of requiring a licence. Check it against the current eCFR text before
// relying on it.
var supplement2V1 = []string{
	"1A290", "1C990", "1C996", "1D993", "1D999", "1E994",
	"2A290", "2A291", "2B999", "2D290",
	"3A991", "3A992", "3A999", "3B991", "3B992", "3C992", "3D991", "3E991",
	"4A994", "4D993", "4D994",
	"5A991", "5A992", "5B991", "5D991", "5D992", "5E991", "5E992",
	"6A991", "6A993", "6A996", "6C992", "6D991", "6D992", "6D993",
	"7A994", "7B994", "7D994", "7E994",
	"8A992", "8D992", "8E992",
	"9A991", "9B990", "9D991", "9E991",
}
