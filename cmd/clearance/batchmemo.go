package main

import (
	"encoding/binary"
	"sync"
	"sync/atomic"

	"github.com/clearancehq/clearance"
)

// batchMemo remembers the results of the queries a batch has screened, so
// that a query the input repeats (a customer on many orders, a payee on
// many payments) is screened once. The screener, its lists and the options
// do not change during a batch, so a remembered result is the result.
//
// It is bounded: two generations of at most batchMemoCap queries each.
// When the current generation is full it becomes the old one and the old
// one is dropped; a query found in the old generation moves to the
// current. Queries that keep coming back stay; memory stays flat however
// many distinct queries go past.
//
// Remembering costs too: a key made and looked up for every row, and the
// memo's memory, which the collector pays for under the batch's memory
// limit (a file of distinct names ran 5-12% slower with it). So when a
// generation fills having answered fewer than one lookup in batchMemoWorth,
// the memo stops for the rest of the batch and lets its memory go.
type batchMemo struct {
	off        atomic.Bool
	mu         sync.Mutex
	cur, old   map[string]batchResult
	gets, hits int // lookups and answers since the current generation began
}

const (
	// batchMemoCap is the size of a generation: a few megabytes of keys
	// and results (the hits' strings are the index's own).
	batchMemoCap = 1 << 15
	// batchMemoWorth: a generation must answer one lookup in this many for
	// the memo to go on.
	batchMemoWorth = 10
)

func newBatchMemo() *batchMemo {
	return &batchMemo{cur: make(map[string]batchResult, batchMemoCap)}
}

// on reports whether the memo is still in use: when it is not, get and put
// do nothing and the caller need not make keys.
func (m *batchMemo) on() bool { return !m.off.Load() }

// get returns the result remembered for key.
func (m *batchMemo) get(key []byte) (batchResult, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cur == nil {
		return batchResult{}, false
	}
	m.gets++
	if r, ok := m.cur[string(key)]; ok {
		m.hits++
		return r, true
	}
	r, ok := m.old[string(key)]
	if ok {
		m.hits++
		m.add(string(key), r)
	}
	return r, ok
}

// put remembers the result of key.
func (m *batchMemo) put(key string, r batchResult) {
	m.mu.Lock()
	m.add(key, r)
	m.mu.Unlock()
}

// add inserts into the current generation, turning generations when it is
// full, or stopping the memo when the generation answered too few
// lookups. The caller holds the lock.
func (m *batchMemo) add(key string, r batchResult) {
	if m.cur == nil {
		return
	}
	if len(m.cur) >= batchMemoCap {
		if m.hits*batchMemoWorth < m.gets {
			m.off.Store(true)
			m.cur, m.old = nil, nil
			return
		}
		m.gets, m.hits = 0, 0
		dropped := m.old
		if dropped == nil {
			dropped = make(map[string]batchResult, batchMemoCap)
		}
		clear(dropped)
		m.old, m.cur = m.cur, dropped
	}
	m.cur[key] = r
}

// appendQueryKey appends the memo key of q: every field the screening
// reads, each prefixed with its length, so that no two queries share a key.
func appendQueryKey(b []byte, q clearance.Query) []byte {
	field := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	field(q.Name)
	field(string(q.Kind))
	field(q.Country)
	field(q.Address)
	field(q.BirthDate)
	b = binary.AppendUvarint(b, uint64(len(q.Identifiers)))
	for _, id := range q.Identifiers {
		field(id)
	}
	return b
}
