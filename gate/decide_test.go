package gate

import (
	"reflect"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestEntityListScenario is the scenario on the gate alone: EAR99
// image sensors to Hikvision are blocked with a presumption of denial after
// the listing took effect, clear before it, and an item of 1A004.c is
// reviewed case by case.
func TestEntityListScenario(t *testing.T) {
	party := []clearance.PartyScreening{screened(clearance.RoleEndUser, hikvision, elHikvision(1))}

	d := decide(t, input("2019-10-15", party, sensors(10)))
	if d.Outcome != clearance.Blocked {
		t.Fatalf("Hikvision EAR99 on 2019-10-15 = %s, want blocked: %+v", d.Outcome, d.Reasons)
	}
	r := mustReason(t, d, clearance.ListEntity, 0)
	if r.ReviewPolicy != "presumption of denial" || r.Effect != clearance.Blocked {
		t.Errorf("reason = %s %q, want blocked with presumption of denial", r.Effect, r.ReviewPolicy)
	}
	if r.Party != hikvision || r.EntryName != hikvision || r.FederalRegister != "84 FR 54002; 85 FR 44159" ||
		!strings.HasPrefix(r.LicenceRequirement, "For all items subject to the EAR") || r.Source != clearance.ListName(clearance.ListEntity) {
		t.Errorf("reason does not name party, entry, list, citation and requirement: %+v", r)
	}
	if !strings.Contains(r.Message, "No licence covers the item: no licence on file names any party") {
		t.Errorf("message = %q, want it to say no licence covers the item", r.Message)
	}
	if len(d.Draws) != 0 {
		t.Errorf("a blocked order draws %+v", d.Draws)
	}

	d = decide(t, input("2019-10-01", party, sensors(10)))
	if d.Outcome != clearance.Clear {
		t.Fatalf("Hikvision EAR99 on 2019-10-01 = %s, want clear: %+v", d.Outcome, d.Reasons)
	}
	if r := mustReason(t, d, clearance.ListEntity, -1); !strings.Contains(r.Message, "Listed from 2019-10-09") {
		t.Errorf("clear decision does not say why the listing does not apply: %q", r.Message)
	}

	d = decide(t, input("2019-10-15", party, withECCN(sensors(1), "1A004.c")))
	if r := mustReason(t, d, clearance.ListEntity, 0); d.Outcome != clearance.Blocked || r.ReviewPolicy != "case-by-case" {
		t.Errorf("Hikvision 1A004.c = %s, policy %q, want blocked, case-by-case", d.Outcome, r.ReviewPolicy)
	}
}

// TestLicenceRelease draws a ten-unit licence down to nothing, then finds
// it exhausted.
func TestLicenceRelease(t *testing.T) {
	party := []clearance.PartyScreening{screened(clearance.RoleEndUser, hikvision, elHikvision(1))}
	lic := licence("D123456", "EAR99", 10, "Hangzhou Hikvision Digital Technology Co Ltd")

	in := input("2020-02-01", party, sensors(10))
	in.Licences = []clearance.LicenceBalance{lic}
	d := decide(t, in)
	if d.Outcome != clearance.Released {
		t.Fatalf("order with a covering licence = %s, want released: %+v", d.Outcome, d.Reasons)
	}
	want := []clearance.Draw{{Order: "PO-1", Item: 0, Licence: "D123456", Line: 0, Quantity: clearance.Units(10), Value: clearance.Dollars(1500)}}
	if !reflect.DeepEqual(d.Draws, want) {
		t.Errorf("draws = %+v, want %+v", d.Draws, want)
	}
	if r := mustReason(t, d, clearance.ListEntity, 0); r.Licence != "D123456" || !strings.Contains(r.Message, "0 of 10 units") {
		t.Errorf("released reason = %+v, want licence D123456 with 0 of 10 units left", r)
	}

	in = input("2020-02-02", party, sensors(1))
	in.Licences = []clearance.LicenceBalance{used(lic, 10)}
	d = decide(t, in)
	if r := mustReason(t, d, clearance.ListEntity, 0); d.Outcome != clearance.Blocked || !strings.Contains(r.Message, "exhausted") {
		t.Errorf("eleventh unit = %s %q, want blocked, licence exhausted", d.Outcome, r.Message)
	}
}

// TestLicenceRefused tries licences that do not cover the item; each must
// leave the order blocked and say why.
func TestLicenceRefused(t *testing.T) {
	party := []clearance.PartyScreening{screened(clearance.RoleEndUser, hikvision, elHikvision(1))}
	base := licence("L1", "EAR99", 10, hikvision)
	tests := []struct {
		name   string
		change func(*clearance.LicenceBalance, *clearance.DecisionInput)
		want   string
	}{
		{"expired", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) { b.Licence.ValidTo = "2020-01-31" }, "expired on 2020-01-31"},
		{"not yet valid", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) { b.Licence.ValidFrom = "2020-03-01" }, "valid only from 2020-03-01"},
		{"other destination", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) { b.Licence.Destination = "RU" }, "destination RU, not CN"},
		{"other authority", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) {
			b.Licence.Authority = clearance.AuthorityDDTC
		}, "issued by DDTC"},
		{"other ECCN", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) { b.Licence.Items[0].ECCN = "1A004.c" }, "no line for EAR99"},
		{"exhausted", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) { *b = used(*b, 5) }, "5 pieces left, the item needs 10"},
		{"value exhausted", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) {
			v := clearance.Dollars(1000)
			b.Licence.Items[0].Value = &v
			b.Lines[0] = clearance.NewLineBalance(b.Licence.Items[0], 0, 0)
		}, "$1000.00 left, the item is worth $1500.00"},
		{"other unit", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) { b.Licence.Items[0].Unit = "kg" }, "counts kg, not pieces"},
		{"purchaser not named", func(_ *clearance.LicenceBalance, in *clearance.DecisionInput) {
			in.Parties = append(in.Parties, screened(clearance.RolePurchaser, acme))
			in.Order.Parties = append(in.Order.Parties, in.Parties[1].Party)
		}, `does not name the purchaser "Acme Components GmbH"`},
		{"party not named", func(b *clearance.LicenceBalance, _ *clearance.DecisionInput) { b.Licence.Parties = []string{acme} }, "no licence on file names any party"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := sensors(10)
			it.Unit = "pieces"
			in := input("2020-02-01", append([]clearance.PartyScreening(nil), party...), it)
			b := licence("L1", "EAR99", 10, hikvision)
			b.Licence.Items[0] = base.Licence.Items[0]
			tt.change(&b, in)
			in.Licences = []clearance.LicenceBalance{b}
			d := decide(t, in)
			r := mustReason(t, d, clearance.ListEntity, 0)
			if d.Outcome != clearance.Blocked || !strings.Contains(r.Message, tt.want) || len(d.Draws) != 0 {
				t.Errorf("%s: decision %s, draws %v, message %q; want blocked, no draws, message with %q", tt.name, d.Outcome, d.Draws, r.Message, tt.want)
			}
		})
	}
}

// TestLicenceSharedWithinOrder: two items of one order cannot both spend
// the same balance.
func TestLicenceSharedWithinOrder(t *testing.T) {
	party := []clearance.PartyScreening{screened(clearance.RoleEndUser, hikvision, elHikvision(1))}
	in := input("2020-02-01", party, sensors(6), sensors(6))
	in.Licences = []clearance.LicenceBalance{licence("L1", "EAR99", 10, hikvision)}
	d := decide(t, in)
	if d.Outcome != clearance.Blocked || len(d.Draws) != 0 {
		t.Fatalf("6 + 6 units on a 10-unit licence = %s with draws %v, want blocked, no draws", d.Outcome, d.Draws)
	}
	if r := mustReason(t, d, clearance.ListEntity, 0); r.Effect != clearance.Released || !strings.Contains(r.Message, "not drawn on") {
		t.Errorf("first item reason = %s %q, want covered but not drawn on", r.Effect, r.Message)
	}
	if r := mustReason(t, d, clearance.ListEntity, 1); r.Effect != clearance.Blocked || !strings.Contains(r.Message, "4 units left") {
		t.Errorf("second item reason = %s %q, want blocked with 4 units left", r.Effect, r.Message)
	}
}

// TestDeniedForwarder: a clean purchaser and a Denied Persons List
// forwarder; no licence helps.
func TestDeniedForwarder(t *testing.T) {
	parties := []clearance.PartyScreening{
		screened(clearance.RolePurchaser, acme),
		screened(clearance.RoleForwarder, nordic, dplNordic()),
	}
	in := input("2021-06-01", parties, sensors(10))
	in.Licences = []clearance.LicenceBalance{licence("L1", "EAR99", 100, acme, nordic)}
	d := decide(t, in)
	if d.Outcome != clearance.Blocked || len(d.Draws) != 0 {
		t.Fatalf("DPL forwarder = %s with draws %v, want blocked", d.Outcome, d.Draws)
	}
	r := mustReason(t, d, clearance.ListDenied, -1)
	if r.Party != nordic || r.Role != clearance.RoleForwarder || !strings.Contains(r.Message, "no licence helps") {
		t.Errorf("DPL reason = %+v", r)
	}
	// The denial order expired: it no longer applies.
	in.Order.Date = "2035-03-09"
	if d := decide(t, in); d.Outcome != clearance.Clear {
		t.Errorf("after the denial order's end = %s, want clear: %+v", d.Outcome, d.Reasons)
	}
}

// TestConsequences weighs one hit of each kind of list on an order of
// one EAR99 item and one 9A991 item.
func TestConsequences(t *testing.T) {
	tests := []struct {
		name string
		role clearance.PartyRole
		hit  clearance.Hit
		want clearance.Outcome
	}{
		{"Entity List end user", clearance.RoleEndUser, elHikvision(1), clearance.Blocked},
		{"Entity List possible match", clearance.RoleEndUser, elHikvision(0.75), clearance.Hold},
		{"Entity List below review", clearance.RoleEndUser, elHikvision(0.5), clearance.Clear}, // the screening would not return it
		{"Entity List forwarder", clearance.RoleForwarder, elHikvision(1), clearance.Hold},
		{"Entity List before listing", clearance.RoleEndUser, listed(clearance.ListEntity, "X", 1, "2030-01-01", ""), clearance.Clear},
		{"SDN", clearance.RoleOther, listed(clearance.ListSDN, "X", 0.9, "", ""), clearance.Blocked},
		{"SDN possible match", clearance.RoleOther, listed(clearance.ListSDN, "X", 0.72, "", ""), clearance.Hold},
		{"FSE", clearance.RoleForwarder, listed(clearance.ListFSE, "X", 1, "", ""), clearance.Blocked},
		{"ITAR debarred", clearance.RolePurchaser, listed(clearance.ListDTC, "X", 1, "", ""), clearance.Blocked},
		{"DPL", clearance.RoleOther, listed(clearance.ListDenied, "X", 1, "2010-01-01", ""), clearance.Blocked},
		{"SSI", clearance.RolePurchaser, listed(clearance.ListSSI, "X", 1, "", ""), clearance.Hold},
		{"ISN", clearance.RolePurchaser, listed(clearance.ListISN, "X", 1, "", ""), clearance.Hold},
		{"NS-CMIC", clearance.RoleEndUser, listed(clearance.ListCMIC, "X", 1, "", ""), clearance.Clear},
		{"NS-CMIC possible match", clearance.RoleEndUser, listed(clearance.ListCMIC, "X", 0.75, "", ""), clearance.Clear},
		{"CAPTA", clearance.RoleEndUser, listed(clearance.ListCAPTA, "X", 1, "", ""), clearance.Clear},
		{"UN", clearance.RoleEndUser, listed(clearance.ListUN, "X", 1, "", ""), clearance.Hold},
		{"a list the table does not know", clearance.RoleEndUser, listed("XYZ", "X", 1, "", ""), clearance.Hold},
		{"MEU", clearance.RoleEndUser, meuHit(), clearance.Blocked},
		{"MEU before listing", clearance.RoleEndUser, meuHit(), clearance.Clear},
		{"UVL without statement", clearance.RoleUltimateConsignee, listed(clearance.ListUnverified, "X", 1, "", ""), clearance.Blocked},
	}
	for _, tt := range tests {
		date := "2021-06-01"
		if tt.name == "MEU before listing" {
			date = "2020-12-22"
		}
		in := input(date, []clearance.PartyScreening{screened(tt.role, "Party", tt.hit)}, sensors(1), withECCN(sensors(1), "9A991.d"))
		if got := decide(t, in).Outcome; got != tt.want {
			t.Errorf("%s: Decide = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestMilitaryEndUser: only Supplement No. 2 items need a licence, reviewed
// with a presumption of denial; GOV stays available.
func TestMilitaryEndUser(t *testing.T) {
	party := []clearance.PartyScreening{screened(clearance.RoleEndUser, "AECC", meuHit())}
	gov := withECCN(sensors(1), "9A991.d")
	gov.LicenceException = "GOV"
	d := decide(t, input("2021-06-01", party, sensors(1), withECCN(sensors(1), "9A991.d"), gov))
	if r := mustReason(t, d, clearance.ListMEU, 0); r.Effect != clearance.Clear || !strings.Contains(r.Message, "not listed in Supplement No. 2") {
		t.Errorf("MEU EAR99 item = %s %q, want clear, not in Supplement No. 2", r.Effect, r.Message)
	}
	if r := mustReason(t, d, clearance.ListMEU, 1); r.Effect != clearance.Blocked || r.ReviewPolicy != "presumption of denial" {
		t.Errorf("MEU 9A991.d item = %s %q, want blocked, presumption of denial", r.Effect, r.ReviewPolicy)
	}
	if r := mustReason(t, d, clearance.ListMEU, 2); r.Effect != clearance.Clear || !strings.Contains(r.Message, "GOV") {
		t.Errorf("MEU item under GOV = %s %q, want clear", r.Effect, r.Message)
	}
}

// TestUnverifiedList: a statement on file lets items ship without a
// licence; licence exceptions are never available.
func TestUnverifiedList(t *testing.T) {
	uvl := listed(clearance.ListUnverified, "Shenzhen Example Co", 1, "", "")
	party := []clearance.PartyScreening{screened(clearance.RoleUltimateConsignee, "Shenzhen Example Co.", uvl)}
	statement := clearance.UVLStatement{ID: 7, Party: "SHENZHEN EXAMPLE CO", Signed: "2021-05-01"}
	tests := []struct {
		name       string
		statements []clearance.UVLStatement
		exception  string
		want       clearance.Outcome
		message    string
	}{
		{"no statement", nil, "", clearance.Blocked, "No UVL statement"},
		{"statement on file", []clearance.UVLStatement{statement}, "", clearance.Clear, "signed 2021-05-01 is on file (record 7)"},
		{"statement signed later", []clearance.UVLStatement{{Party: statement.Party, Signed: "2021-07-01"}}, "", clearance.Blocked, "No UVL statement"},
		{"statement for another order", []clearance.UVLStatement{{Party: statement.Party, Signed: "2021-05-01", Order: "PO-9"}}, "", clearance.Blocked, "No UVL statement"},
		{"statement for this order", []clearance.UVLStatement{{Party: statement.Party, Signed: "2021-05-01", Order: "PO-1"}}, "", clearance.Clear, "is on file"},
		{"licence exception", []clearance.UVLStatement{statement}, "LVS", clearance.Blocked, "Licence exception LVS is not available"},
	}
	for _, tt := range tests {
		it := sensors(1)
		it.LicenceException = tt.exception
		in := input("2021-06-01", party, it)
		in.Statements = tt.statements
		d := decide(t, in)
		r := reasonOn(d, clearance.ListUnverified, -1)
		if tt.exception != "" {
			r = reasonOn(d, clearance.ListUnverified, 0)
		}
		if d.Outcome != tt.want || r == nil || !strings.Contains(r.Message, tt.message) {
			t.Errorf("%s: Decide = %s, reason %+v; want %s with %q", tt.name, d.Outcome, r, tt.want, tt.message)
		}
	}
}

// TestNotSubjectToEAR: EAR listings reach only items subject to the EAR;
// OFAC's do not care.
func TestNotSubjectToEAR(t *testing.T) {
	it := sensors(1)
	no := false
	it.SubjectToEAR = &no
	d := decide(t, input("2021-06-01", []clearance.PartyScreening{screened(clearance.RoleEndUser, hikvision, elHikvision(1))}, it))
	if d.Outcome != clearance.Clear {
		t.Errorf("Entity List party, item not subject to the EAR = %s, want clear", d.Outcome)
	}
	d = decide(t, input("2021-06-01", []clearance.PartyScreening{screened(clearance.RoleEndUser, "X", listed(clearance.ListDenied, "X", 1, "", ""))}, it))
	if d.Outcome != clearance.Hold {
		t.Errorf("DPL party, no item subject to the EAR = %s, want hold", d.Outcome)
	}
	d = decide(t, input("2021-06-01", []clearance.PartyScreening{screened(clearance.RoleEndUser, "X", listed(clearance.ListSDN, "X", 1, "", ""))}, it))
	if d.Outcome != clearance.Blocked {
		t.Errorf("SDN party, item not subject to the EAR = %s, want blocked", d.Outcome)
	}
}

// TestDecideDeterministic: the same input gives the same decision.
func TestDecideDeterministic(t *testing.T) {
	parties := []clearance.PartyScreening{
		screened(clearance.RoleEndUser, hikvision, elHikvision(1), listed(clearance.ListCMIC, hikvision, 1, "", "")),
		screened(clearance.RoleForwarder, nordic, dplNordic()),
	}
	mk := func() *clearance.DecisionInput {
		in := input("2021-06-01", parties, sensors(3), withECCN(sensors(2), "1A004.c"))
		in.Licences = []clearance.LicenceBalance{licence("L2", "EAR99", 10, hikvision), licence("L1", "1A004", 10, hikvision)}
		return in
	}
	a, b := decide(t, mk()), decide(t, mk())
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two decisions of one input differ:\n%+v\n%+v", a, b)
	}
	if a.Outcome != clearance.Blocked || a.Reasons[0].Effect != clearance.Blocked {
		t.Errorf("reasons are not most severe first: %+v", a.Reasons)
	}
}
