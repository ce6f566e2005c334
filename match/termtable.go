package match

import (
	"hash/maphash"
	"math/bits"
)

// termTable finds a term's id by its text: an open-addressing hash table
// over the sorted dictionary, each slot the term's id with the high half
// of its hash. A word that is no term, which most joins of query words
// are, is mostly told so by one slot, without reading the dictionary; a
// Go map would compare it with a key or two first.
type termTable struct {
	seed  maphash.Seed
	mask  uint64
	slots []uint64 // id+1 in the low half (0: empty), hash>>32 in the high
}

// newTermTable indexes terms, term i under id i, at most half full.
func newTermTable(terms []string) termTable {
	size := uint64(1) << bits.Len64(uint64(2*len(terms)))
	t := termTable{seed: maphash.MakeSeed(), mask: size - 1, slots: make([]uint64, size)}
	for i, k := range terms {
		h := maphash.String(t.seed, k)
		for j := h & t.mask; ; j = (j + 1) & t.mask {
			if t.slots[j] == 0 {
				t.slots[j] = h&^(1<<32-1) | uint64(i+1)
				break
			}
		}
	}
	return t
}

// find returns the id of term k in terms, the dictionary the table was
// made of.
func (t *termTable) find(terms []string, k string) (int32, bool) {
	h := maphash.String(t.seed, k)
	for j := h & t.mask; ; j = (j + 1) & t.mask {
		s := t.slots[j]
		if s == 0 {
			return -1, false
		}
		if s>>32 == h>>32 {
			if id := int32(uint32(s)) - 1; terms[id] == k {
				return id, true
			}
		}
	}
}
