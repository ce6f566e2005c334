package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
	"github.com/clearancehq/clearance/match"
)

// BenchCmd measures screening speed against the active lists.
type BenchCmd struct {
	Names      int    `name:"names" default:"20000" help:"How many generated names to screen (or to write with --write-names)."`
	Real       string `name:"real" type:"existingfile" placeholder:"FILE" help:"Also screen real names: a CSV (.csv) with a name column (else the first column whose header ends in \"name\"), or a text file of one name per line."`
	Seed       uint64 `name:"seed" default:"1" help:"Seed of the name generator."`
	JSON       bool   `name:"json" help:"Print JSON."`
	WriteNames string `name:"write-names" placeholder:"FILE" help:"Write --names generated names as a batch input CSV (id,name,country,type) to FILE and exit."`
	CPUProfile string `name:"cpuprofile" placeholder:"FILE" help:"Write a CPU profile of the whole run, start-up included, to FILE."`
	Growth     []int  `name:"growth" placeholder:"N,N,..." help:"Also measure how the cost grows with the lists: screen the generated names against the lists replicated N times (perturbed names) and against random samples of 1/N of them, e.g. 1,4,16, and fit the exponents."`
}

// benchReport is what bench measured; --json prints it as is.
type benchReport struct {
	Machine      benchMachine           `json:"machine"`
	Versions     []clearance.VersionRef `json:"list_versions"`
	Entries      int                    `json:"entries"`
	IndexedNames int                    `json:"indexed_names"`
	Startup      benchStartup           `json:"startup"`
	Runs         []benchRun             `json:"runs"`
	PeakRSS      int64                  `json:"peak_rss_bytes"`
	Targets      []benchTarget          `json:"targets"`
	Growth       *benchGrowth           `json:"growth,omitempty"`
}

type benchMachine struct {
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	CPUModel   string `json:"cpu_model"`
	Go         string `json:"go"`
	OS         string `json:"os"`
	// Pace is how fast the machine ran when the bench began (memory
	// latency and arithmetic), to compare runs on a shared machine by.
	Pace benchmark.Pace `json:"pace"`
}

// benchStartup is the time from nothing to a ready screener, by step.
type benchStartup struct {
	OpenStore time.Duration `json:"open_store_ns"`
	Load      time.Duration `json:"load_entries_ns"`
	Index     time.Duration `json:"build_index_ns"`
	Total     time.Duration `json:"total_ns"`
	// CPU is the CPU time the process spent on it, and OtherLoad how many
	// CPUs other processes kept busy meanwhile: on a shared machine the
	// wall times above grow with the others' load, the CPU time much less.
	// Both are zero on a first run, which imports the shipped lists.
	CPU       time.Duration `json:"cpu_ns,omitempty"`
	OtherLoad float64       `json:"other_load_cpus,omitempty"`
	// FirstRunImport is the import of the shipped snapshot into an empty
	// store, which happens once per installation and is not start-up.
	FirstRunImport time.Duration `json:"first_run_import_ns,omitempty"`
}

// benchRun is one set of names screened sequentially, then in parallel.
type benchRun struct {
	Set        string            `json:"set"` // generated or real
	Names      int               `json:"names"`
	Hits       int               `json:"hits"`
	HitRate    float64           `json:"hit_rate"`
	Latency    benchmark.Latency `json:"latency"`
	Allocs     benchmark.Allocs  `json:"allocs"`
	Workers    int               `json:"workers"`
	Throughput float64           `json:"throughput_per_s"`
	// OtherLoad is how many CPUs other processes kept busy meanwhile, on
	// average: figures taken on a busy machine understate the code.
	OtherLoad float64 `json:"other_load_cpus"`
}

type benchTarget struct {
	What     string `json:"what"`
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Met      bool   `json:"met"`
}

// Run loads the lists, timing each step, then screens the names.
func (c *BenchCmd) Run(app *App) error {
	if c.Names < 0 {
		return clearance.Errorf(clearance.Invalid, "--names %d: want zero or more", c.Names)
	}
	opts, err := app.matchOptions(nil)
	if err != nil {
		return err
	}
	var real []string
	if c.Real != "" {
		if real, err = readNames(c.Real); err != nil {
			return err
		}
	}
	if c.CPUProfile != "" {
		stop, err := startCPUProfile(c.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	rep := benchReport{Machine: benchMachine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		CPUModel: benchmark.CPUModel(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH,
		Pace: benchmark.MeasurePace()}}
	// The pace's buffer goes back before the start-up is timed.
	debug.FreeOSMemory()
	cpuFrom, cpuErr := benchmark.SampleCPU()
	unboundLoad := boundLoadMemory() // as App.Screener loads
	defer func() { unboundLoad() }()
	entries, err := c.load(app, &rep)
	if err != nil {
		return err
	}
	listed := benchmark.ListedNames(entries)
	if c.WriteNames != "" {
		return writeNames(c.WriteNames, benchmark.NewGenerator(c.Seed, listed), c.Names)
	}
	start := time.Now()
	s, err := clearance.NewScreener(entries, rep.Versions)
	if err != nil {
		return err
	}
	rep.Startup.Index = time.Since(start)
	unboundLoad()
	unboundLoad = func() {}
	rep.Startup.Total = rep.Startup.OpenStore + rep.Startup.Load + rep.Startup.Index
	if cpuTo, err := benchmark.SampleCPU(); err == nil && cpuErr == nil && rep.Startup.FirstRunImport == 0 {
		rep.Startup.CPU = cpuTo.Self - cpuFrom.Self
		rep.Startup.OtherLoad = benchmark.OtherLoad(cpuFrom, cpuTo)
	}
	rep.Entries, rep.IndexedNames = s.Entries(), s.Index().Len()
	generated := benchmark.Generate(c.Seed, listed, c.Names)
	names := benchmark.Texts(generated)
	entries, listed = nil, nil // what is left in memory is the screener's
	// The names are screened under the memory bound a batch sets, which
	// the peak RSS target is about.
	unbound := boundMemory()
	workers := max(1, app.cfg.Workers)
	rep.Runs = append(rep.Runs, benchNames(app, s, opts, "generated", names, workers))
	if real != nil {
		rep.Runs = append(rep.Runs, benchNames(app, s, opts, "real", real, workers))
	}
	rep.PeakRSS, _ = benchmark.PeakRSS() // 0 where not reported
	unbound()                            // the replicated lists need more
	rep.Targets = benchTargets(rep)
	if len(c.Growth) > 0 {
		s = nil // the replicated lists need the room
		if rep.Growth, err = c.growth(app, opts, generated); err != nil {
			return err
		}
	}
	if c.JSON {
		return writeJSON(app.stdout, rep)
	}
	printBench(app.stdout, rep)
	if rep.Growth != nil {
		printGrowth(app.stdout, rep.Growth)
	}
	return nil
}

// load opens the store and reads the active version of every source, as
// clearance.LoadScreener does, timing the two steps apart.
func (c *BenchCmd) load(app *App, rep *benchReport) ([]*clearance.Entry, error) {
	start := time.Now()
	st, err := app.Store()
	if err != nil {
		return nil, err
	}
	rep.Startup.OpenStore = time.Since(start)
	if vs, err := st.Versions(app.ctx, ""); err != nil {
		return nil, err
	} else if len(vs) == 0 {
		start = time.Now()
		if _, err := app.ReadyStore(); err != nil {
			return nil, err
		}
		rep.Startup.FirstRunImport = time.Since(start)
	}
	start = time.Now()
	entries, refs, err := clearance.LoadEntries(app.ctx, st)
	if err != nil {
		return nil, err
	}
	rep.Versions = refs
	rep.Startup.Load = time.Since(start)
	return entries, nil
}

// benchNames screens names one at a time, timing each, then all of them on
// workers goroutines. A short warm-up first fills the caches that the first
// queries would otherwise pay for.
func benchNames(app *App, s *clearance.Screener, opts match.Options, set string, names []string, workers int) benchRun {
	screen := func(name string) bool {
		res, err := s.Screen(clearance.Query{Name: name}, opts)
		return err == nil && len(res.Hits) > 0
	}
	for _, n := range names[:min(len(names), 200)] {
		screen(n)
	}
	run := benchRun{Set: set, Names: len(names), Workers: workers}
	cpuFrom, cpuErr := benchmark.SampleCPU()
	hit := make([]bool, len(names))
	prog := newProgress(app.stderr, "screening "+set+" names one by one")
	lat, allocs := benchmark.Sequential(len(names), func(i int) {
		hit[i] = screen(names[i])
		if i%256 == 255 {
			prog.add(256)
		}
	})
	prog.finish()
	run.Latency, run.Allocs = benchmark.Summarize(lat), allocs
	for _, h := range hit {
		if h {
			run.Hits++
		}
	}
	if len(names) > 0 {
		run.HitRate = float64(run.Hits) / float64(len(names))
	}
	prog = newProgress(app.stderr, fmt.Sprintf("screening %s names on %d workers", set, workers))
	var done atomic.Int64
	took := benchmark.Parallel(len(names), workers, func(i int) {
		screen(names[i])
		if done.Add(1)%256 == 0 {
			prog.add(256)
		}
	})
	prog.finish()
	if took > 0 {
		run.Throughput = float64(len(names)) / took.Seconds()
	}
	if cpuTo, err := benchmark.SampleCPU(); err == nil && cpuErr == nil {
		run.OtherLoad = benchmark.OtherLoad(cpuFrom, cpuTo)
	}
	return run
}

// benchTargets compares the figures with the targets of issue 4.
func benchTargets(rep benchReport) []benchTarget {
	var t []benchTarget
	if len(rep.Runs) > 0 && rep.Runs[0].Names > 0 {
		r := rep.Runs[0]
		t = append(t,
			benchTarget{"single query p50 (generated)", "<= 50 µs", fmtDuration(r.Latency.P50), r.Latency.P50 <= 50*time.Microsecond},
			benchTarget{"single query p99 (generated)", "<= 500 µs", fmtDuration(r.Latency.P99), r.Latency.P99 <= 500*time.Microsecond},
			benchTarget{fmt.Sprintf("throughput, %d workers, in process", r.Workers), ">= 50,000/s (batch target, before CSV I/O)",
				fmtCount(int(r.Throughput)) + "/s", r.Throughput >= 50000})
	}
	t = append(t, benchTarget{"start-up to ready", "<= 1 s", fmtDuration(rep.Startup.Total), rep.Startup.Total <= time.Second})
	if rep.PeakRSS > 0 {
		t = append(t, benchTarget{"peak RSS", "<= 300 MB", fmtMB(rep.PeakRSS), rep.PeakRSS <= 300<<20})
	}
	return t
}

func printBench(w io.Writer, rep benchReport) {
	m := rep.Machine
	fmt.Fprintf(w, "Clearance bench · %d CPUs (%s) · GOMAXPROCS %d · %s %s\n", m.CPUs, orDash(m.CPUModel), m.GOMAXPROCS, m.Go, m.OS)
	fmt.Fprintf(w, "Machine pace: %.0f ns a read from memory (at random over %s), %.2f ns an arithmetic step\n",
		m.Pace.MemoryLatencyNS, fmtMB(benchmark.PaceMemory), m.Pace.StepNS)
	var vs []string
	for _, v := range rep.Versions {
		vs = append(vs, fmt.Sprintf("%s v%d", v.Source, v.Version))
	}
	fmt.Fprintf(w, "Lists: %s · %s entries, %s names indexed\n\n", strings.Join(vs, ", "), fmtCount(rep.Entries), fmtCount(rep.IndexedNames))
	st := rep.Startup
	line := func(label string, values ...string) {
		fmt.Fprintf(w, "%-22s", label)
		for _, v := range values {
			fmt.Fprintf(w, " %16s", v)
		}
		fmt.Fprintln(w)
	}
	line("Start-up to ready", fmtDuration(st.Total))
	line("  open store", fmtDuration(st.OpenStore))
	line("  load entries", fmtDuration(st.Load))
	line("  build index", fmtDuration(st.Index))
	if st.CPU > 0 {
		line("  CPU time", fmtDuration(st.CPU))
		line("  others' load", fmt.Sprintf("%.2f CPUs", st.OtherLoad))
	}
	if st.FirstRunImport > 0 {
		line("(first-run import)", fmtDuration(st.FirstRunImport))
	}
	fmt.Fprintln(w)
	row := func(label string, f func(r benchRun) string) {
		var vs []string
		for _, r := range rep.Runs {
			vs = append(vs, f(r))
		}
		line(label, vs...)
	}
	row("", func(r benchRun) string { return r.Set })
	row("names", func(r benchRun) string { return fmtCount(r.Names) })
	row("potential matches", func(r benchRun) string { return fmt.Sprintf("%.1f%%", 100*r.HitRate) })
	row("latency p50", func(r benchRun) string { return fmtDuration(r.Latency.P50) })
	row("latency p90", func(r benchRun) string { return fmtDuration(r.Latency.P90) })
	row("latency p99", func(r benchRun) string { return fmtDuration(r.Latency.P99) })
	row("latency max", func(r benchRun) string { return fmtDuration(r.Latency.Max) })
	row("latency mean", func(r benchRun) string { return fmtDuration(r.Latency.Mean) })
	row("allocs/query", func(r benchRun) string { return fmtCount(int(r.Allocs.Objects + 0.5)) })
	row("bytes/query", func(r benchRun) string { return fmtMB(int64(r.Allocs.Bytes)) })
	row("throughput", func(r benchRun) string { return fmtCount(int(r.Throughput)) + "/s" })
	row("  on workers", func(r benchRun) string { return strconv.Itoa(r.Workers) })
	row("other processes' load", func(r benchRun) string { return fmt.Sprintf("%.2f CPUs", r.OtherLoad) })
	fmt.Fprintln(w)
	line("Peak RSS", fmtMB(rep.PeakRSS))
	for _, r := range rep.Runs {
		if r.OtherLoad >= 0.2 {
			fmt.Fprintf(w, "\nWarning: other processes kept %.2f CPUs busy during the %s run: its figures understate the code.\n",
				r.OtherLoad, r.Set)
		}
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tGOAL\tMEASURED\t")
	for _, t := range rep.Targets {
		met := "not met"
		if t.Met {
			met = "met"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.What, t.Target, t.Measured, met)
	}
	tw.Flush()
}

// fmtDuration prints a duration with three significant digits in the unit
// that suits it.
func fmtDuration(d time.Duration) string {
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%d ns", d)
	case d < time.Millisecond:
		return fmt.Sprintf("%.3g µs", float64(d)/1e3)
	case d < time.Second:
		return fmt.Sprintf("%.3g ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.3g s", d.Seconds())
}

func fmtMB(b int64) string {
	switch {
	case b < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(b)/(1<<10))
	case b < 10<<20:
		return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.0f MB", float64(b)/(1<<20))
}

// fmtCount prints n with thousands separators.
func fmtCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// startCPUProfile writes a CPU profile to path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, clearance.Errorf(clearance.Invalid, "cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeNames writes n generated names as a batch input file.
func writeNames(path string, g *benchmark.Generator, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return clearance.Errorf(clearance.Invalid, "write names: %w", err)
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	w := csv.NewWriter(bw)
	w.Write([]string{"id", "name", "country", "type"})
	for i := range n {
		nm := g.Next()
		w.Write([]string{strconv.Itoa(i + 1), nm.Text, nm.Country, nm.Kind})
	}
	w.Flush()
	err = errors.Join(w.Error(), bw.Flush(), f.Close())
	if err != nil {
		return clearance.Errorf(clearance.Invalid, "write names to %s: %w", path, err)
	}
	return nil
}

// readNames reads the names of a --real file: the name column of a CSV, or
// every non-blank line of a text file.
func readNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "open %s: %w", path, err)
	}
	defer f.Close()
	var names []string
	if !strings.EqualFold(filepath.Ext(path), ".csv") {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if n := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff")); n != "" {
				names = append(names, n)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, clearance.Errorf(clearance.Invalid, "read %s: %w", path, err)
		}
		return names, nil
	}
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "%s: %w", path, err)
	}
	col := nameColumn(header)
	if col < 0 {
		return nil, clearance.Errorf(clearance.Invalid, "%s line 1: no name column in header %q", path, strings.Join(header, ","))
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return names, nil
		}
		if err != nil {
			return nil, clearance.Errorf(clearance.Invalid, "%s: %w", path, err)
		}
		if col < len(rec) {
			if n := strings.TrimSpace(rec[col]); n != "" {
				names = append(names, n)
			}
		}
	}
}

// nameColumn is the column called name, else the first whose header ends
// in "name" ("full_name", "Organization Name"), else -1.
func nameColumn(header []string) int {
	first := -1
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "name" {
			return i
		}
		if first < 0 && strings.HasSuffix(h, "name") {
			first = i
		}
	}
	return first
}
