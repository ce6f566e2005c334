package match

import "testing"

// hashSkip is the FNV-1a hash of salt and w without the bytes at positions
// i and j, computed letter by letter: the reference appendDeletions shares
// prefixes to compute faster.
func hashSkip(w string, i, j int, salt uint64) uint64 {
	h := fnvStart(salt)
	for k := 0; k < len(w); k++ {
		if k == i || k == j {
			continue
		}
		h = fnvStep(h, w[k])
	}
	return fnvMix(h)
}

func TestAppendDeletions(t *testing.T) {
	for _, w := range []string{"", "a", "ab", "abc", "hikvision", "technology", "aaaaaaaaaa", "xy12"} {
		for d := 0; d <= 2; d++ {
			for _, salt := range []uint64{0, 10} {
				p := w[:min(len(w), deletionPrefix)]
				want := []uint64{hashSkip(p, -1, -1, salt)}
				if d >= 1 {
					for i := range len(p) {
						want = append(want, hashSkip(p, i, -1, salt))
					}
				}
				if d >= 2 {
					for i := range len(p) {
						for j := i + 1; j < len(p); j++ {
							want = append(want, hashSkip(p, i, j, salt))
						}
					}
				}
				got := appendDeletions(nil, w, d, salt)
				if len(got) != len(want) || len(got) != variantCount(len(w), d) {
					t.Fatalf("appendDeletions(%q, %d): %d hashes, want %d (variantCount %d)", w, d, len(got), len(want), variantCount(len(w), d))
				}
				for i := range got {
					if got[i] != want[i] {
						t.Errorf("appendDeletions(%q, %d, %d)[%d] = %x, want %x", w, d, salt, i, got[i], want[i])
					}
				}
			}
		}
	}
}
