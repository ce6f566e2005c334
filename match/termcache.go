package match

import (
	"hash/maphash"
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
// words (a few megabytes) however many words go through it.
type termCache struct {
	seed   maphash.Seed
	shards [termCacheShards]termCacheShard
}

const (
	termCacheShards   = 64
	termCacheShardCap = 256
)

type termCacheShard struct {
	mu       sync.RWMutex
	cur, old map[string][]termHit
}

func newTermCache() *termCache {
	return &termCache{seed: maphash.MakeSeed()}
}

// shard returns the shard of a key's hash (maphash.Bytes and maphash.String
// agree on the same bytes).
func (c *termCache) shard(hash uint64) *termCacheShard {
	return &c.shards[hash%termCacheShards]
}

// get returns the terms remembered for key, which the caller must not
// change.
func (c *termCache) get(key []byte) ([]termHit, bool) {
	s := c.shard(maphash.Bytes(c.seed, key))
	s.mu.RLock()
	h, ok := s.cur[string(key)]
	if ok {
		s.mu.RUnlock()
		return h, true
	}
	h, ok = s.old[string(key)]
	s.mu.RUnlock()
	if ok {
		s.mu.Lock()
		s.add(string(key), h)
		s.mu.Unlock()
	}
	return h, ok
}

// put remembers the terms found for key.
func (c *termCache) put(key string, h []termHit) {
	s := c.shard(maphash.String(c.seed, key))
	s.mu.Lock()
	s.add(key, h)
	s.mu.Unlock()
}

// add inserts into the current generation, turning generations when it is
// full. The caller holds the lock.
func (s *termCacheShard) add(key string, h []termHit) {
	if len(s.cur) >= termCacheShardCap {
		s.old, s.cur = s.cur, nil
	}
	if s.cur == nil {
		s.cur = make(map[string][]termHit, termCacheShardCap)
	}
	s.cur[key] = h
}
