package ownership

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestAffiliatesRuleCalendar: the Affiliates Rule is in force from 29
// September 2025, suspended from 10 November 2025 to 9 November 2026 and in
// force again from 10 November 2026; the dates are data.
func TestAffiliatesRuleCalendar(t *testing.T) {
	r := &Current.Rules[2]
	if r.ID != bis {
		t.Fatalf("Current.Rules[2] is %s, want %s", r.ID, bis)
	}
	tests := []struct {
		date    string
		inForce bool
		why     string
	}{
		{"2025-09-28", false, "takes effect on 2025-09-29"},
		{"2025-09-29", true, ""},
		{"2025-11-09", true, ""},
		{"2025-11-10", false, "suspended from 2025-11-10 to 2026-11-09"},
		{"2026-01-15", false, "suspended from 2025-11-10 to 2026-11-09"},
		{"2026-11-09", false, "suspended"},
		{"2026-11-10", true, ""},
		{"2026-11-30", true, ""},
	}
	for _, tt := range tests {
		in, why := r.On(tt.date)
		if in != tt.inForce || !strings.Contains(why, tt.why) {
			t.Errorf("On(%s) = %v, %q; want %v, %q", tt.date, in, why, tt.inForce, tt.why)
		}
	}
}

// TestWithPeriods: a deployment extends the suspension in its
// configuration; the rules then carry a version of their own, and bad
// periods are refused.
func TestWithPeriods(t *testing.T) {
	extended := []Period{
		{From: "2025-09-29", To: "2025-11-09", State: InForce, Citation: "90 FR 47201"},
		{From: "2025-11-10", To: "2027-11-09", State: Suspended, Citation: "suspension extended"},
		{From: "2027-11-10", State: InForce, Citation: "90 FR 47201"},
	}
	rs, err := Current.WithPeriods(map[string][]Period{bis: extended})
	if err != nil {
		t.Fatal(err)
	}
	if in, _ := rs.Rules[2].On("2026-11-30"); in || !strings.HasPrefix(rs.Version, Current.Version+"+") {
		t.Errorf("extended rules: in force on 2026-11-30 = %v, version %q", in, rs.Version)
	}
	if in, _ := Current.Rules[2].On("2026-11-30"); !in {
		t.Error("WithPeriods changed the current rules")
	}
	f := edges("X > A : 60").list("X", clearance.ListEntity)
	fd := find(t, f.finder(t), "A", bis, "2026-11-30")
	g, _ := NewFinder(f.finder(t).Graph(), rs, f.resolver(nil), testTerms)
	fe, _ := g.Find(clearance.Party{Name: "A"}, "2026-11-30")
	if !fd.Applies || len(fe) != 1 || fe[0].Applies || !strings.Contains(fe[0].NotApplied, "suspension extended") {
		t.Errorf("current: %+v; extended: %+v; want applied, then suspended", fd, fe)
	}
	bad := map[string][]Period{
		"no such rule":       nil,
		"backwards":          {{From: "2026-01-02", To: "2026-01-01", State: InForce, Citation: "x"}},
		"overlap":            {{From: "2026-01-01", To: "2026-06-01", State: InForce, Citation: "x"}, {From: "2026-05-01", State: Suspended, Citation: "x"}},
		"open then more":     {{From: "2026-01-01", State: InForce, Citation: "x"}, {From: "2027-01-01", State: Suspended, Citation: "x"}},
		"not a date":         {{From: "1 Jan 2026", State: InForce, Citation: "x"}},
		"unknown state":      {{From: "2026-01-01", State: "paused", Citation: "x"}},
		"no citation":        {{From: "2026-01-01", State: InForce}},
		"second has no From": {{To: "2026-01-01", State: InForce, Citation: "x"}, {State: Suspended, Citation: "x"}},
	}
	for name, ps := range bad {
		id := bis
		if name == "no such rule" {
			id = "eu-50"
		}
		if _, err := Current.WithPeriods(map[string][]Period{id: ps}); clearance.KindOf(err) != clearance.Invalid {
			t.Errorf("WithPeriods(%s) = %v, want an Invalid error", name, err)
		}
	}
}

// TestAffiliatesScope: the Affiliates Rule counts Entity List, Military
// End-User List and SDN owners of the programmes of 744.8, not the
// Unverified List nor other SDN programmes, which OFAC's rule counts.
func TestAffiliatesScope(t *testing.T) {
	f := edges("EL > A : 50", "MEU > B : 50", "UVL > C : 100", "SDGT > D : 50", "CUBA > E : 50", "EL > F : 25", "MEU > F : 25").
		list("EL", clearance.ListEntity).list("MEU", clearance.ListMEU).list("UVL", clearance.ListUnverified).
		list("SDGT", clearance.ListSDN, "SDGT").list("CUBA", clearance.ListSDN, "CUBA").finder(t)
	want := map[string][2]string{ // party: BIS, OFAC
		"A": {"restricted", "clear"}, "B": {"restricted", "clear"}, "C": {"clear", "clear"},
		"D": {"restricted", "restricted"}, "E": {"clear", "restricted"}, "F": {"restricted", "clear"},
	}
	for party, w := range want {
		if got := statusOf(t, f, party, bis, today); got != w[0] {
			t.Errorf("%s under the Affiliates Rule = %s, want %s", party, got, w[0])
		}
		if got := statusOf(t, f, party, ofac, today); got != w[1] {
			t.Errorf("%s under the OFAC rule = %s, want %s", party, got, w[1])
		}
	}
}

// TestMostRestrictiveOwner: of several listed owners, the finding names
// the most restrictive and gives its listing first.
func TestMostRestrictiveOwner(t *testing.T) {
	w := edges("Lenient > A : 30", "Strict > A : 30")
	lenient := listing("Lenient", clearance.ListEntity)
	lenient.LicensePolicy = "Case-by-case review."
	w.listed["Lenient"] = []clearance.Hit{lenient}
	w.list("Strict", clearance.ListEntity)
	fd := find(t, w.finder(t), "A", bis, today)
	if fd == nil || fd.Owners[0].EntryName != "Strict" || len(fd.Owners) != 2 ||
		!strings.HasSuffix(fd.Explanation, "Most restrictive: Strict's terms") ||
		!strings.Contains(fd.Explanation, "Lenient, Entity List, 84 FR 54002: licence required, case-by-case") {
		t.Errorf("finding = %+v", fd)
	}
}

// TestListedPartyOwnedByListed: a listed party is judged on its owners:
// an Entity List company that an SDN owns is blocked under OFAC's rule.
func TestListedPartyOwnedByListed(t *testing.T) {
	f := edges("X > Hik : 60", "Hik > Sub : 100").list("X", clearance.ListSDN).list("Hik", clearance.ListEntity).finder(t)
	if got := statusOf(t, f, "Hik", ofac, today); got != "restricted" {
		t.Errorf("an Entity List company 60%% owned by an SDN = %s under the OFAC rule, want restricted", got)
	}
	if got := statusOf(t, f, "Hik", bis, today); got != "clear" {
		t.Errorf("an Entity List company is restricted by its own listing under the Affiliates Rule: %s", got)
	}
	if fd := find(t, f, "Sub", bis, today); fd == nil || !strings.Contains(fd.Explanation, "by Hik, Entity List") {
		t.Errorf("Hik's subsidiary = %+v, want restricted by Hik's listing", fd)
	}
}

// TestForeignOnly: the Affiliates Rule does not reach a party in the
// United States; OFAC's rule does.
func TestForeignOnly(t *testing.T) {
	f := edges("X > A : 60").list("X", clearance.ListSDN, "SDGT").finder(t)
	fs, err := f.Find(clearance.Party{Name: "A", Country: "US"}, today)
	if err != nil || len(fs) != 2 {
		t.Fatalf("Find = %+v, %v", fs, err)
	}
	if fs[0].RuleID != ofac || !fs[0].Applies || fs[1].RuleID != bis || fs[1].Applies || !strings.Contains(fs[1].NotApplied, "foreign entities only") {
		t.Errorf("findings on a US party = %+v", fs)
	}
}
