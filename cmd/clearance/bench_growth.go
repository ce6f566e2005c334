package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
	"github.com/clearancehq/clearance/match"
)

// benchGrowth is how the cost of a query grows with the size of the lists.
type benchGrowth struct {
	Steps []growthStep `json:"steps"`
	// Exponent is the slope of log(mean latency) against log(list size),
	// fitted by least squares: 1 means cost grows as the lists do, 0 not
	// at all.
	Exponent float64 `json:"exponent"`
	// ByOrigin is the exponent of the names of each origin (person,
	// company, script, listed) apart.
	ByOrigin map[string]float64 `json:"exponent_by_origin"`
	// Subsets measures the same along the lists' own growth: nested random
	// samples of the lists' entries, 1/N of them for each scale N, so that
	// the replication's model of growth can be checked against the real
	// lists' (how their dictionary grows with their names, and the cost).
	Subsets        []growthStep `json:"subsets"`
	SubsetExponent float64      `json:"subset_exponent"`
}

type growthStep struct {
	Scale     int               `json:"scale"` // as replicated; in Subsets, the lists are divided by it
	Entries   int               `json:"entries"`
	Names     int               `json:"indexed_names"`
	Terms     int               `json:"dictionary_terms"`
	Index     time.Duration     `json:"build_index_ns"`
	HeapBytes uint64            `json:"heap_bytes"` // live heap with the index built
	Latency   benchmark.Latency `json:"latency"`
	// ByOrigin is the latency of the names of each origin apart.
	ByOrigin map[string]benchmark.Latency `json:"latency_by_origin"`
}

// growth screens names against the active lists replicated at each scale.
func (c *BenchCmd) growth(app *App, opts match.Options, names []benchmark.Name) (*benchGrowth, error) {
	st, err := app.Store()
	if err != nil {
		return nil, err
	}
	base, refs, err := clearance.LoadEntries(app.ctx, st)
	if err != nil {
		return nil, err
	}
	scales := slices.Clone(c.Growth)
	slices.Sort(scales)
	if scales[0] < 1 {
		return nil, clearance.Errorf(clearance.Invalid, "--growth %d: want 1 or more", scales[0])
	}
	g := &benchGrowth{}
	// First the samples of the lists, the smallest first (their heaps are
	// the smallest): nested, each the head of one shuffle. The whole
	// lists' step is the 1x replication's, when measured.
	sample := slices.Clone(base)
	rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15)).Shuffle(len(sample), func(i, j int) { sample[i], sample[j] = sample[j], sample[i] })
	for _, scale := range slices.Backward(scales) {
		if scale == 1 {
			continue
		}
		step, err := growthAt(app, sample[:max(1, len(sample)/scale)], refs, opts, names)
		if err != nil {
			return nil, err
		}
		step.Scale = scale
		g.Subsets = append(g.Subsets, step)
	}
	for _, scale := range scales {
		step, err := growthAt(app, benchmark.Replicate(base, scale, c.Seed), refs, opts, names)
		if err != nil {
			return nil, err
		}
		step.Scale = scale
		g.Steps = append(g.Steps, step)
	}
	if scales[0] == 1 {
		g.Subsets = append(g.Subsets, g.Steps[0])
	}
	g.Exponent = fitExponent(g.Steps, func(s growthStep) time.Duration { return s.Latency.Mean })
	g.SubsetExponent = fitExponent(g.Subsets, func(s growthStep) time.Duration { return s.Latency.Mean })
	g.ByOrigin = map[string]float64{}
	for o := range g.Steps[0].ByOrigin {
		g.ByOrigin[o] = fitExponent(g.Steps, func(s growthStep) time.Duration { return s.ByOrigin[o].Mean })
	}
	return g, nil
}

func growthAt(app *App, entries []*clearance.Entry, refs []clearance.VersionRef, opts match.Options, names []benchmark.Name) (growthStep, error) {
	start := time.Now()
	s, err := clearance.NewScreener(entries, refs)
	if err != nil {
		return growthStep{}, err
	}
	step := growthStep{Entries: s.Entries(), Names: s.Index().Len(), Terms: s.Index().Terms(), Index: time.Since(start)}
	entries = nil
	runtime.GC()
	runtime.GC() // and what the last step's pools held until the first
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	step.HeapBytes = ms.HeapAlloc
	prog := newProgress(app.stderr, fmt.Sprintf("screening against %s names", fmtCount(step.Names)))
	lat, _ := benchmark.Sequential(len(names), func(i int) {
		_, _ = s.Screen(clearance.Query{Name: names[i].Text}, opts)
		if i%256 == 255 {
			prog.add(256)
		}
	})
	prog.finish()
	step.Latency = benchmark.Summarize(lat)
	byOrigin := map[string][]time.Duration{}
	for i, n := range names {
		byOrigin[n.Origin.String()] = append(byOrigin[n.Origin.String()], lat[i])
	}
	step.ByOrigin = map[string]benchmark.Latency{}
	for o, l := range byOrigin {
		step.ByOrigin[o] = benchmark.Summarize(l)
	}
	return step, nil
}

// termExponent fits how the dictionary grows with the indexed names.
func termExponent(steps []growthStep) float64 {
	if len(steps) < 2 {
		return 0
	}
	first, last := steps[0], steps[len(steps)-1]
	return math.Log(float64(last.Terms)/float64(first.Terms)) / math.Log(float64(last.Names)/float64(first.Names))
}

// fitExponent fits log(y) = a + k*log(indexed names), y being a latency of
// each step.
func fitExponent(steps []growthStep, y func(growthStep) time.Duration) float64 {
	if len(steps) < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for _, s := range steps {
		x, y := math.Log(float64(s.Names)), math.Log(float64(y(s)))
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	n := float64(len(steps))
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / den
}

func printGrowth(w io.Writer, g *benchGrowth) {
	fmt.Fprintln(w, "\nGrowth with the lists (the same generated names, lists replicated with perturbed names)")
	printGrowthSteps(w, "scale", "%dx", g.Steps)
	fmt.Fprintf(w, "Mean latency grows as (list size)^%.2f.\n", g.Exponent)
	fmt.Fprintln(w, "\nAlong the lists' own growth (the same names, nested random samples of the lists' entries)")
	printGrowthSteps(w, "sample", "1/%d", g.Subsets)
	fmt.Fprintf(w, "Mean latency grows as (list size)^%.2f, the dictionary as (names)^%.2f (replicated: ^%.2f).\n", g.SubsetExponent,
		termExponent(g.Subsets), termExponent(g.Steps))
	origins := slices.Sorted(maps.Keys(g.ByOrigin))
	fmt.Fprintln(w, "\nBy origin of the name screened: mean latency at each scale, and its exponent")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "origin\tnames\t")
	for _, s := range g.Steps {
		fmt.Fprintf(tw, "%dx\t", s.Scale)
	}
	fmt.Fprintln(tw, "exponent\t")
	for _, o := range origins {
		fmt.Fprintf(tw, "%s\t%d\t", o, g.Steps[0].ByOrigin[o].N)
		for _, s := range g.Steps {
			fmt.Fprintf(tw, "%s\t", fmtDuration(s.ByOrigin[o].Mean))
		}
		fmt.Fprintf(tw, "%.2f\t\n", g.ByOrigin[o])
	}
	tw.Flush()
}

// printGrowthSteps prints a table of steps, each named by its scale in
// format (a replication's "%dx", a sample's "1/%d").
func printGrowthSteps(w io.Writer, column, format string, steps []growthStep) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, column+"\tentries\tnames\tterms\tbuild index\theap\tp50\tp99\tmean\t")
	for _, s := range steps {
		fmt.Fprintf(tw, format+"\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", s.Scale, fmtCount(s.Entries), fmtCount(s.Names), fmtCount(s.Terms), fmtDuration(s.Index),
			fmtMB(int64(s.HeapBytes)), fmtDuration(s.Latency.P50), fmtDuration(s.Latency.P99), fmtDuration(s.Latency.Mean))
	}
	tw.Flush()
}
