package gate

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

const affiliate = "Westlake Optics Trading Co., Ltd."

// ownedBy returns a finding of the Affiliates Rule that passes the owners'
// listings to the affiliate.
func ownedBy(status clearance.OwnershipStatus, applies bool, owners ...clearance.Hit) clearance.OwnershipFinding {
	f := clearance.OwnershipFinding{RuleID: "bis-affiliates", Rule: "BIS Affiliates Rule", Regulation: "15 CFR Part 744, Supp. No. 8",
		Status: status, Applies: applies, Percent: clearance.Percent(60), Owners: owners,
		Explanation: affiliate + ": 60% owned directly by " + hikvision + ", Entity List, 84 FR 54002: licence required, presumption of denial"}
	if !applies {
		f.NotApplied = "BIS Affiliates Rule is suspended from 2025-11-10 to 2026-11-09"
	}
	if status == clearance.OwnershipUndetermined {
		f.Requires = "Red Flag 29: determine the ownership or obtain a licence."
	}
	return f
}

// affiliateOf is the affiliate, unlisted itself, with the findings on it.
func affiliateOf(fs ...clearance.OwnershipFinding) []clearance.PartyScreening {
	p := screened(clearance.RoleEndUser, affiliate)
	p.Ownership = fs
	return []clearance.PartyScreening{p}
}

// TestAffiliateStandsAsOwner: an affiliate of Hikvision is decided as
// Hikvision would be: EAR99 under a presumption of denial, 1A004.c case by
// case, a licence naming the affiliate releases; the reasons carry the
// chain.
func TestAffiliateStandsAsOwner(t *testing.T) {
	parties := affiliateOf(ownedBy(clearance.OwnershipRestricted, true, elHikvision(1)))
	d := decide(t, input("2026-11-30", parties, sensors(10), withECCN(sensors(1), "1A004.c")))
	r := mustReason(t, d, clearance.ListEntity, 0)
	if d.Outcome != clearance.Blocked || r.Effect != clearance.Blocked || r.ReviewPolicy != "presumption of denial" || r.Party != affiliate || r.EntryName != hikvision {
		t.Fatalf("EAR99 to Hikvision's affiliate = %s, reason %+v; want blocked under a presumption of denial", d.Outcome, r)
	}
	if r.Ownership == nil || !strings.Contains(r.Message, "Restricted by ownership under the BIS Affiliates Rule: "+affiliate+": 60% owned directly by") {
		t.Errorf("the reason does not name the chain: %q", r.Message)
	}
	if r := mustReason(t, d, clearance.ListEntity, 1); r.ReviewPolicy != "case-by-case" {
		t.Errorf("1A004.c to the affiliate: policy %q, want case-by-case", r.ReviewPolicy)
	}

	in := input("2020-06-01", parties, sensors(10))
	in.Licences = []clearance.LicenceBalance{licence("D9", "EAR99", 10, affiliate)}
	if d := decide(t, in); d.Outcome != clearance.Released {
		t.Errorf("a licence naming the affiliate = %s, want released: %+v", d.Outcome, d.Reasons)
	}
}

// TestOwnedBySDN: an affiliate of an SDN is blocked, in any role.
func TestOwnedBySDN(t *testing.T) {
	f := ownedBy(clearance.OwnershipRestricted, true, listed(clearance.ListSDN, "Rosoboronexport", 1, "", ""))
	f.RuleID, f.Rule = "ofac-50", "OFAC 50 Percent Rule"
	p := screened(clearance.RoleForwarder, affiliate)
	p.Ownership = []clearance.OwnershipFinding{f}
	d := decide(t, input("2026-11-30", []clearance.PartyScreening{p}, sensors(1)))
	if r := mustReason(t, d, clearance.ListSDN, -1); d.Outcome != clearance.Blocked || !strings.Contains(r.Message, "under the OFAC 50 Percent Rule") {
		t.Errorf("a forwarder 60%% owned by an SDN = %s, %q; want blocked", d.Outcome, r.Message)
	}
}

// TestOwnershipUndetermined: a listed owner's stake of unknown size holds
// the order with what Red Flag 29 asks; a suspended rule clears it, saying
// what it would have found.
func TestOwnershipUndetermined(t *testing.T) {
	d := decide(t, input("2026-11-30", affiliateOf(ownedBy(clearance.OwnershipUndetermined, true, elHikvision(1))), sensors(1)))
	r := mustReason(t, d, clearance.ListEntity, -1)
	if d.Outcome != clearance.Hold || !strings.Contains(r.Message, "Red Flag 29") || !strings.Contains(r.Message, "Ownership undetermined") || r.Ownership == nil {
		t.Errorf("an unknown stake = %s, %+v; want hold under Red Flag 29", d.Outcome, r)
	}
	d = decide(t, input("2026-01-15", affiliateOf(ownedBy(clearance.OwnershipRestricted, false, elHikvision(1))), sensors(1)))
	r = mustReason(t, d, clearance.ListEntity, -1)
	if d.Outcome != clearance.Clear || !strings.Contains(r.Message, "Not applied: BIS Affiliates Rule is suspended") {
		t.Errorf("during the suspension = %s, %q; want clear, not applied", d.Outcome, r.Message)
	}
}

// TestOwnershipWithoutOwners: a restriction that names no listed owner
// cannot pass terms on, and is held rather than cleared.
func TestOwnershipWithoutOwners(t *testing.T) {
	d := decide(t, input("2026-11-30", affiliateOf(ownedBy(clearance.OwnershipRestricted, true)), sensors(1)))
	if d.Outcome != clearance.Hold || len(d.Reasons) != 1 || !strings.Contains(d.Reasons[0].Message, "names no listed owner") {
		t.Errorf("a restriction without owners = %s, %+v; want hold", d.Outcome, d.Reasons)
	}
}

// TestTerms: how the gate describes a listing to the ownership rules.
func TestTerms(t *testing.T) {
	tests := []struct {
		hit  clearance.Hit
		want string
	}{
		{elHikvision(1), "licence required, presumption of denial (case-by-case for some items)"},
		{meuHit(), "licence required for the items of Supplement No. 2 to Part 744, presumption of denial"},
		{listed(clearance.ListSDN, "X", 1, "", ""), "blocked, no licence helps"},
		{listed(clearance.ListUnverified, "X", 1, "", ""), "no licence exception; a signed UVL statement is required"},
		{listed(clearance.ListUK, "X", 1, "", ""), "review required"},
	}
	sev := map[string]int{}
	for _, tt := range tests {
		got, s := Current.Terms(tt.hit)
		if got != tt.want {
			t.Errorf("Terms(%s) = %q, want %q", tt.hit.List, got, tt.want)
		}
		sev[string(tt.hit.List)] = s
	}
	lenient := elHikvision(1)
	lenient.LicensePolicy = "Case-by-case review for all items subject to the EAR."
	_, sev["EL case-by-case"] = Current.Terms(lenient)
	order := []string{"SDN", "EL", "EL case-by-case", "UVL", "UK"}
	for i := 1; i < len(order); i++ {
		if sev[order[i-1]] <= sev[order[i]] {
			t.Errorf("severity of %s (%d) is not above %s (%d)", order[i-1], sev[order[i-1]], order[i], sev[order[i]])
		}
	}
	if sev["EL"] != sev["MEU"] {
		t.Errorf("a presumption of denial ranks %d on the Entity List and %d on the MEU List", sev["EL"], sev["MEU"])
	}
}
