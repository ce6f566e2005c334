package ownership

import (
	"cmp"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
	"github.com/clearancehq/clearance/match"
)

// corporate is a generated ownership world shaped like real registers:
// people and funds at the top, corporate groups below them (a parent's
// majority stake in each subsidiary, minority stakes of funds, stakes
// across groups and, rarely, cross-holdings that close cycles), some
// stakes of unknown size, some pairs restated at a later date, and 1% of
// the people and group parents listed.
type corporate struct {
	edges  []clearance.OwnershipEdge
	names  []string // every party
	listed map[string][]clearance.Hit
}

// genCorporate generates a world of about n edges.
func genCorporate(n int, seed uint64) *corporate {
	rnd := rand.New(rand.NewPCG(seed, seed+1))
	gen := benchmark.NewGenerator(seed, nil)
	c := &corporate{listed: map[string][]clearance.Hit{}}
	seen := map[string]int{}
	newParty := func() string {
		name := gen.Next().Text
		if k := seen[name]; k > 0 {
			seen[name] = k + 1
			name += " " + strconv.Itoa(k+1)
		} else {
			seen[name] = 1
		}
		c.names = append(c.names, name)
		return name
	}
	people := make([]string, n/10)
	for i := range people {
		people[i] = newParty()
	}
	funds := make([]string, n/200)
	for i := range funds {
		funds[i] = newParty()
		c.add(rnd, people[rnd.IntN(len(people))], funds[i], 100)
	}
	var companies []string
	for len(c.edges) < n {
		group := c.group(rnd, newParty, people, funds, companies)
		companies = append(companies, group...)
	}
	for _, p := range slices.Concat(people, companies) {
		if rnd.IntN(100) == 0 {
			list := []clearance.ListCode{clearance.ListSDN, clearance.ListEntity}[rnd.IntN(2)]
			c.listed[p] = []clearance.Hit{listing(p, list, "SDGT")}
		}
	}
	return c
}

// group adds one corporate group and returns its companies.
func (c *corporate) group(rnd *rand.Rand, newParty func() string, people, funds, earlier []string) []string {
	size := 1 + int(rnd.ExpFloat64()*5)
	members := make([]string, size)
	for i := range members {
		members[i] = newParty()
		switch {
		case i == 0:
			for range 1 + rnd.IntN(3) {
				c.add(rnd, people[rnd.IntN(len(people))], members[i], 10+rnd.IntN(60))
			}
		default:
			parent := members[rnd.IntN(i)]
			c.add(rnd, parent, members[i], 51+rnd.IntN(50))
			if rnd.IntN(100) == 0 {
				c.add(rnd, members[i], parent, 1+rnd.IntN(20)) // a cross-holding: a cycle
			}
		}
		if rnd.IntN(2) == 0 {
			c.add(rnd, funds[rnd.IntN(len(funds))], members[i], 1+rnd.IntN(10))
		}
		if len(earlier) > 0 && rnd.IntN(20) == 0 {
			c.add(rnd, earlier[rnd.IntN(len(earlier))], members[i], 5+rnd.IntN(30))
		}
	}
	return members
}

// add adds a stake, of unknown size 3% of the time, restated 5% of the time.
func (c *corporate) add(rnd *rand.Rand, owner, owned string, pct int) {
	e := clearance.OwnershipEdge{Owner: owner, Owned: owned, Stake: clearance.Percent(float64(pct)), AsOf: "2024-06-30", Source: "registry"}
	if rnd.IntN(100) < 3 {
		e.Stake = clearance.Stake{}
	}
	c.edges = append(c.edges, e)
	if rnd.IntN(100) < 5 {
		e.AsOf, e.Stake = "2025-06-30", clearance.Percent(float64(rnd.IntN(101)))
		c.edges = append(c.edges, e)
	}
}

// finder builds the world's graph and a finder resolving names through
// its listings, every name resolved.
func (c *corporate) finder(tb testing.TB) *Finder {
	b := NewBuilder()
	for _, e := range c.edges {
		if err := b.Add(e); err != nil {
			tb.Fatal(err)
		}
	}
	w := &world{listed: c.listed}
	f, err := NewFinder(b.Graph(), Current, w.resolver(nil), testTerms)
	if err != nil {
		tb.Fatal(err)
	}
	if err := f.names.resolveAll(runtime.GOMAXPROCS(0)); err != nil {
		tb.Fatal(err)
	}
	return f
}

// benchEdges is the size of the benchmarks' graph: the target.
const benchEdges = 1_000_000

var bench struct {
	world  *corporate
	finder *Finder
}

// benchFinder returns the benchmarks' world and finder, built once.
func benchFinder(b *testing.B) (*corporate, *Finder) {
	if bench.finder == nil {
		bench.world = genCorporate(benchEdges, 7)
		bench.finder = bench.world.finder(b)
	}
	return bench.world, bench.finder
}

// BenchmarkBuildGraph: from a million edges to a graph.
func BenchmarkBuildGraph(b *testing.B) {
	w, _ := benchFinder(b)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var g *Graph
	b.ReportAllocs()
	for b.Loop() {
		bd := NewBuilder()
		for _, e := range w.edges {
			bd.Add(e)
		}
		g = bd.Graph()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "graph-MiB")
	b.ReportMetric(float64(g.Edges()), "edges")
}

// BenchmarkFindOne: one party judged under every rule, with its chain,
// parties drawn at random; reports the 99th and 100th percentiles.
func BenchmarkFindOne(b *testing.B) {
	w, f := benchFinder(b)
	rnd := rand.New(rand.NewPCG(3, 4))
	var times []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		p := clearance.Party{Name: w.names[rnd.IntN(len(w.names))], Country: "CN"}
		start := time.Now()
		if _, err := f.Find(p, "2026-11-30"); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(benchmark.Percentile(times, 99).Microseconds()), "p99-µs")
	b.ReportMetric(float64(times[len(times)-1].Microseconds()), "max-µs")
	b.ReportMetric(float64(f.Graph().Len()), "parties")
}

// BenchmarkFindRestricted: as BenchmarkFindOne, for parties the rules
// restrict or cannot clear, whose findings carry chains.
func BenchmarkFindRestricted(b *testing.B) {
	_, f := benchFinder(b)
	all, err := f.Assess("2026-11-30", runtime.GOMAXPROCS(0))
	if err != nil || len(all) == 0 {
		b.Fatal(len(all), err)
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Find(clearance.Party{Name: all[i%len(all)].Party}, "2026-11-30"); err != nil {
			b.Fatal(err)
		}
		i += 7919
	}
	b.ReportMetric(float64(len(all)), "standings")
}

// BenchmarkReevaluate: the full re-evaluation after a list update: 200
// parties of the graph newly listed (the update's new entries), 100
// delisted; every name is probed with the screener against the new entries
// alone, those that match or lost an entry are resolved again, and every
// party is judged under every rule.
func BenchmarkReevaluate(b *testing.B) {
	w, f := benchFinder(b)
	rnd := rand.New(rand.NewPCG(5, 6))
	next := &world{listed: maps(w.listed)}
	var added []*clearance.Entry
	for len(added) < 200 {
		name := w.names[rnd.IntN(len(w.names))]
		if next.listed[name] == nil {
			e := &clearance.Entry{ID: fmt.Sprintf("new-%d", len(added)), Source: clearance.SourceUSCSL, List: clearance.ListEntity,
				Name: name, Names: []clearance.Name{{Value: name, Kind: clearance.NamePrimary}}}
			added = append(added, e)
			next.listed[name] = []clearance.Hit{listing(name, clearance.ListEntity)}
		}
	}
	removed := map[string]bool{}
	for name := range w.listed {
		if len(removed) == 100 {
			break
		}
		removed[w.listed[name][0].EntryID] = true
		delete(next.listed, name)
	}
	sc, err := clearance.NewScreener(added, nil)
	if err != nil {
		b.Fatal(err)
	}
	opts := match.DefaultOptions()
	probe := func(name string) ([]clearance.Hit, error) {
		s, err := sc.Screen(clearance.Query{Name: name}, opts)
		if err != nil {
			return nil, err
		}
		return s.Hits, nil
	}
	workers := runtime.GOMAXPROCS(0)
	var standings int
	var relist, assess time.Duration
	from, cpuErr := benchmark.SampleCPU()
	for b.Loop() {
		start := time.Now()
		g, err := f.Relist(next.resolver(nil), probe, func(id string) bool { return removed[id] }, workers)
		if err != nil {
			b.Fatal(err)
		}
		relist += time.Since(start)
		start = time.Now()
		all, err := g.Assess("2026-11-30", workers)
		if err != nil {
			b.Fatal(err)
		}
		assess += time.Since(start)
		standings = len(all)
	}
	ops := float64(b.N)
	if to, err := benchmark.SampleCPU(); err == nil && cpuErr == nil {
		// The machine may be shared: the process's own CPU time, and the
		// CPUs other processes kept busy, say what the wall time means.
		b.ReportMetric((to.Self-from.Self).Seconds()/ops, "cpu-s/op")
		b.ReportMetric(benchmark.OtherLoad(from, to), "other-cpus")
	}
	b.ReportMetric(relist.Seconds()/ops, "relist-s/op")
	b.ReportMetric(assess.Seconds()/ops, "assess-s/op")
	b.ReportMetric(float64(f.Graph().Len()), "parties")
	b.ReportMetric(float64(standings), "standings")
}

func maps(m map[string][]clearance.Hit) map[string][]clearance.Hit {
	out := make(map[string][]clearance.Hit, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestCorporateWorld: the generator makes what the benchmarks claim:
// about the edges asked for, cycles, unknown stakes, restated pairs, and
// parties restricted several links below a listed one.
func TestCorporateWorld(t *testing.T) {
	w := genCorporate(20_000, 1)
	if len(w.edges) < 20_000 || len(w.edges) > 20_200 {
		t.Errorf("%d edges, want about 20,000", len(w.edges))
	}
	f := w.finder(t)
	unknown, restated, cycles := 0, 0, 0
	owns := map[[2]int32]bool{}
	for _, p := range f.graph.pairs {
		owns[[2]int32{p.owner, p.owned}] = true
	}
	for _, p := range f.graph.pairs {
		if owns[[2]int32{p.owned, p.owner}] {
			cycles++
		}
		if p.end-p.first > 1 {
			restated++
		}
		if !f.graph.stmts[p.first].stake.Known() {
			unknown++
		}
	}
	all, err := f.Assess("2026-11-30", 2)
	if err != nil {
		t.Fatal(err)
	}
	deep := 0
	for _, s := range all {
		deep = max(deep, len(s.Finding.Chain))
	}
	if unknown == 0 || restated == 0 || cycles == 0 || len(all) == 0 || deep < 3 {
		t.Errorf("%d unknown stakes, %d restated pairs, %d stakes in cycles, %d standings, longest chain %d", unknown, restated, cycles, len(all), deep)
	}
}

// BenchmarkFindDeepChain: a party at the foot of a chain of 10,000 wholly
// owned companies below a listed one, its finding 10,000 steps long.
func BenchmarkFindDeepChain(b *testing.B) {
	w := edges().list("X", clearance.ListSDN)
	prev := "X"
	for i := range 10_000 {
		name := "Sub " + strconv.Itoa(i)
		w.add(prev+" > "+name+" : 100", "2025-06-30", "registry")
		prev = name
	}
	f := w.finder(b)
	b.ReportAllocs()
	for b.Loop() {
		fs, err := f.Find(clearance.Party{Name: prev}, "2026-11-30")
		if err != nil || len(fs) == 0 || len(fs[0].Chain) != 10_000 {
			b.Fatal(len(fs), err)
		}
	}
}

var writeWorld = flag.String("write-world", "", "write the benchmarks' million-edge world as an ownership CSV `file` (for timing the commands)")

// TestWriteWorld writes the benchmarks' world as an ownership file when
// -write-world is given: go test ./ownership -run TestWriteWorld -write-world /tmp/world.csv
func TestWriteWorld(t *testing.T) {
	if *writeWorld == "" {
		t.Skip("no -write-world file")
	}
	f, err := os.Create(*writeWorld)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(clearance.OwnershipColumns)
	for _, e := range genCorporate(benchEdges, 7).edges {
		w.Write([]string{e.Owner, e.Owned, e.Stake.Number(), e.AsOf, e.Source})
	}
	w.Flush()
	if err := cmp.Or(w.Error(), f.Close()); err != nil {
		t.Fatal(err)
	}
}
