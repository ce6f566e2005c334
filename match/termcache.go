package match

import (
	"bytes"
	"hash/maphash"
	"slices"
	"sync"
)

// termCache remembers, for each word looked up fuzzily and its edit budget,
// the dictionary terms found: the deletion lookup and the edit distances
// that verify it are most of a query's cost, and names repeat their words
// (a batch of a million customers holds a few tens of thousands of
// distinct words). What a word finds depends only on the word and the
// immutable index, so a remembered answer is the answer.
//
// The cache is bounded: it is split into shards, each keeping two
// generations of at most termCacheShardCap words. When the current
// generation is full it becomes the old one and the old one is dropped; a
// word found in the old generation moves to the current. So words in use
// stay and the cache holds at most 2 x termCacheShards x termCacheShardCap
// words however many words go through it.
//
// A generation holds no pointers the garbage collector must follow: its
// words and terms sit in two arenas, found through a map from the word's
// hash. An entry takes about 40 bytes, so the full cache takes a few
// megabytes.
type termCache struct {
	seed   maphash.Seed
	shards [termCacheShards]termCacheShard
}

const (
	termCacheShards   = 64
	termCacheShardCap = 1024
)

type termCacheShard struct {
	mu       sync.RWMutex
	cur, old *termCacheGen
}

// termCacheGen is one generation of a shard. Its arenas only grow: a slice
// handed out stays valid, and unchanged, after the generation is dropped.
type termCacheGen struct {
	slots map[uint64]termCacheEntry // by the word's hash
	words []byte
	hits  []termHit
}

// termCacheEntry locates a word and its terms in the arenas.
type termCacheEntry struct {
	word, hit uint32 // offsets in words and hits
	n         uint16 // length of the word
	m         uint16 // number of terms
}

func newTermCache() *termCache {
	return &termCache{seed: maphash.MakeSeed()}
}

// get returns the terms remembered for key, which the caller must not
// change.
func (c *termCache) get(key []byte) ([]termHit, bool) {
	hash := maphash.Bytes(c.seed, key)
	s := &c.shards[hash%termCacheShards]
	s.mu.RLock()
	h, ok := s.cur.find(hash, key)
	if ok {
		s.mu.RUnlock()
		return h, true
	}
	h, ok = s.old.find(hash, key)
	s.mu.RUnlock()
	if ok {
		s.mu.Lock()
		s.add(hash, key, h)
		s.mu.Unlock()
	}
	return h, ok
}

// put remembers the terms found for key and returns the cache's copy of
// them, which the caller must not change.
func (c *termCache) put(key []byte, h []termHit) []termHit {
	hash := maphash.Bytes(c.seed, key)
	s := &c.shards[hash%termCacheShards]
	s.mu.Lock()
	kept := s.add(hash, key, h)
	s.mu.Unlock()
	return kept
}

// find returns the terms of key in g (which may be nil). Two words of one
// hash are told apart by their bytes: the later one replaces the earlier.
func (g *termCacheGen) find(hash uint64, key []byte) ([]termHit, bool) {
	if g == nil {
		return nil, false
	}
	e, ok := g.slots[hash]
	if !ok || int(e.n) != len(key) || !bytes.Equal(g.words[e.word:e.word+uint32(e.n)], key) {
		return nil, false
	}
	end := e.hit + uint32(e.m)
	return g.hits[e.hit:end:end], true
}

// add inserts into the current generation, turning generations when it is
// full, and returns the generation's copy of h. The caller holds the lock.
// Words too long for an entry are not remembered (a copy is returned).
func (s *termCacheShard) add(hash uint64, key []byte, h []termHit) []termHit {
	if len(key) > 0xffff || len(h) > 0xffff {
		return slices.Clone(h)
	}
	if s.cur == nil || len(s.cur.slots) >= termCacheShardCap {
		// The generation dropped leaves its map, which nothing handed out
		// points into (its arenas stay with the slices handed out). The
		// arenas are sized as the last generation's, with room to spare:
		// grown by appending, each was copied as it doubled.
		var slots map[uint64]termCacheEntry
		if s.old != nil {
			slots = s.old.slots
			clear(slots)
		} else {
			slots = make(map[uint64]termCacheEntry, termCacheShardCap)
		}
		var words, hits int
		if s.cur != nil {
			words, hits = len(s.cur.words), len(s.cur.hits)
		}
		s.old, s.cur = s.cur, &termCacheGen{slots: slots, words: make([]byte, 0, words+words/4), hits: make([]termHit, 0, hits+hits/4)}
	}
	g := s.cur
	g.slots[hash] = termCacheEntry{word: uint32(len(g.words)), hit: uint32(len(g.hits)), n: uint16(len(key)), m: uint16(len(h))}
	g.words = append(g.words, key...)
	g.hits = append(g.hits, h...)
	return g.hits[len(g.hits)-len(h) : len(g.hits) : len(g.hits)]
}
