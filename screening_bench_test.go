package clearance_test

import (
	"cmp"
	"compress/gzip"
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
	"github.com/clearancehq/clearance/defaultdata"
	"github.com/clearancehq/clearance/lists/ofac"
	"github.com/clearancehq/clearance/lists/ofacxml"
	"github.com/clearancehq/clearance/lists/uk"
	"github.com/clearancehq/clearance/lists/un"
	"github.com/clearancehq/clearance/lists/uscsl"
	"github.com/clearancehq/clearance/match"
)

// benchQueries are representative single queries against the shipped
// lists, each with whether it must find a potential match at the default
// threshold (checked before timing, so that a name that stopped matching
// does not quietly measure something else).
var benchQueries = []struct {
	name  string
	query string
	hit   bool
}{
	{"exact_hit", "Hangzhou Hikvision Digital Technology Co., Ltd.", true},
	{"fuzzy_hit", "Hangzou Hikvison Digital Technology", true},
	{"person_hit", "Sergei Chemezov", true},
	{"no_hit_person", "Patricia Lucas Wheeler", false},
	{"no_hit_company", "Quillfeather Orchards Ltd", false},
	{"long_company", "Shenzhen Huaxin Precision Electronics Technology Import and Export Trading Co., Ltd.", false},
	{"chinese_script", "华为技术有限公司", true},
}

// BenchmarkScreen measures one query at a time on the shipped lists with the
// default options (run with -benchmem, or see ReportAllocs).
func BenchmarkScreen(b *testing.B) {
	s := shippedScreener(b)
	opts := match.DefaultOptions()
	for _, bq := range benchQueries {
		b.Run(bq.name, func(b *testing.B) {
			q := clearance.Query{Name: bq.query}
			checkHit(b, s, q, opts, bq.hit)
			b.ReportAllocs()
			cpu := startCPUTime()
			for b.Loop() {
				if _, err := s.Screen(q, opts); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
	}
}

// BenchmarkScreenGenerated screens 20,000 generated names (as `clearance
// bench` makes them, a fifth of them mutated listed names) one at a time:
// the mean cost of a query over a realistic mix, with its CPU time, which
// a noisy machine disturbs less than wall time.
func BenchmarkScreenGenerated(b *testing.B) {
	s := shippedScreener(b)
	names := benchmark.Texts(benchmark.Generate(1, benchmark.ListedNames(shippedEntries(b)), 20000))
	opts := match.DefaultOptions()
	b.ReportAllocs()
	cpu := startCPUTime()
	i := 0
	for b.Loop() {
		if _, err := s.Screen(clearance.Query{Name: names[i%len(names)]}, opts); err != nil {
			b.Fatal(err)
		}
		i++
	}
	cpu.report(b)
}

// BenchmarkScreenParallel screens the same queries round robin on
// GOMAXPROCS goroutines: the in-process throughput ceiling of a batch.
func BenchmarkScreenParallel(b *testing.B) {
	s := shippedScreener(b)
	opts := match.DefaultOptions()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := s.Screen(clearance.Query{Name: benchQueries[i%len(benchQueries)].query}, opts); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// cpuTime measures the CPU time the process spends, which, unlike wall
// time, does not grow when other processes share the machine's cores.
type cpuTime struct{ start time.Duration }

func startCPUTime() cpuTime { return cpuTime{processCPU()} }

// report adds the CPU time per operation to the benchmark's output.
func (c cpuTime) report(b *testing.B) {
	b.ReportMetric(float64(processCPU()-c.start)/float64(b.N), "cpu-ns/op")
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func checkHit(b *testing.B, s *clearance.Screener, q clearance.Query, opts match.Options, want bool) {
	b.Helper()
	res, err := s.Screen(q, opts)
	if err != nil {
		b.Fatal(err)
	}
	if got := len(res.Hits) > 0; got != want {
		b.Fatalf("Screen(%q): potential match = %v, want %v: pick another representative name", q.Name, got, want)
	}
}

var shipped struct {
	once    sync.Once
	s       *clearance.Screener
	entries []*clearance.Entry
	err     error
}

// shippedScreener returns a screener over the shipped snapshot, built once
// per test binary straight from the embedded files (no store, no data
// directory), outside any benchmark's timer.
func shippedScreener(tb testing.TB) *clearance.Screener {
	tb.Helper()
	if b, ok := tb.(*testing.B); ok {
		b.StopTimer()
		defer b.StartTimer()
	}
	shipped.once.Do(func() { shipped.s, shipped.entries, shipped.err = loadShipped(context.Background()) })
	if shipped.err != nil {
		tb.Fatal(shipped.err)
	}
	return shipped.s
}

var shippedFormats = map[string]clearance.Format{
	"csl": uscsl.Format, "ofac": ofac.Format, "ofac-xml": ofacxml.Format, "un": un.Format, "uk": uk.Format,
}

// loadShipped parses every shipped snapshot and indexes the entries in the
// order a store returns them: by source, then by entry id.
func loadShipped(ctx context.Context) (*clearance.Screener, []*clearance.Entry, error) {
	snaps := slices.Clone(defaultdata.Snapshots)
	slices.SortFunc(snaps, func(a, b defaultdata.Snapshot) int { return cmp.Compare(a.Source, b.Source) })
	var entries []*clearance.Entry
	var refs []clearance.VersionRef
	for _, snap := range snaps {
		got, res, err := parseSnapshot(ctx, snap)
		if err != nil {
			return nil, nil, err
		}
		entries = append(entries, got...)
		published := cmp.Or(res.Published, snap.Published)
		refs = append(refs, clearance.VersionRef{Source: snap.Source, Version: 1, Published: published})
	}
	s, err := clearance.NewScreener(entries, refs)
	return s, entries, err
}

// shippedEntries returns the entries shippedScreener indexes.
func shippedEntries(tb testing.TB) []*clearance.Entry {
	shippedScreener(tb)
	return shipped.entries
}

// parseSnapshot parses one shipped snapshot into valid entries without
// their raw records, in id order.
func parseSnapshot(ctx context.Context, snap defaultdata.Snapshot) ([]*clearance.Entry, clearance.ParseResult, error) {
	f, ok := shippedFormats[snap.Format]
	if !ok {
		return nil, clearance.ParseResult{}, fmt.Errorf("shipped %s: unknown format %q", snap.Source, snap.Format)
	}
	var files []clearance.File
	for _, p := range snap.Paths {
		rc, err := defaultdata.FS().Open(p)
		if err != nil {
			return nil, clearance.ParseResult{}, err
		}
		defer rc.Close()
		gz, err := gzip.NewReader(rc)
		if err != nil {
			return nil, clearance.ParseResult{}, fmt.Errorf("%s: %w", p, err)
		}
		files = append(files, clearance.File{Name: strings.TrimSuffix(path.Base(p), ".gz"), R: gz})
	}
	var got []*clearance.Entry
	res, err := f.Parse(ctx, files, func(e *clearance.Entry) error {
		if err := e.Validate(); err != nil {
			return err
		}
		e.Raw = nil
		got = append(got, e)
		return nil
	})
	if err != nil {
		return nil, res, fmt.Errorf("shipped %s: %w", snap.Source, err)
	}
	slices.SortFunc(got, func(a, b *clearance.Entry) int { return cmp.Compare(a.ID, b.ID) })
	return got, res, nil
}

// BenchmarkNewScreener measures building the index over the shipped
// lists' entries, already decoded: the part of start-up and of every
// reload after an import that is not reading the store.
func BenchmarkNewScreener(b *testing.B) {
	ctx := context.Background()
	snaps := slices.Clone(defaultdata.Snapshots)
	slices.SortFunc(snaps, func(a, b defaultdata.Snapshot) int { return cmp.Compare(a.Source, b.Source) })
	var entries []*clearance.Entry
	for _, snap := range snaps {
		got, _, err := parseSnapshot(ctx, snap)
		if err != nil {
			b.Fatal(err)
		}
		entries = append(entries, got...)
	}
	b.ReportAllocs()
	cpu := startCPUTime()
	for b.Loop() {
		if _, err := clearance.NewScreener(entries, nil); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
}
