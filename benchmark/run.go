package benchmark

import (
	"bufio"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Allocs is the heap allocation of one call, averaged over a run.
type Allocs struct {
	Objects float64 `json:"allocs_per_op"`
	Bytes   float64 `json:"bytes_per_op"`
}

// Sequential calls f(0), f(1) ... f(n-1) one after another on the calling
// goroutine and returns the latency of each call and the heap allocation
// per call. The clock is read around each call only, so the loop's own
// cost is not counted; allocations come from runtime.MemStats before and
// after the run and include anything else the process allocated meanwhile.
func Sequential(n int, f func(i int)) ([]time.Duration, Allocs) {
	lat := make([]time.Duration, n)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range n {
		start := time.Now()
		f(i)
		lat[i] = time.Since(start)
	}
	runtime.ReadMemStats(&after)
	var a Allocs
	if n > 0 {
		a.Objects = float64(after.Mallocs-before.Mallocs) / float64(n)
		a.Bytes = float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
	}
	return lat, a
}

// Parallel calls f(i) once for each i in [0,n) on workers goroutines and
// returns the wall time of the whole run. Calls are handed out in small
// chunks, so a slow call holds up no other worker.
func Parallel(n, workers int, f func(i int)) time.Duration {
	const chunk = 16
	var next atomic.Int64
	var wg sync.WaitGroup
	runtime.GC()
	start := time.Now()
	for range max(1, workers) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					f(i)
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// CPUModel returns the processor's model name as /proc/cpuinfo gives it,
// or "" where it is not known.
func CPUModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, value, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return ""
}
