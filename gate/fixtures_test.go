package gate

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// The parties of the tests and the hits their screening gives.
const (
	hikvision = "Hangzhou Hikvision Digital Technology Co., Ltd."
	nordic    = "Nordic Maritime Pte. Ltd."
	acme      = "Acme Components GmbH"
)

// elHikvision is the Entity List hit of Hikvision as the shipped CSL has it.
func elHikvision(score float64) clearance.Hit {
	return clearance.Hit{
		EntryID: "el-hikvision", EntryName: hikvision, List: clearance.ListEntity,
		Source: clearance.ListName(clearance.ListEntity), Score: score,
		LicenseRequirement:    "For all items subject to the EAR.  (See §744.11 of the EAR)",
		LicensePolicy:         policyXinjiang,
		FederalRegisterNotice: "84 FR 54002; 85 FR 44159", StartDate: "2019-10-09",
	}
}

// listed returns a hit on an entry of the given list.
func listed(list clearance.ListCode, name string, score float64, start, end string) clearance.Hit {
	return clearance.Hit{
		EntryID: strings.ToLower(string(list)) + "-" + name, EntryName: name, List: list,
		Source: clearance.ListName(list), Score: score, StartDate: start,
		Entry: &clearance.Entry{Name: name, List: list, StartDate: start, EndDate: end},
	}
}

// dplNordic is the Denied Persons List hit of a shipping company.
func dplNordic() clearance.Hit {
	h := listed(clearance.ListDenied, "NORDIC MARITIME PTE. LTD.", 1, "2020-03-11", "2035-03-08")
	h.FederalRegisterNotice = "85 F.R. 52312 8/25/2020"
	return h
}

func meuHit() clearance.Hit {
	h := listed(clearance.ListMEU, "AECC Aero Science & Technology Co. Ltd.", 1, "2020-12-23", "")
	h.LicenseRequirement = "For any item subject to the EAR listed in supplement no. 2 to part 744."
	h.LicensePolicy = policyMEU
	return h
}

// sensors is the scenario's item: ten EAR99 image sensors.
func sensors(n int64) clearance.Item {
	yes := true
	return clearance.Item{Description: "image sensors", ECCN: "EAR99", Quantity: clearance.Units(n), Value: clearance.Dollars(150 * n), SubjectToEAR: &yes}
}

func withECCN(it clearance.Item, eccn string) clearance.Item {
	it.ECCN = eccn
	return it
}

// screened is a party with its hits.
func screened(role clearance.PartyRole, name string, hits ...clearance.Hit) clearance.PartyScreening {
	return clearance.PartyScreening{Party: clearance.Party{Role: role, Name: name, Country: "CN"}, Hits: hits}
}

// input builds a decision input for an order to China.
func input(date string, parties []clearance.PartyScreening, items ...clearance.Item) *clearance.DecisionInput {
	o := &clearance.Order{ID: "PO-1", Date: date, Destination: "CN", Items: items}
	for _, p := range parties {
		o.Parties = append(o.Parties, p.Party)
	}
	return &clearance.DecisionInput{Order: o, Parties: parties, HitThreshold: 0.80, ReviewThreshold: 0.70}
}

// licence returns a BIS licence to China naming the parties, with one line.
func licence(number string, eccn string, qty int64, parties ...string) clearance.LicenceBalance {
	q, v := clearance.Units(qty), clearance.Dollars(100000)
	l := clearance.Licence{Number: number, Authority: clearance.AuthorityBIS, Destination: "CN", Parties: parties,
		Items:     []clearance.LicenceItem{{ECCN: eccn, Quantity: &q, Value: &v}},
		ValidFrom: "2019-01-01", ValidTo: "2021-12-31"}
	return clearance.LicenceBalance{Licence: l, Lines: []clearance.LineBalance{clearance.NewLineBalance(l.Items[0], 0, 0)}}
}

// used returns the balance after drawing qty units.
func used(b clearance.LicenceBalance, qty int64) clearance.LicenceBalance {
	b.Lines = []clearance.LineBalance{clearance.NewLineBalance(b.Licence.Items[0], clearance.Units(qty), clearance.Dollars(150*qty))}
	return b
}

func decide(t *testing.T, in *clearance.DecisionInput) clearance.Decision {
	t.Helper()
	g, err := New(Current)
	if err != nil {
		t.Fatal(err)
	}
	return g.Decide(in)
}

// reasonOn returns the first reason about the given list and item (-1: a
// reason about no item).
func reasonOn(d clearance.Decision, list clearance.ListCode, item int) *clearance.Reason {
	for i, r := range d.Reasons {
		if r.List == list && ((item < 0 && r.Item == nil) || (r.Item != nil && *r.Item == item)) {
			return &d.Reasons[i]
		}
	}
	return nil
}

func mustReason(t *testing.T, d clearance.Decision, list clearance.ListCode, item int) *clearance.Reason {
	t.Helper()
	r := reasonOn(d, list, item)
	if r == nil {
		t.Fatalf("decision %s has no reason on %s item %d: %+v", d.Outcome, list, item, d.Reasons)
	}
	return r
}
