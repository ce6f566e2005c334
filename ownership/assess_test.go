package ownership

import (
	"fmt"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

const (
	ofac  = "ofac-50"
	bis   = "bis-affiliates"
	today = "2026-11-30"
)

// TestOFACGuidanceExamples: the examples of OFAC's 2014 guidance and FAQs
// 398-401, with X and Y blocked persons on the SDN List.
func TestOFACGuidanceExamples(t *testing.T) {
	tests := []struct {
		name  string
		edges []string
		want  map[string]string
	}{
		{"owned 50% by one blocked person", []string{"X > A : 50"}, map[string]string{"A": "restricted"}},
		{"owned 49% by one blocked person", []string{"X > A : 49.9999"}, map[string]string{"A": "clear"}},
		{"25% each by two blocked persons, in aggregate",
			[]string{"X > C : 25", "Y > C : 25"}, map[string]string{"C": "restricted"}},
		{"indirect: X 50% of A, A 50% of B", []string{"X > A : 50", "A > B : 50"},
			map[string]string{"A": "restricted", "B": "restricted"}},
		{"not multiplied: X 50% of A and 10% of B, A 40% of B",
			[]string{"X > A : 50", "X > B : 10", "A > B : 40"}, map[string]string{"A": "restricted", "B": "restricted"}},
		{"the chain breaks at an intermediary under 50%: X 40% of A, A 50% of B",
			[]string{"X > A : 40", "A > B : 50"}, map[string]string{"A": "clear", "B": "clear"}},
		{"an unblocked intermediary's stake does not count: X 40% of A, A 40% and X 10% of B",
			[]string{"X > A : 40", "A > B : 40", "X > B : 10"}, map[string]string{"A": "clear", "B": "clear"}},
		{"a blocked intermediary and another blocked person: X 100% of A, A 25% and Y 25% of C",
			[]string{"X > A : 100", "A > C : 25", "Y > C : 25"}, map[string]string{"C": "restricted"}},
		{"an unlisted owner's majority does not shield: Z 50%, X 50% of D",
			[]string{"Z > D : 50", "X > D : 50"}, map[string]string{"D": "restricted"}},
	}
	for _, tt := range tests {
		f := edges(tt.edges...).list("X", clearance.ListSDN, "SDGT").list("Y", clearance.ListSDN, "IRAN").finder(t)
		for party, want := range tt.want {
			if got := statusOf(t, f, party, ofac, today); got != want {
				t.Errorf("%s: %s under the OFAC rule = %s, want %s", tt.name, party, got, want)
			}
		}
	}
}

// TestExplanationExample3: the finding of OFAC's third example says how
// X's 50% is made up, and the chain lists each stake.
func TestExplanationExample3(t *testing.T) {
	f := edges("X > A : 50", "X > B : 10", "A > B : 40").list("X", clearance.ListEntity).finder(t)
	fd := find(t, f, "B", bis, today)
	if fd == nil || fd.Status != clearance.OwnershipRestricted || !fd.Applies {
		t.Fatalf("B under the Affiliates Rule on %s = %+v, want restricted", today, fd)
	}
	const want = "B: 50% owned via A (40%) and directly (10%) by X, Entity List, 84 FR 54002: licence required, presumption of denial"
	if fd.Explanation != want {
		t.Errorf("explanation = %q\nwant          %q", fd.Explanation, want)
	}
	var steps []string
	for _, s := range fd.Chain {
		steps = append(steps, fmt.Sprintf("%s<%s %s %s", s.Owned, s.Owner, s.Percent, s.OwnerStatus))
	}
	if got := strings.Join(steps, "; "); got != "B<A 40% restricted by ownership; B<X 10% listed; A<X 50% listed" {
		t.Errorf("chain = %s", got)
	}
	if fd.Chain[1].Listings[0].EntryID != "el-X" || fd.Chain[1].Listings[0].Terms == "" || fd.Chain[0].AsOf != "2025-06-30" || fd.Chain[0].Source != "registry" {
		t.Errorf("a chain step lacks its listing, date or source: %+v", fd.Chain)
	}
	if fd.Percent != clearance.Percent(50) || len(fd.Owners) != 1 || fd.Owners[0].EntryID != "el-X" {
		t.Errorf("percent %s, owners %+v; want 50%% and X's listing", fd.Percent, fd.Owners)
	}
}

// TestCrossHoldings: cycles of cross-holdings end, and explanations do not
// go round them.
func TestCrossHoldings(t *testing.T) {
	f := edges("A > B : 60", "B > A : 60", "X > A : 50", "B > C : 30", "C > B : 30").list("X", clearance.ListSDN).finder(t)
	for _, p := range []string{"A", "B"} {
		fd := find(t, f, p, ofac, today)
		if fd == nil || fd.Status != clearance.OwnershipRestricted {
			t.Fatalf("%s in a cycle owned 50%% by X = %+v, want restricted", p, fd)
		}
		if len(fd.Chain) > 3 || strings.Count(fd.Explanation, p+":") != 1 {
			t.Errorf("%s's explanation goes round the cycle: %q, %d steps", p, fd.Explanation, len(fd.Chain))
		}
	}
	if got := statusOf(t, f, "C", ofac, today); got != "clear" {
		t.Errorf("C, 30%% owned by B = %s, want clear", got)
	}
	g := edges("A > B : 100", "B > A : 100").finder(t)
	if got := statusOf(t, g, "A", ofac, today); got != "clear" {
		t.Errorf("a cycle with no listed party = %s, want clear", got)
	}
}

// TestDeepChain: a chain of ten thousand wholly owned companies passes the
// restriction to the last, with every step in the chain; one link under
// 50% breaks it.
func TestDeepChain(t *testing.T) {
	const depth = 10_000
	w := edges().list("X", clearance.ListSDN)
	prev := "X"
	for i := range depth {
		name := fmt.Sprintf("Sub %d", i)
		pct := "100"
		if i == depth/2 {
			pct = "49"
		}
		w.add(prev+" > "+name+" : "+pct, "2025-06-30", "registry")
		prev = name
	}
	f := w.finder(t)
	if fd := find(t, f, fmt.Sprintf("Sub %d", depth/2-1), ofac, today); fd == nil || len(fd.Chain) != depth/2 {
		t.Fatalf("the company %d links down = %+v, want restricted with %d steps", depth/2, fd, depth/2)
	}
	if got := statusOf(t, f, fmt.Sprintf("Sub %d", depth-1), ofac, today); got != "clear" {
		t.Errorf("below the 49%% link = %s, want clear", got)
	}
}

// TestUnknownStakes: a listed owner's stake of unknown size leaves the
// party undetermined (Red Flag 29), and passes down; known stakes of 50%
// still restrict; an unlisted owner's unknown stake is nothing.
func TestUnknownStakes(t *testing.T) {
	w := edges("X > B : ?", "Z > E : ?", "X > F : 60", "Y > F : ?", "B > C : 100", "X > G : 30", "B > G : 30").
		list("X", clearance.ListEntity).list("Y", clearance.ListEntity)
	f := w.finder(t)
	for party, want := range map[string]string{"B": "undetermined", "C": "undetermined", "E": "clear", "F": "restricted", "G": "undetermined"} {
		if got := statusOf(t, f, party, bis, today); got != want {
			t.Errorf("%s = %s, want %s", party, got, want)
		}
	}
	fd := find(t, f, "B", bis, today)
	if !strings.Contains(fd.Explanation, "X holds a stake of unknown size") || fd.Chain[0].Percent.Known() {
		t.Errorf("B's finding does not name the unknown stake: %+v", fd)
	}
	fd = find(t, f, "C", bis, today)
	if !strings.Contains(fd.Explanation, "B, possibly restricted, holds 100%") || len(fd.Chain) != 2 {
		t.Errorf("C's finding does not pass on B's: %q %+v", fd.Explanation, fd.Chain)
	}
	fd = find(t, f, "G", bis, today)
	if !strings.Contains(fd.Explanation, "X holds 30%") || !strings.Contains(fd.Explanation, "B, possibly restricted, holds 30%") {
		t.Errorf("G's finding = %q", fd.Explanation)
	}
}

// TestDatedStakes: the stake on a date is the newest statement on or
// before it, a 0% statement is a divestment, and a pair known only from a
// later date counts with its earliest statement.
func TestDatedStakes(t *testing.T) {
	w := edges().list("X", clearance.ListSDN)
	w.add("X > B : 60", "2025-01-01", "registry").add("X > B : 0", "2026-03-01", "registry")
	w.add("X > C : 70", "2026-06-01", "filing")
	w.add("X > D : 20", "2026-01-01", "vendor").add("X > D : ?", "2026-01-01", "registry").add("X > D : 55", "2026-01-01", "filing")
	f := w.finder(t)
	tests := []struct{ party, date, want string }{
		{"B", "2026-01-15", "restricted"}, {"B", "2026-06-01", "clear"},
		{"C", "2026-01-15", "restricted"}, {"C", "2026-07-01", "restricted"},
		{"D", "2026-02-01", "restricted"}, // same day: the larger known stake
	}
	for _, tt := range tests {
		if got := statusOf(t, f, tt.party, ofac, tt.date); got != tt.want {
			t.Errorf("%s on %s = %s, want %s", tt.party, tt.date, got, tt.want)
		}
	}
	if fd := find(t, f, "D", ofac, "2026-02-01"); fd.Chain[0].Source != "filing" || fd.Chain[0].AsOf != "2026-01-01" {
		t.Errorf("D's chain step = %+v, want the filing's 55%%", fd.Chain[0])
	}
}

// TestListedOnDate: a listing counts only from its start date to its end.
func TestListedOnDate(t *testing.T) {
	w := edges("X > A : 60", "Y > B : 60")
	x := listing("X", clearance.ListEntity)
	x.StartDate = "2026-05-01"
	y := listing("Y", clearance.ListEntity)
	y.Entry = &clearance.Entry{EndDate: "2026-02-01"}
	w.listed["X"], w.listed["Y"] = []clearance.Hit{x}, []clearance.Hit{y}
	f := w.finder(t)
	for _, tt := range []struct{ party, date, want string }{
		{"A", "2026-04-30", "clear"}, {"A", "2026-05-01", "restricted"},
		{"B", "2026-02-01", "restricted"}, {"B", "2026-02-02", "clear"},
	} {
		if got := statusOf(t, f, tt.party, bis, tt.date); got != tt.want {
			t.Errorf("%s on %s = %s, want %s", tt.party, tt.date, got, tt.want)
		}
	}
}
