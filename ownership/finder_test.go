package ownership

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// randomWorld returns a graph of n parties and m random stakes (some
// unknown, some dated later), with cycles, and a few listed parties.
func randomWorld(rnd *rand.Rand, n, m int) *world {
	w := edges()
	lists := []clearance.ListCode{clearance.ListEntity, clearance.ListSDN, clearance.ListMEU, clearance.ListUnverified}
	for i := range n / 6 {
		w.list(fmt.Sprintf("P%d", rnd.IntN(n)), lists[i%len(lists)], "SDGT")
	}
	for range m {
		owner, owned := rnd.IntN(n), rnd.IntN(n)
		if owner == owned {
			continue
		}
		pct := fmt.Sprint(rnd.IntN(11) * 10)
		if rnd.IntN(8) == 0 {
			pct = "?"
		}
		date := []string{"2025-01-01", "2026-01-01", "2027-01-01"}[rnd.IntN(3)]
		w.add(fmt.Sprintf("P%d > P%d : %s", owner, owned, pct), date, []string{"a", "b"}[rnd.IntN(2)])
	}
	return w
}

// oracle computes every party's status by the definition: start from the
// listed parties and recompute every other party from its owners until
// nothing changes.
func oracle(f *Finder, rule *Rule, date string) []Status {
	g := f.graph
	day, _ := dayOf(date)
	st := make([]Status, g.Len())
	listed := make([]bool, g.Len())
	for v := range st {
		hs, _ := f.names.listings(int32(v))
		for _, h := range hs {
			if _, ok := rule.scope(h); ok && listedOn(h, date) {
				listed[v], st[v] = true, Restricted
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for v := range st {
			if listed[v] {
				continue
			}
			var sure, maybe, unknown int64
			for _, p := range g.owners(int32(v)) {
				s := g.stmts[g.stakeOn(&p, day)].stake
				switch {
				case st[p.owner] == Clear:
				case !s.Known():
					unknown++
				case st[p.owner] == Restricted:
					sure += int64(s.Millionths())
				default:
					maybe += int64(s.Millionths())
				}
			}
			next := Clear
			if sure >= half {
				next = Restricted
			} else if sure+maybe >= half || unknown > 0 {
				next = Undetermined
			}
			if next != st[v] {
				st[v], changed = next, true
			}
		}
	}
	return st
}

// TestFindAgreesWithDefinition: on random graphs, Find (on a party's
// owners alone) and Assess (on the whole graph) both give every unlisted
// party the status the definition gives it, and every restricted finding
// counts 50% or more.
func TestFindAgreesWithDefinition(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for round := range 60 {
		w := randomWorld(rnd, 30, 70)
		f := w.finder(t)
		for _, date := range []string{"2025-06-01", "2026-11-30"} {
			all, err := f.Assess(date, 2)
			if err != nil {
				t.Fatal(err)
			}
			for ri := range f.rules.Rules {
				rule := &f.rules.Rules[ri]
				want := oracle(f, rule, date)
				assessed := map[string]string{}
				for _, s := range all {
					if s.Finding.RuleID == rule.ID {
						assessed[s.Party] = string(s.Finding.Status)
					}
				}
				for v := range want {
					name := f.graph.Name(int32(v))
					if len(w.listed[name]) > 0 {
						continue
					}
					wantS := map[Status]string{Clear: "", Undetermined: "undetermined", Restricted: "restricted"}[want[v]]
					got := ""
					if fd := find(t, f, name, rule.ID, date); fd != nil {
						got = string(fd.Status)
						if fd.Status == clearance.OwnershipRestricted && fd.Percent.Millionths() < half {
							t.Errorf("round %d: %s restricted on %s%%: %s", round, name, fd.Percent, fd.Explanation)
						}
					}
					if got != wantS || assessed[name] != wantS {
						t.Fatalf("round %d, %s, %s on %s: Find %q, Assess %q, definition %q", round, rule.ID, name, date, got, assessed[name], wantS)
					}
				}
			}
		}
	}
}

// TestRelist: after a list update, names whose entries did not change and
// that match nothing new keep their resolution; the others are resolved
// again, and the standing follows the new lists.
func TestRelist(t *testing.T) {
	w := edges("X > A : 60", "Y > B : 60", "Z > C : 60").list("X", clearance.ListSDN).list("Y", clearance.ListSDN)
	f := w.finder(t)
	if all, err := f.Assess(today, 2); err != nil || len(all) != 2 || f.Resolved() != 6 {
		t.Fatalf("before: %d standings, %d resolved, %v", len(all), f.Resolved(), err)
	}
	next := edges().list("Y", clearance.ListSDN).list("Z", clearance.ListSDN) // X delisted, Z listed
	var calls int
	probe := func(name string) ([]clearance.Hit, error) {
		return (&world{listed: map[string][]clearance.Hit{"Z": next.listed["Z"]}}).resolver(nil)(name)
	}
	g, err := f.Relist(next.resolver(&calls), probe, func(id string) bool { return id == "sdn-X" }, 2)
	if err != nil {
		t.Fatal(err)
	}
	if g.Resolved() != 4 {
		t.Errorf("Relist kept %d resolutions, want 4 (all but X and Z)", g.Resolved())
	}
	all, err := g.Assess(today, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range all {
		got = append(got, s.Finding.RuleID+":"+s.Party)
	}
	if fmt.Sprint(got) != "[ofac-50:B ofac-50:C]" || calls != 2 {
		t.Errorf("after the update: %v with %d new resolutions, want B and C blocked, 2 resolutions", got, calls)
	}
}

// TestDescendants: the parties a change to one party can affect.
func TestDescendants(t *testing.T) {
	f := edges("X > A : 60", "A > B : 10", "B > A : 10", "C > D : 50").finder(t)
	x, _ := f.Graph().Node("X")
	var names []string
	for _, n := range f.Graph().Descendants([]int32{x}) {
		names = append(names, f.Graph().Name(n))
	}
	if fmt.Sprint(names) != "[X A B]" {
		t.Errorf("Descendants(X) = %v", names)
	}
}

// TestGraphNames: one party however its name is written; refused edges.
func TestGraphNames(t *testing.T) {
	w := edges("ACME Co., Ltd. > Beta GmbH : 30", "Acme Company Limited > Beta GmbH : 30").list("ACME Co., Ltd.", clearance.ListSDN)
	f := w.finder(t)
	if f.Graph().Len() != 2 {
		t.Errorf("two spellings of one name make %d parties, want 2 in all", f.Graph().Len())
	}
	if _, ok := f.Graph().Node("acme company ltd"); !ok {
		t.Error("Node does not find ACME by another spelling")
	}
	b := NewBuilder()
	for _, e := range []clearance.OwnershipEdge{
		{Owner: "A", Owned: "a.", AsOf: "2025-01-01", Source: "s"},
		{Owner: "A", Owned: "B", AsOf: "2025-13-01", Source: "s"},
		{Owner: "A", Owned: "B", AsOf: "2025-01-01"},
	} {
		if err := b.Add(e); clearance.KindOf(err) != clearance.Invalid {
			t.Errorf("Add(%+v) = %v, want Invalid", e, err)
		}
	}
}

// TestOneParty: a name resolves to the party of its best hit, on every
// list that names that party, not to other parties it merely resembles.
func TestOneParty(t *testing.T) {
	w := edges("Banco Nacional de Cuba > A : 60")
	cuba := listing("BANCO NACIONAL DE CUBA", clearance.ListSDN, "CUBA")
	other := listing("BANCO CORPORATIVO SA", clearance.ListSDN, "NICARAGUA")
	other.Score = 0.86
	again := listing("Banco Nacional de Cuba", clearance.ListSSI)
	again.Score = 0.97
	w.listed["Banco Nacional de Cuba"] = []clearance.Hit{other, cuba, again}
	fd := find(t, w.finder(t), "A", ofac, today)
	if fd == nil || len(fd.Owners) != 1 || fd.Owners[0].EntryName != "BANCO NACIONAL DE CUBA" || strings.Contains(fd.Explanation, "NICARAGUA") {
		t.Fatalf("finding = %+v, want Banco Nacional de Cuba's listing alone", fd)
	}
	if got := oneParty(w.listed["Banco Nacional de Cuba"]); len(got) != 2 || got[1].List != clearance.ListSSI {
		t.Errorf("oneParty = %+v, want the SDN and SSI listings of one name", got)
	}
}

// TestMatching: the parties a probe finds, in node order.
func TestMatching(t *testing.T) {
	f := edges("X > A : 60", "Y > B : 60").finder(t)
	probe := func(name string) ([]clearance.Hit, error) {
		if name == "Y" || name == "A" {
			return []clearance.Hit{listing(name, clearance.ListEntity)}, nil
		}
		return nil, nil
	}
	nodes, err := f.Graph().Matching(probe, 2)
	var names []string
	for _, n := range nodes {
		names = append(names, f.Graph().Name(n))
	}
	if err != nil || fmt.Sprint(names) != "[A Y]" {
		t.Errorf("Matching = %v, %v; want [A Y]", names, err)
	}
}
