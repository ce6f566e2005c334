package clearance_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/gate"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/ownership"
	"github.com/clearancehq/clearance/store/sqlite"
	"github.com/clearancehq/clearance/store/storetest"
)

const hikvision = "Hangzhou Hikvision Digital Technology Co., Ltd."

// screener holds an Entity List entry for Hikvision and a Denied Persons
// List entry for a shipping company.
func screener(t *testing.T) *clearance.Screener {
	t.Helper()
	el := &clearance.Entry{ID: "el-1", Source: clearance.SourceUSCSL, List: clearance.ListEntity, Kind: clearance.KindOrganization,
		Name: hikvision, Names: []clearance.Name{{Value: hikvision, Kind: clearance.NamePrimary}, {Value: "Hikvision", Kind: clearance.NameAlias}},
		Countries: []string{"CN"}, StartDate: "2019-10-09", FederalRegister: []string{"84 FR 54002"},
		LicenseRequirement: "For all items subject to the EAR.", LicensePolicy: "Presumption of denial."}
	dpl := &clearance.Entry{ID: "dpl-1", Source: clearance.SourceUSCSL, List: clearance.ListDenied, Kind: clearance.KindOrganization,
		Name: "NORDIC MARITIME PTE. LTD.", Names: []clearance.Name{{Value: "NORDIC MARITIME PTE. LTD.", Kind: clearance.NamePrimary}},
		StartDate: "2020-03-11", EndDate: "2035-03-08"}
	s, err := clearance.NewScreener([]*clearance.Entry{el, dpl}, []clearance.VersionRef{{Source: clearance.SourceUSCSL, Version: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func gatekeeper(t *testing.T, sc *clearance.Screener, st clearance.GateStore) *clearance.Gatekeeper {
	t.Helper()
	g, err := gate.New(gate.Current)
	if err != nil {
		t.Fatal(err)
	}
	return &clearance.Gatekeeper{Screener: sc, Decider: g, Store: st, Options: match.DefaultOptions(),
		ReviewThreshold: clearance.DefaultReviewThreshold}
}

func openStore(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestGatekeeperConcurrentSubmit races thirty one-unit orders for a
// ten-unit licence through two store handles on one database, as two
// processes would: ten are released, the rest are decided again on the
// spent balance and blocked, and the licence is never overdrawn.
func TestGatekeeperConcurrentSubmit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clearance.db")
	sc := screener(t)
	gks := []*clearance.Gatekeeper{gatekeeper(t, sc, openStore(t, path)), gatekeeper(t, sc, openStore(t, path))}
	if _, err := gks[0].Store.AddLicence(t.Context(), storetest.Licence("D1", hikvision, 10, "EAR99")); err != nil {
		t.Fatal(err)
	}
	const n = 30
	outcomes := make([]clearance.Outcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			d, err := gks[i%2].Submit(t.Context(), storetest.Order(fmt.Sprintf("PO-%02d", i), hikvision, 1))
			if err != nil {
				t.Errorf("Submit(PO-%02d): %v", i, err)
				return
			}
			outcomes[i] = d.Outcome
		})
	}
	wg.Wait()
	count := map[clearance.Outcome]int{}
	for _, o := range outcomes {
		count[o]++
	}
	if count[clearance.Released] != 10 || count[clearance.Blocked] != n-10 {
		t.Errorf("outcomes = %v, want 10 released and %d blocked", count, n-10)
	}
	b, err := gks[1].Store.Licence(t.Context(), "D1")
	if err != nil {
		t.Fatal(err)
	}
	if *b.Lines[0].RemainingQuantity != 0 || len(b.Draws) != 10 {
		t.Errorf("licence after the race: %+v, %d draws; want none left and 10 draws", b.Lines[0], len(b.Draws))
	}
	if all, err := gks[0].Store.Orders(t.Context()); err != nil || len(all) != n {
		t.Errorf("%d orders recorded (%v), want all %d with their decisions", len(all), err, n)
	}
}

// TestGatekeeperCheck: Check decides and records nothing; Submit records
// once; the decision carries what it was made with.
func TestGatekeeperCheck(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "clearance.db"))
	gk := gatekeeper(t, screener(t), st)
	o := storetest.Order("PO-1", hikvision, 10)
	o.Parties = append(o.Parties, clearance.Party{Role: clearance.RoleForwarder, Name: "Nordic Maritime Pte. Ltd.", Country: "SG"})
	d, err := gk.Check(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	if d.Outcome != clearance.Blocked || d.Recorded || d.OrderID != "PO-1" || d.AsOf != o.Date || d.Rules != gate.Current.Version ||
		d.HitThreshold != 0.80 || d.ReviewThreshold != 0.70 || d.OptionsHash == "" || len(d.Versions) != 1 {
		t.Errorf("Check = %+v", d)
	}
	lists := map[clearance.ListCode]bool{}
	for _, r := range d.Reasons {
		lists[r.List] = true
	}
	if !lists[clearance.ListEntity] || !lists[clearance.ListDenied] {
		t.Errorf("Check reasons name lists %v, want the Entity List and the Denied Persons List", lists)
	}
	if all, _ := st.Orders(t.Context()); len(all) != 0 {
		t.Errorf("Check recorded %d orders", len(all))
	}
	d, err = gk.Submit(t.Context(), o)
	if err != nil || !d.Recorded || d.Outcome != clearance.Blocked {
		t.Fatalf("Submit = %+v, %v", d, err)
	}
	if _, err := gk.Submit(t.Context(), o); clearance.KindOf(err) != clearance.Conflict {
		t.Errorf("second Submit = %v, want a conflict", err)
	}
	gk.ReviewThreshold = 0.9
	if _, err := gk.Check(t.Context(), o); clearance.KindOf(err) != clearance.Invalid {
		t.Errorf("Check with a review threshold above the hit threshold = %v, want invalid", err)
	}
}

// TestGatekeeperOwnership: the Gatekeeper asks the ownership finder about
// every party as of the order's date, through the screener, and records
// the version of the rules and data it was judged with.
func TestGatekeeperOwnership(t *testing.T) {
	sc := screener(t)
	opts := match.DefaultOptions()
	b := ownership.NewBuilder()
	if err := b.Add(clearance.OwnershipEdge{Owner: "Hikvision", Owned: "Westlake Optics", Stake: clearance.Percent(60), AsOf: "2025-06-30", Source: "registry"}); err != nil {
		t.Fatal(err)
	}
	resolve := func(name string) ([]clearance.Hit, error) {
		s, err := sc.Screen(clearance.Query{Name: name}, opts)
		if err != nil {
			return nil, err
		}
		return s.Hits, nil
	}
	f, err := ownership.NewFinder(b.Graph(), ownership.Current, resolve, gate.Current.Terms)
	if err != nil {
		t.Fatal(err)
	}
	gk := gatekeeper(t, sc, openStore(t, filepath.Join(t.TempDir(), "c.db")))
	gk.Ownership = f
	for date, want := range map[string]clearance.Outcome{"2026-11-30": clearance.Blocked, "2026-01-15": clearance.Clear} {
		o := storetest.Order("PO-"+date, "Westlake Optics", 1)
		o.Date = date
		d, err := gk.Check(t.Context(), o)
		if err != nil {
			t.Fatal(err)
		}
		if d.Outcome != want || d.Ownership != f.Version() || len(d.Reasons) == 0 || d.Reasons[0].Ownership == nil ||
			!strings.Contains(d.Reasons[0].Message, "60% owned directly by Hikvision (listed as "+hikvision+", score 1.00), Entity List, 84 FR 54002") {
			t.Errorf("order to Hikvision's affiliate on %s = %s (ownership %q), reasons %+v; want %s with the chain", date, d.Outcome, d.Ownership, d.Reasons, want)
		}
	}
}
