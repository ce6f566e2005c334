package ownership

import (
	"strconv"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// world is a test's ownership data: edges, and what each name resolves to.
type world struct {
	edges  []clearance.OwnershipEdge
	listed map[string][]clearance.Hit
}

// edges reads edges written "owner > owned : percent" ("?" for unknown),
// as of 2025-06-30 from "registry".
func edges(specs ...string) *world {
	w := &world{listed: map[string][]clearance.Hit{}}
	for _, s := range specs {
		w.add(s, "2025-06-30", "registry")
	}
	return w
}

// add adds an edge written as for edges, with its date and source.
func (w *world) add(spec, asOf, source string) *world {
	who, pct, _ := strings.Cut(spec, ":")
	owner, owned, _ := strings.Cut(who, ">")
	var stake clearance.Stake
	if p := strings.TrimSpace(pct); p != "?" {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			panic(spec)
		}
		stake = clearance.Percent(f)
	}
	w.edges = append(w.edges, clearance.OwnershipEdge{Owner: strings.TrimSpace(owner), Owned: strings.TrimSpace(owned),
		Stake: stake, AsOf: asOf, Source: source})
	return w
}

// list puts a party on a list; programmes are the listing's tags.
func (w *world) list(name string, list clearance.ListCode, programs ...string) *world {
	w.listed[name] = append(w.listed[name], listing(name, list, programs...))
	return w
}

// listing is a hit on an entry named like the party, as the screener gives it.
func listing(name string, list clearance.ListCode, programs ...string) clearance.Hit {
	h := clearance.Hit{EntryID: strings.ToLower(string(list)) + "-" + name, EntryName: name, List: list,
		Source: clearance.ListName(list), Score: 1, MatchedName: name, Programs: programs}
	switch list {
	case clearance.ListEntity:
		h.FederalRegister = []string{"84 FR 54002"}
		h.LicenseRequirement, h.LicensePolicy = "For all items subject to the EAR.", "Presumption of denial."
	case clearance.ListMEU:
		h.FederalRegister = []string{"85 FR 83799"}
	}
	return h
}

// resolver resolves names as the world lists them, counting calls.
func (w *world) resolver(calls *int) Resolver {
	return func(name string) ([]clearance.Hit, error) {
		if calls != nil {
			*calls++
		}
		return w.listed[name], nil
	}
}

// finder builds the world's graph and a finder of it under the current
// rules with testTerms.
func (w *world) finder(t testing.TB) *Finder {
	t.Helper()
	b := NewBuilder()
	for _, e := range w.edges {
		if err := b.Add(e); err != nil {
			t.Fatalf("Add(%+v): %v", e, err)
		}
	}
	f, err := NewFinder(b.Graph(), Current, w.resolver(nil), testTerms)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// testTerms stands in for the gate's reading of listings.
func testTerms(h clearance.Hit) (string, int) {
	switch h.List {
	case clearance.ListSDN:
		return "blocked", 40
	case clearance.ListEntity:
		if strings.Contains(h.LicensePolicy, "Case-by-case") {
			return "licence required, case-by-case", 32
		}
		return "licence required, presumption of denial", 34
	case clearance.ListMEU:
		return "licence required for Supplement No. 2 items, presumption of denial", 34
	}
	return "review", 10
}

// find returns the finding of one rule on a party, or nil.
func find(t *testing.T, f *Finder, party, rule, date string) *clearance.OwnershipFinding {
	t.Helper()
	fs, err := f.Find(clearance.Party{Name: party, Country: "CN"}, date)
	if err != nil {
		t.Fatalf("Find(%s, %s): %v", party, date, err)
	}
	for i := range fs {
		if fs[i].RuleID == rule {
			return &fs[i]
		}
	}
	return nil
}

// statusOf returns the status of a party under a rule as Find reports it.
func statusOf(t *testing.T, f *Finder, party, rule, date string) string {
	t.Helper()
	if fd := find(t, f, party, rule, date); fd != nil {
		return string(fd.Status)
	}
	return "clear"
}
