package match

import (
	"math/bits"
	"sync"
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
	// Term i's variants are variants[off[i]:off[i+1]].
	off := make([]uint32, len(terms)+1)
	for i, t := range terms {
		off[i+1] = off[i] + uint32(variantCount(len(t), depth(i)))
	}
	n := off[len(terms)]
	size := uint64(1) << bits.Len64(uint64(max(n, 1)))
	di := &deletionIndex{mask: size - 1, start: make([]uint32, size+1), ids: make([]int32, n)}
	// Each variant's bucket, hashed once on every core.
	variants := make([]uint32, n)
	parallel(len(terms), func(lo, hi int) {
		var buf [maxVariants]uint64
		for i := lo; i < hi; i++ {
			for k, h := range appendDeletions(buf[:0], terms[i], depth(i), lengthSalt(len(terms[i]))) {
				variants[int(off[i])+k] = uint32(h & di.mask)
			}
		}
	})
	// The buckets are scattered over tens of megabytes, so placing the
	// variants waits on memory: each worker owns a range of buckets and
	// reads every variant, placing those that fall in its range. No two
	// workers write one counter, so no atomic operation serialises the
	// cache misses, and since every worker goes through the terms in order,
	// each bucket lists its terms in ascending order without a sort.
	//
	// Counting bucket b into start[b+1] and summing makes start[b] where
	// bucket b begins; filling advances start[b] to where it ends, the next
	// bucket's beginning, so shifting start up by one gives the table
	// without a second array of cursors.
	workers := uint64(maxWorkers())
	byBuckets := func(place bool) {
		var wg sync.WaitGroup
		for w := range workers {
			lo, hi := w*size/workers, (w+1)*size/workers
			wg.Go(func() {
				if !place {
					for _, b := range variants {
						if uint64(b) >= lo && uint64(b) < hi {
							di.start[b+1]++
						}
					}
					return
				}
				for i := range terms {
					for _, b := range variants[off[i]:off[i+1]] {
						if uint64(b) >= lo && uint64(b) < hi {
							di.ids[di.start[b]] = int32(i)
							di.start[b]++
						}
					}
				}
			})
		}
		wg.Wait()
	}
	byBuckets(false)
	for b := uint64(1); b <= size; b++ {
		di.start[b] += di.start[b-1]
	}
	byBuckets(true)
	copy(di.start[1:], di.start[:size])
	di.start[0] = 0
	return di
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
	var buf [maxVariants]uint64
	for _, h := range appendDeletions(buf[:0], w, d, salt) {
		fn(h)
	}
}

// maxVariants is the most deletion variants eachDeletion makes of a word.
const maxVariants = 1 + deletionPrefix + deletionPrefix*(deletionPrefix-1)/2

// appendDeletions appends to hs the hashes eachDeletion calls fn with, in
// its order: w's first deletionPrefix letters, then without each letter,
// then without each pair. Each variant is hashed with FNV-1a salted with
// salt (fnvStart), the letters before its first deletion once for all.
func appendDeletions(hs []uint64, w string, d int, salt uint64) []uint64 {
	if len(w) > deletionPrefix {
		w = w[:deletionPrefix]
	}
	n := len(w)
	var pre [deletionPrefix + 1]uint64 // pre[k] is the state after w[:k]
	pre[0] = fnvStart(salt)
	for k := range n {
		pre[k+1] = fnvStep(pre[k], w[k])
	}
	hs = append(hs, fnvMix(pre[n]))
	if d < 1 {
		return hs
	}
	for i := range n {
		h := pre[i]
		for k := i + 1; k < n; k++ {
			h = fnvStep(h, w[k])
		}
		hs = append(hs, fnvMix(h))
	}
	if d < 2 {
		return hs
	}
	for i := range n {
		between := pre[i] // the state after w[:j] without w[i]
		for j := i + 1; j < n; j++ {
			h := between
			for k := j + 1; k < n; k++ {
				h = fnvStep(h, w[k])
			}
			hs = append(hs, fnvMix(h))
			between = fnvStep(between, w[j])
		}
	}
	return hs
}

func fnvStart(salt uint64) uint64 { return 14695981039346656037 ^ salt*0x9e3779b97f4a7c15 }

func fnvStep(h uint64, c byte) uint64 { return (h ^ uint64(c)) * 1099511628211 }

// fnvMix spreads the high bits into the low ones, which pick the bucket.
func fnvMix(h uint64) uint64 {
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
