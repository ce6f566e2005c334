package main

import "testing"

// TestBatchMemoryLimit checks the batch's soft limit: 250 MiB over any
// live heap the shipped lists leave (what the last collection of the load
// found ranged 138-182 MiB, and a limit above 250 MiB took RSS past 300
// MiB), 64 MiB of room above a larger one, and half of a heap of 256 MiB
// or more.
func TestBatchMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ live, want uint64 }{
		{0, 250 * mib},
		{138 * mib, 250 * mib},
		{182 * mib, 250 * mib},
		{186 * mib, 250 * mib},
		{200 * mib, 264 * mib},
		{255 * mib, 319 * mib},
		{256 * mib, 384 * mib},
		{1024 * mib, 1536 * mib},
	} {
		if got := batchMemoryLimit(c.live); got != c.want {
			t.Errorf("batchMemoryLimit(%d MiB) = %d MiB, want %d MiB", c.live/mib, got/mib, c.want/mib)
		}
	}
}
