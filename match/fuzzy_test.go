package match

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// hashSkip is the FNV-1a hash of w without the bytes at positions i and j,
// computed letter by letter: the reference appendDeletions shares prefixes
// to compute faster.
func hashSkip(w string, i, j int) uint64 {
	h := uint64(fnvOffset)
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
			p := w[:min(len(w), deletionPrefix)]
			want := []uint64{hashSkip(p, -1, -1)}
			if d >= 1 {
				for i := range len(p) {
					want = append(want, hashSkip(p, i, -1))
				}
			}
			if d >= 2 {
				for i := range len(p) {
					for j := i + 1; j < len(p); j++ {
						want = append(want, hashSkip(p, i, j))
					}
				}
			}
			got := appendDeletions(nil, w, d)
			if len(got) != len(want) || len(got) != variantCount(len(w), d) {
				t.Fatalf("appendDeletions(%q, %d): %d hashes, want %d (variantCount %d)", w, d, len(got), len(want), variantCount(len(w), d))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("appendDeletions(%q, %d)[%d] = %x, want %x", w, d, i, got[i], want[i])
				}
			}
		}
	}
}

// TestDeletionLookup checks the table against the edit distance: every term
// within d edits of a word is handed on, and only terms of lengths within d.
func TestDeletionLookup(t *testing.T) {
	terms := []string{"hikvision", "hikvison", "hikvisions", "hik", "vision", "hikivision", "hkvision", "hikvisionx1",
		"international", "internationale", "internacional", "interhational", "intern", "ab", "abc", "abcd", "ba"}
	for _, d := range []int{1, 2} {
		di := newDeletionIndex(terms, func(int) int { return d })
		for _, w := range append(slices.Clone(terms), "hikvsion", "internatonal", "abd", "x") {
			var got []int32
			di.lookup(w, d, func(id int32) {
				if n := len(terms[id]); n < len(w)-d || n > len(w)+d {
					t.Errorf("lookup(%q, %d) handed on %q, of another length", w, d, terms[id])
				}
				got = append(got, id)
			})
			for id, term := range terms {
				if osaDistance(w, term, d) <= d && !slices.Contains(got, int32(id)) {
					t.Errorf("lookup(%q, %d) missed %q", w, d, term)
				}
			}
		}
	}
}

// TestLetterBag checks that the letter bags of two words within d edits
// are within d letters of each other (the fuzzy lookup rejects a term
// only when they are not), and that bags reject pairs masks let through.
func TestLetterBag(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const letters = "aaabeeilnnorsstt0-"
	word := func(n int) []byte {
		w := make([]byte, n)
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		return w
	}
	edit := func(w []byte) []byte {
		i := rng.IntN(len(w) + 1)
		switch rng.IntN(4) {
		case 0: // insert
			return slices.Insert(slices.Clone(w), i, letters[rng.IntN(len(letters))])
		case 1: // delete
			if i < len(w) {
				return slices.Delete(slices.Clone(w), i, i+1)
			}
		case 2: // substitute
			if i < len(w) {
				v := slices.Clone(w)
				v[i] = letters[rng.IntN(len(letters))]
				return v
			}
		case 3: // transpose
			if i+1 < len(w) {
				v := slices.Clone(w)
				v[i], v[i+1] = v[i+1], v[i]
				return v
			}
		}
		return w
	}
	tighter := 0
	for range 200000 {
		a := word(3 + rng.IntN(12))
		b := a
		for range 1 + rng.IntN(3) {
			b = edit(b)
		}
		d := osaDistance(string(a), string(b), 3)
		for budget := d; budget <= 2; budget++ {
			if !lettersWithin(letterBag(string(a)), letterBag(string(b)), budget) {
				t.Fatalf("%q and %q are %d edits apart, but their bags differ by more than %d letters", a, b, d, budget)
			}
		}
		if d > 2 && lettersWithin(letterMask(string(a)), letterMask(string(b)), 2) && !lettersWithin(letterBag(string(a)), letterBag(string(b)), 2) {
			tighter++
		}
	}
	if tighter == 0 {
		t.Error("bags rejected no pair more than two edits apart that masks let through")
	}
	if got := letterBag("anna"); got&letterMask("anna") != letterMask("anna") || got>>36 != uint64(1<<('a'-'a')|1<<('n'-'a')) {
		t.Errorf("letterBag(anna) = %#x: want the mask and a and n twice", got)
	}
}
