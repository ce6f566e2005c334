package main

import (
	"context"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"

	"github.com/clearancehq/clearance"
)

// boundMemory sets a soft memory limit for a long run over a loaded
// screener (batch), unless GOMEMLIMIT sets one: the live heap then is the
// screener and the few rows in flight, and with the collector's default
// (GOGC=100) the heap would grow to twice it between collections, well
// past the memory the lists need (a 1,000,000-row batch peaked at 420 MB
// over a 160 MB live heap). The limit is the live heap the last collection
// found plus 64 MiB, and at least 250 MiB: the collector then runs a
// little more often (a batch of the shipped lists measured 0-10% slower,
// at 290 MB instead of 390-420 MB), and never against a limit below what
// is live. Once the live heap passes 256 MiB (lists several times the
// shipped ones) the room is half of it, as a collection then marks so much
// that it must run less often.
//
// The last collection ran while the lists loaded, and what it found live
// includes some of the build's garbage: 138-182 MiB for the shipped lists
// from run to run. A room of half that, as before, set the limit at 270
// MiB in the runs that found 180 MiB, and those batches peaked at 311,336
// KiB of RSS instead of 291,764-293,356.
func boundMemory() (restore func()) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return func() {}
	}
	limit := batchMemoryLimit(s[0].Value.Uint64())
	if limit >= math.MaxInt64 {
		return func() {}
	}
	return softMemoryLimit(int64(limit))
}

// batchMemoryLimit is the limit boundMemory sets over a live heap of live
// bytes.
func batchMemoryLimit(live uint64) uint64 {
	room := uint64(64 << 20)
	if live >= 256<<20 {
		room = live / 2
	}
	return max(250<<20, live+room)
}

// loadMemoryLimit bounds the memory of loading the screener. The index is
// built amid its own garbage, and how high the heap rises before a
// collection depends on when the collector last ran: the same binary's
// bench peaked at 282-301 MB from run to run. Under this soft limit the
// collector runs before the heap passes it, which the live heap of the
// build stays well below.
const loadMemoryLimit = 250 << 20

// boundLoadMemory sets loadMemoryLimit until restore is called.
func boundLoadMemory() (restore func()) { return softMemoryLimit(loadMemoryLimit) }

// softMemoryLimit sets the soft memory limit, unless GOMEMLIMIT sets one,
// until restore puts the previous one back.
func softMemoryLimit(limit int64) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// loadScreener is clearance.LoadScreener under boundLoadMemory: how the
// one-shot commands load the lists.
func loadScreener(ctx context.Context, st clearance.ListStore) (*clearance.Screener, error) {
	defer boundLoadMemory()()
	return clearance.LoadScreener(ctx, st)
}
