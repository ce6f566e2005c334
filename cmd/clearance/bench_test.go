package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clearancehq/clearance/benchmark"
)

// TestBench runs bench end to end on the shipped lists with a few names.
func TestBench(t *testing.T) {
	dir := shippedData(t)
	tmp := t.TempDir()
	realCSV := filepath.Join(tmp, "real.csv")
	os.WriteFile(realCSV, []byte("\ufeffid,full_name,first_name\n1,Hikvision,\n2,Patricia Lucas Wheeler,Patricia\n3,,\n"), 0o600)

	r := mustRun(t, dir, "bench", "--names", "30", "--real", realCSV, "--json")
	var rep benchReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("bench --json: %v\n%s", err, r.stdout)
	}
	if rep.Entries < 30000 || rep.IndexedNames < rep.Entries || len(rep.Versions) != 5 {
		t.Errorf("bench on the shipped lists: %d entries, %d names, %d versions; want all five lists", rep.Entries, rep.IndexedNames, len(rep.Versions))
	}
	st := rep.Startup
	if st.OpenStore <= 0 || st.Load <= 0 || st.Index <= 0 || st.Total != st.OpenStore+st.Load+st.Index || st.FirstRunImport != 0 {
		t.Errorf("start-up %+v: want each step timed and the total their sum, no import", st)
	}
	if len(rep.Runs) != 2 || rep.Runs[0].Set != "generated" || rep.Runs[0].Names != 30 || rep.Runs[1].Set != "real" || rep.Runs[1].Names != 2 {
		t.Fatalf("runs %+v: want 30 generated names, then the 2 real ones", rep.Runs)
	}
	for _, run := range rep.Runs {
		l := run.Latency
		if l.N != run.Names || l.Min <= 0 || l.Min > l.P50 || l.P50 > l.P90 || l.P90 > l.P99 || l.P99 > l.Max {
			t.Errorf("%s latency %+v: want ordered percentiles over every name", run.Set, l)
		}
		if run.Throughput <= 0 || run.Allocs.Objects <= 0 || run.Workers < 1 {
			t.Errorf("%s run %+v: want throughput and allocations", run.Set, run)
		}
	}
	if rep.Runs[1].Hits != 1 {
		t.Errorf("real names Hikvision and Patricia Lucas Wheeler: %d potential matches, want 1", rep.Runs[1].Hits)
	}
	if rep.PeakRSS < 10<<20 || len(rep.Targets) != 5 {
		t.Errorf("peak RSS %d, %d targets: want a measured RSS and five targets", rep.PeakRSS, len(rep.Targets))
	}

	var table bytes.Buffer
	printBench(&table, rep)
	for _, want := range []string{"Start-up to ready", "build index", "latency p99", "allocs/query", "throughput", "Peak RSS", "single query p50"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("bench table lacks %q:\n%s", want, table.String())
		}
	}
}

// TestBenchWriteNames checks that --write-names writes a batch input that
// batch accepts.
func TestBenchWriteNames(t *testing.T) {
	dir := shippedData(t)
	tmp := t.TempDir()
	a := filepath.Join(tmp, "a.csv")
	mustRun(t, dir, "bench", "--names", "40", "--write-names", a)
	x, _ := os.ReadFile(a)
	rows, err := csv.NewReader(strings.NewReader(string(x))).ReadAll()
	if err != nil || len(rows) != 41 || strings.Join(rows[0], ",") != "id,name,country,type" {
		t.Fatalf("--write-names 40: %d rows, header %q, err %v; want a header and 40 rows", len(rows), rows[0], err)
	}
	out := filepath.Join(tmp, "out.csv")
	r := mustRun(t, dir, "batch", "--in", a, "--out", out)
	if !strings.Contains(r.stderr, "Screened 40 names") {
		t.Errorf("batch on generated names: %s", r.stderr)
	}
}

func TestReadNames(t *testing.T) {
	tmp := t.TempDir()
	tests := []struct {
		file, content string
		want          []string
	}{
		{"names.txt", "\ufeffHikvision\n\n  Sergei Chemezov  \r\n華為\n", []string{"Hikvision", "Sergei Chemezov", "華為"}},
		{"a.csv", "id,name,full_name\n1,\"Huawei, Inc.\",x\n2,,y\n", []string{"Huawei, Inc."}},
		{"b.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-L,0022,IGT,Reno\n", []string{"IGT"}},
	}
	for _, tt := range tests {
		p := filepath.Join(tmp, tt.file)
		os.WriteFile(p, []byte(tt.content), 0o600)
		got, err := readNames(p)
		if err != nil || strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("readNames(%s) = %q, %v; want %q", tt.file, got, err, tt.want)
		}
	}
	p := filepath.Join(tmp, "bad.csv")
	os.WriteFile(p, []byte("id,country\n1,CN\n"), 0o600)
	if _, err := readNames(p); err == nil || !strings.Contains(err.Error(), "no name column") {
		t.Errorf("readNames on a CSV without a name column: %v, want an error saying so", err)
	}
}

// TestFitExponent checks the growth fit on latencies that grow as the
// square root of the list, overall and by origin, and the table printed.
func TestFitExponent(t *testing.T) {
	var g benchGrowth
	for _, scale := range []int{1, 4, 16} {
		mean := time.Duration(100*math.Sqrt(float64(scale))) * time.Microsecond
		g.Steps = append(g.Steps, growthStep{Scale: scale, Names: 1000 * scale, Latency: benchmark.Latency{N: 3, Mean: mean},
			ByOrigin: map[string]benchmark.Latency{"person": {N: 2, Mean: mean}, "listed": {N: 1, Mean: 3 * time.Microsecond}}})
	}
	if k := fitExponent(g.Steps, func(s growthStep) time.Duration { return s.Latency.Mean }); math.Abs(k-0.5) > 0.01 {
		t.Errorf("exponent of latency growing as sqrt(size) = %.3f, want 0.5", k)
	}
	if k := fitExponent(g.Steps, func(s growthStep) time.Duration { return s.ByOrigin["listed"].Mean }); math.Abs(k) > 0.01 {
		t.Errorf("exponent of a flat latency = %.3f, want 0", k)
	}
	g.Exponent, g.ByOrigin = 0.5, map[string]float64{"person": 0.5, "listed": 0}
	// Samples of the lists: names 1,000, 4,000, 16,000 as above, terms
	// growing as names^0.75, latency as the names^0.25.
	for _, scale := range []int{16, 4, 1} {
		names := 16000 / scale
		g.Subsets = append(g.Subsets, growthStep{Scale: scale, Names: names, Terms: int(math.Round(math.Pow(float64(names), 0.75))),
			Latency: benchmark.Latency{N: 3, Mean: time.Duration(1000 * math.Pow(float64(names), 0.25))}})
	}
	for i := range g.Steps {
		g.Steps[i].Terms = g.Steps[i].Names
	}
	g.SubsetExponent = fitExponent(g.Subsets, func(s growthStep) time.Duration { return s.Latency.Mean })
	if math.Abs(g.SubsetExponent-0.25) > 0.01 {
		t.Errorf("exponent of the samples' latency = %.3f, want 0.25", g.SubsetExponent)
	}
	var out bytes.Buffer
	printGrowth(&out, &g)
	for _, want := range []string{"(list size)^0.50", "origin", "listed", "person", "16x", "1/16", "(list size)^0.25, the dictionary as (names)^0.75 (replicated: ^1.00)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("growth table lacks %q:\n%s", want, out.String())
		}
	}
}
