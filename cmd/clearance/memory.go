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
// found plus half of it or 64 MiB, whichever is more, and at least
// 250 MiB: the collector then runs a little more often (a batch of the
// shipped lists measured 0-10% slower, at 290 MB instead of 390-420 MB),
// and never against a limit below what is live. restore puts the limit
// back as it was.
func boundMemory() (restore func()) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return func() {}
	}
	live := s[0].Value.Uint64()
	limit := max(250<<20, live+max(64<<20, live/2))
	if limit >= math.MaxInt64 {
		return func() {}
	}
	return softMemoryLimit(int64(limit))
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
