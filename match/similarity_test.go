package match

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestOSADistanceRandom checks the banded, capped distance against the full
// table on random strings over a small alphabet (many near pairs).
func TestOSADistanceRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		b := make([]byte, rng.IntN(14))
		for i := range b {
			b[i] = "abcd"[rng.IntN(4)]
		}
		return string(b)
	}
	// Long words (past the 64-cell rows kept on the stack) that share
	// most of their letters, and large bounds.
	long := func() string {
		b := []byte(strings.Repeat("abcdabcdab", 7))
		for range rng.IntN(4) {
			i := rng.IntN(len(b))
			b = append(b[:i], b[i+1:]...)
		}
		for range rng.IntN(4) {
			b[rng.IntN(len(b))] = "abcd"[rng.IntN(4)]
		}
		return string(b)
	}
	for k := range 20000 {
		a, b := word(), word()
		if k%10 == 0 {
			a, b = long(), long()
		}
		want := fullOSA(a, b)
		for _, maxD := range []int{0, 1, 2, 3, 300} {
			if got := osaDistance(a, b, maxD); got != min(want, maxD+1) {
				t.Fatalf("osaDistance(%q, %q, %d) = %d, want %d", a, b, maxD, got, min(want, maxD+1))
			}
		}
	}
}

// fullOSA is the textbook optimal-string-alignment distance.
func fullOSA(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// BenchmarkOSADistance measures the bounded edit distance on near pairs
// of the kind fuzzy lookups and scoring compare; ns/op is for all ten.
func BenchmarkOSADistance(b *testing.B) {
	pairs := [][2]string{{"mohammed", "mohammad"}, {"hikvision", "hikvison"}, {"technology", "technologies"},
		{"rahman", "rehman"}, {"international", "internacional"}, {"ali", "aly"}, {"zhejiang", "zhejang"},
		{"petrov", "ivanov"}, {"holdings", "holding"}, {"sergei", "sergey"}}
	s := 0
	for b.Loop() {
		for _, p := range pairs {
			s += osaDistance(p[0], p[1], 2)
		}
	}
	if s == 0 {
		b.Fatal("no distance")
	}
}
