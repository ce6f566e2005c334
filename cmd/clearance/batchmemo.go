package main

import (
	"encoding/binary"
	"sync"

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
type batchMemo struct {
	mu       sync.Mutex
	cur, old map[string]batchResult
}

// batchMemoCap is the size of a generation: a few megabytes of keys and
// results (the hits' strings are the index's own).
const batchMemoCap = 1 << 15

func newBatchMemo() *batchMemo {
	return &batchMemo{cur: make(map[string]batchResult, batchMemoCap)}
}

// get returns the result remembered for key.
func (m *batchMemo) get(key []byte) (batchResult, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.cur[string(key)]; ok {
		return r, true
	}
	r, ok := m.old[string(key)]
	if ok {
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
// full. The caller holds the lock.
func (m *batchMemo) add(key string, r batchResult) {
	if len(m.cur) >= batchMemoCap {
		m.old, m.cur = m.cur, make(map[string]batchResult, batchMemoCap)
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
