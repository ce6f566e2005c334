package benchmark

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ten := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i + 1)
	}
	tests := []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{nil, 50, 0},
		{[]time.Duration{7}, 50, 7},
		{[]time.Duration{7}, 99, 7},
		{ten, 50, 5},
		{ten, 90, 9},
		{ten, 99, 10},
		{ten, 100, 10},
		{ten, 1, 1},
		{hundred, 50, 50},
		{hundred, 90, 90},
		{hundred, 99, 99},
		{hundred, 99.5, 100},
	}
	for _, tt := range tests {
		if got := Percentile(tt.sorted, tt.p); got != tt.want {
			t.Errorf("Percentile(%d values, %v) = %v, want %v", len(tt.sorted), tt.p, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	d := []time.Duration{9, 1, 5, 3, 7, 2, 8, 4, 6, 10}
	got := Summarize(d)
	want := Latency{N: 10, Min: 1, P50: 5, P90: 9, P99: 10, Max: 10, Mean: 5}
	if got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
	if d[0] != 9 {
		t.Errorf("Summarize sorted its input")
	}
	if got := Summarize(nil); got != (Latency{}) {
		t.Errorf("Summarize(nil) = %+v, want zero", got)
	}
}

func TestStatusField(t *testing.T) {
	status := "Name:\tclearance\nVmPeak:\t  812345 kB\nVmHWM:\t   204800 kB\nVmRSS:\t  100000 kB\n"
	got, err := statusField(strings.NewReader(status), "VmHWM")
	if err != nil || got != 204800<<10 {
		t.Errorf("statusField(VmHWM) = %d, %v; want %d", got, err, 204800<<10)
	}
	if _, err := statusField(strings.NewReader("Name:\tx\n"), "VmHWM"); err == nil {
		t.Errorf("statusField on a status without VmHWM: want an error")
	}
	if _, err := statusField(strings.NewReader("VmHWM:\t12 MB\n"), "VmHWM"); err == nil {
		t.Errorf("statusField with an unexpected unit: want an error")
	}
}

func TestPeakRSS(t *testing.T) {
	rss, err := PeakRSS()
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if rss < 1<<20 {
		t.Errorf("PeakRSS = %d bytes: want at least a megabyte", rss)
	}
}

func TestSequentialAndParallel(t *testing.T) {
	var sink [][]byte
	lat, allocs := Sequential(100, func(i int) { sink = append(sink, make([]byte, 1024)) })
	if len(lat) != 100 {
		t.Fatalf("Sequential(100) gave %d latencies", len(lat))
	}
	if allocs.Objects < 1 || allocs.Bytes < 1024 {
		t.Errorf("Sequential allocating 1 KB per call: %+v, want at least 1 object and 1024 bytes per call", allocs)
	}
	_ = sink
	var calls [1000]int32
	var mu sync.Mutex
	Parallel(len(calls), 4, func(i int) { mu.Lock(); calls[i]++; mu.Unlock() })
	for i, c := range calls {
		if c != 1 {
			t.Fatalf("Parallel called f(%d) %d times, want once", i, c)
		}
	}
}
