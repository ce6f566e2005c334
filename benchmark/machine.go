package benchmark

import (
	"math/rand/v2"
	"time"
)

// Pace is how fast the machine runs at the moment of a benchmark, apart
// from the code measured: on a shared machine both figures move with what
// the neighbours do, memory latency most, and figures taken at different
// times compare only once read against them.
type Pace struct {
	// MemoryLatencyNS is the time of one read that no cache holds, in
	// nanoseconds: a chain of dependent reads at random over PaceMemory
	// bytes (a TLB miss each, too). A query of the screener makes a few
	// hundred of them, which is most of its cost.
	MemoryLatencyNS float64 `json:"memory_latency_ns"`
	// StepNS is the time of one step of a fixed arithmetic loop that stays
	// in registers, in nanoseconds: the machine's speed where memory does
	// not matter.
	StepNS float64 `json:"arithmetic_step_ns"`
}

// PaceMemory is the span of MeasurePace's reads: far beyond the caches of
// the machines the project runs on (a 32 MB L3).
const PaceMemory = 64 << 20

// MeasurePace measures the machine's pace, in about a third of a second.
// The PaceMemory bytes it allocates are garbage when it returns
// (debug.FreeOSMemory gives them back).
func MeasurePace() Pace {
	return Pace{MemoryLatencyNS: memoryLatency(PaceMemory, 1<<20), StepNS: arithmeticStep(1 << 25)}
}

// memoryLatency chases a random cycle through the cache lines of size
// bytes, reads times, and returns the time of one read in nanoseconds.
func memoryLatency(size, reads int) float64 {
	lines := size / 64
	next := chaseCycle(lines)
	p := uint32(0)
	for range lines / 8 { // warm the page tables the way a query finds them
		p = next[p]
	}
	start := time.Now()
	for range reads {
		p = next[p]
	}
	d := time.Since(start)
	paceSink += p
	return float64(d.Nanoseconds()) / float64(reads)
}

// lineStride is how many uint32s a 64-byte cache line holds.
const lineStride = 16

// chaseCycle returns the chain memoryLatency follows over lines cache
// lines: next[l*lineStride] is the index of the line after line l, all of
// them in one cycle in random order (Sattolo's shuffle), so that a chase
// never settles in a short loop the caches could hold.
func chaseCycle(lines int) []uint32 {
	order := make([]uint32, lines)
	for i := range order {
		order[i] = uint32(i)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := lines - 1; i > 0; i-- {
		j := r.IntN(i) // j < i: Sattolo's, not Fisher-Yates' j <= i
		order[i], order[j] = order[j], order[i]
	}
	next := make([]uint32, lines*lineStride)
	for i, o := range order {
		next[i*lineStride] = o * lineStride
	}
	return next
}

// arithmeticStep times steps of a xorshift-multiply loop, each depending on
// the last, and returns the time of one in nanoseconds.
func arithmeticStep(steps int) float64 {
	x := uint64(88172645463325252)
	start := time.Now()
	for range steps {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		x *= 0x9E3779B97F4A7C15
	}
	d := time.Since(start)
	paceSink += uint32(x)
	return float64(d.Nanoseconds()) / float64(steps)
}

// paceSink keeps the loops' results, so the compiler keeps the loops.
var paceSink uint32
