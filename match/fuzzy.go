package match

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// deletionIndex finds the dictionary terms within a small edit distance of
// a word without walking the dictionary: two words are within d edits only
// if deleting at most d letters from each gives a common string (symmetric
// deletion, as in SymSpell). Every term is stored under the hash of each of
// its deletion variants; a query looks up the hashes of its own variants
// and verifies the terms found with the edit distance. Variants are taken
// from the first deletionPrefix letters only: if two words are within d
// edits, so are, after at most d deletions on each side, their prefixes, so
// nothing is lost, and long terms cost no more than short ones.
//
// The table is two flat arrays (bucket starts and term ids), built in two
// passes with no per-term allocation: it costs a few bytes per variant and
// a lookup is a hash and a slice read per variant.
type deletionIndex struct {
	mask  uint64
	start []uint32 // bucket b holds ids[start[b]:start[b+1]]
	ids   []int32
}

// deletionPrefix is how many leading letters of a word its deletion
// variants are made from.
const deletionPrefix = 7

// newDeletionIndex indexes terms, term i under its variants of up to
// depth(i) deletions.
func newDeletionIndex(terms []string, depth func(i int) int) *deletionIndex {
	n := 0
	for i, t := range terms {
		n += variantCount(len(t), depth(i))
	}
	size := uint64(1) << bits.Len64(uint64(max(n, 1)))
	di := &deletionIndex{mask: size - 1, start: make([]uint32, size+1), ids: make([]int32, n)}
	// Workers take a share of the terms each; bucket counts and slots are
	// claimed atomically, and each bucket is sorted at the end so that the
	// table does not depend on the schedule.
	parallel(len(terms), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			eachDeletion(terms[i], depth(i), lengthSalt(len(terms[i])), func(h uint64) {
				atomic.AddUint32(&di.start[h&di.mask+1], 1)
			})
		}
	})
	for b := uint64(1); b <= size; b++ {
		di.start[b] += di.start[b-1]
	}
	fill := make([]uint32, size)
	copy(fill, di.start[:size])
	parallel(len(terms), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			eachDeletion(terms[i], depth(i), lengthSalt(len(terms[i])), func(h uint64) {
				di.ids[atomic.AddUint32(&fill[h&di.mask], 1)-1] = int32(i)
			})
		}
	})
	parallel(int(size), func(lo, hi int) {
		for b := lo; b < hi; b++ {
			if bucket := di.ids[di.start[b]:di.start[b+1]]; len(bucket) > 1 {
				slices.Sort(bucket)
			}
		}
	})
	return di
}

// parallel runs fn over [0,n) split into one range per CPU (at most four).
func parallel(n int, fn func(lo, hi int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, n))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { fn(w*n/workers, (w+1)*n/workers) })
	}
	wg.Wait()
}

// variantCount is the number of deletion variants of a word of length n
// with up to d deletions (duplicates included), as eachDeletion makes them.
func variantCount(n, d int) int {
	n = min(n, deletionPrefix)
	c := 1
	if d >= 1 {
		c += n
	}
	if d >= 2 {
		c += n * (n - 1) / 2
	}
	return c
}

// lengthSalt is what the variants of a term of length n are salted with:
// its length when it is longer than the prefix, else nothing.
func lengthSalt(n int) uint64 {
	if n <= deletionPrefix {
		return 0
	}
	return uint64(n)
}

// eachDeletion calls fn with the hash, salted with salt, of every string
// made by deleting up to d letters (d at most 2) from the first
// deletionPrefix letters of w.
func eachDeletion(w string, d int, salt uint64, fn func(h uint64)) {
	if len(w) > deletionPrefix {
		w = w[:deletionPrefix]
	}
	fn(hashSkip(w, -1, -1, salt))
	if d < 1 {
		return
	}
	for i := range len(w) {
		fn(hashSkip(w, i, -1, salt))
	}
	if d < 2 {
		return
	}
	for i := range len(w) {
		for j := i + 1; j < len(w); j++ {
			fn(hashSkip(w, i, j, salt))
		}
	}
}

// hashSkip is the FNV-1a hash of salt and w without the bytes at
// positions i and j.
func hashSkip(w string, i, j int, salt uint64) uint64 {
	h := uint64(14695981039346656037) ^ salt*0x9e3779b97f4a7c15
	for k := 0; k < len(w); k++ {
		if k == i || k == j {
			continue
		}
		h ^= uint64(w[k])
		h *= 1099511628211
	}
	// Spread the high bits into the low ones, which pick the bucket.
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return h
}

// lookup calls fn with every term id stored under a deletion variant of w
// with up to d deletions, among the terms of a length within d of w's:
// candidates, some more than once and some beyond d edits, for the caller
// to verify.
func (di *deletionIndex) lookup(w string, d int, fn func(id int32)) {
	visit := func(h uint64) {
		b := h & di.mask
		for _, id := range di.ids[di.start[b]:di.start[b+1]] {
			fn(id)
		}
	}
	if len(w)-d <= deletionPrefix {
		eachDeletion(w, d, 0, visit)
	}
	for n := max(len(w)-d, deletionPrefix+1); n <= len(w)+d; n++ {
		eachDeletion(w, d, lengthSalt(n), visit)
	}
}
