package benchmark

import "testing"

// TestChaseCycleVisitsEveryLine: the chain memoryLatency follows is one
// cycle through every line, so its reads cannot settle in a short loop
// that the caches hold (a Fisher-Yates shuffle would make several).
func TestChaseCycleVisitsEveryLine(t *testing.T) {
	for _, lines := range []int{2, 3, 1000, 4096} {
		next := chaseCycle(lines)
		seen := make([]bool, lines)
		p := uint32(0)
		for step := range lines {
			l := p / lineStride
			if p%lineStride != 0 || int(l) >= lines || seen[l] {
				t.Fatalf("%d lines: step %d reaches %d, a line seen or not a line's start", lines, step, p)
			}
			seen[l] = true
			p = next[p]
		}
		if p != 0 {
			t.Errorf("%d lines: after every line the chain is at %d, not back at the start", lines, p)
		}
	}
}
