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
// The table is flat arrays (bucket starts, term ids, and beside each id
// its variant's fingerprint and the term's length), built in two passes
// with no per-term allocation. A bucket holds about four variants; a
// lookup reads the fingerprints and lengths beside the ids, in the same
// few cache lines, and hands on only the terms whose variant is the one
// looked up (but for one in 256) and whose length is within the edits:
// the dictionary itself is read only for those.
type deletionIndex struct {
	mask  uint64
	start []uint32 // bucket b holds ids[start[b]:start[b+1]]
	ids   []int32
	meta  []uint16 // meta[k]: ids[k]'s variant fingerprint (high byte) and term length capped at 255 (low)
}

// deletionPrefix is how many leading letters of a word its deletion
// variants are made from.
const deletionPrefix = 7

// variantsPerBucket is how many variants a bucket holds on average.
const variantsPerBucket = 4

// newDeletionIndex indexes terms, term i under its variants of up to
// depth(i) deletions.
func newDeletionIndex(terms []string, depth func(i int) int) *deletionIndex {
	// Term i's variants are variants[off[i]:off[i+1]].
	off := make([]uint32, len(terms)+1)
	for i, t := range terms {
		off[i+1] = off[i] + uint32(variantCount(len(t), depth(i)))
	}
	n := off[len(terms)]
	size := uint64(1) << bits.Len64(uint64(max(n/variantsPerBucket, 1)))
	di := &deletionIndex{mask: size - 1, start: make([]uint32, size+1), ids: make([]int32, n), meta: make([]uint16, n)}
	// Each variant's key (variantKey), made once on every core: its
	// bucket and fingerprint.
	variants := make([]uint32, n)
	parallel(len(terms), func(lo, hi int) {
		var buf [maxVariants]uint64
		for i := lo; i < hi; i++ {
			for k, h := range appendDeletions(buf[:0], terms[i], depth(i)) {
				variants[int(off[i])+k] = variantKey(h)
			}
		}
	})
	// The buckets are scattered over megabytes, so placing the variants
	// waits on memory: each worker owns a range of buckets and reads every
	// variant, placing those that fall in its range. No two workers write
	// one counter, so no atomic operation serialises the cache misses, and
	// since every worker goes through the terms in order, each bucket lists
	// its terms in ascending order without a sort.
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
					for _, v := range variants {
						if b := uint64(v) & di.mask; b >= lo && b < hi {
							di.start[b+1]++
						}
					}
					return
				}
				for i := range terms {
					m := uint16(min(len(terms[i]), 255))
					for _, v := range variants[off[i]:off[i+1]] {
						if b := uint64(v) & di.mask; b >= lo && b < hi {
							k := di.start[b]
							di.ids[k], di.meta[k] = int32(i), uint16(fingerprint(v))<<8|m
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

// variantKey is the part of a variant's hash the table uses: its high
// half, whose low bits pick the bucket and whose top byte is the
// fingerprint kept beside the term. (With more than 2^24 buckets the two
// share bits, and the fingerprint rejects less; it never rejects a variant
// equal to the one looked up.)
func variantKey(h uint64) uint32 { return uint32(h >> 32) }

// fingerprint is the byte of a variant's key kept beside its term.
func fingerprint(v uint32) uint8 { return uint8(v >> 24) }

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

// eachDeletion calls fn with the hash of every string
// made by deleting up to d letters (d at most 2) from the first
// deletionPrefix letters of w.
func eachDeletion(w string, d int, fn func(h uint64)) {
	var buf [maxVariants]uint64
	for _, h := range appendDeletions(buf[:0], w, d) {
		fn(h)
	}
}

// maxVariants is the most deletion variants eachDeletion makes of a word.
const maxVariants = 1 + deletionPrefix + deletionPrefix*(deletionPrefix-1)/2

// appendDeletions appends to hs the hashes eachDeletion calls fn with, in
// its order: w's first deletionPrefix letters, then without each letter,
// then without each pair. Each variant is hashed with FNV-1a, the letters
// before its first deletion once for all.
func appendDeletions(hs []uint64, w string, d int) []uint64 {
	if len(w) > deletionPrefix {
		w = w[:deletionPrefix]
	}
	n := len(w)
	var pre [deletionPrefix + 1]uint64 // pre[k] is the state after w[:k]
	pre[0] = fnvOffset
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

const fnvOffset = 14695981039346656037

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
	lo, hi := len(w)-d, len(w)+d
	visit := func(h uint64) {
		v := variantKey(h)
		b := uint64(v) & di.mask
		s, e := di.start[b], di.start[b+1]
		fp := uint16(fingerprint(v)) << 8
		for k, m := range di.meta[s:e] {
			if m&0xff00 != fp {
				continue
			}
			if n := int(m & 0xff); n < 255 && (n < lo || n > hi) {
				continue
			}
			fn(di.ids[int(s)+k])
		}
	}
	eachDeletion(w, d, visit)
}
