package match

import (
	"bytes"
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// NewIndex builds an index over records.
//
// The build is most of a start-up and all of a reload after a list import,
// so it is arranged for speed: names are folded and tokenised on every
// core; one pass over the names then gives each distinct term a temporary
// number and collects its postings; the terms are sorted once and the
// temporary numbers mapped to their places, so that no map is read again
// to find a term.
func NewIndex(records []Record) (*Index, error) {
	ix := &Index{records: make([]recordInfo, len(records)), ids: make(map[string][]int32), fuzzy: newTermCache()}
	ix.names = prepareNames(records, ix.records)
	for ri := range ix.records {
		for _, k := range ix.records[ri].ids {
			ix.ids[k] = appendUnique(ix.ids[k], int32(ri))
		}
	}
	ix.nNames = len(ix.names)
	if ix.nNames > nameBits+1 {
		return nil, fmt.Errorf("%d names to index, more than the %d a posting can name", ix.nNames, nameBits+1)
	}
	ix.allNames = make([]int32, len(ix.names))
	for i := range ix.allNames {
		ix.allNames[i] = int32(i)
	}
	terms, skels := collectTerms(ix.names)
	terms.orderNames(ix.names)
	ix.buildTerms(terms, skels)
	ix.byLength = lengthBuckets(ix.names)
	ix.facts = make([]nameFacts, len(ix.names))
	ix.hot = make([]nameHot, len(ix.names))
	ix.masks = make([]uint64, len(ix.names))
	keys := make([]uint8, len(ix.names))
	starts := make([]uint32, len(ix.names)+1)
	for id := range ix.names {
		starts[id+1] = starts[id] + uint32(min(len(ix.names[id].tokens), 255))
	}
	ix.listed = make([]listedToken, starts[len(ix.names)])
	parallel(len(ix.names), func(lo, hi int) {
		for id := lo; id < hi; id++ {
			n := &ix.names[id]
			for i := range n.tokens {
				t := &n.tokens[i]
				t.weight = ix.weight(t.text, t.id, t.class)
				if len(t.text) == 1 {
					n.initials |= letterBit(t.text[0])
				}
			}
			nt := starts[id+1] - starts[id]
			for i, t := range n.tokens[:nt] {
				ix.listed[starts[id]+uint32(i)] = listedToken{weight: float32(t.weight), term: t.id, skel: skelHash(t.skel),
					mask: letterMask32(t.mask), n: uint8(min(len(t.text), 255)), first: t.text[0], single: len(t.text) == 1}
			}
			ix.facts[id] = nameFacts{tokens: starts[id], nTokens: uint8(nt), foldedLen: uint16(min(len(n.folded), 1<<16-1))}
			top := [3]uint8{127, 127, 127}
			if nt < 255 {
				top = topShares(ix.listed[starts[id]:starts[id+1]])
			}
			ix.hot[id] = makeNameHot(n.initials, len(n.folded), n.recordKind, n.abjad, top)
			ix.masks[id] = letterBag(n.folded)
			keys[id] = makeGateKey(len(n.folded), n.initials != 0)
		}
	})
	for _, l := range []*postingLists{&ix.postings, &ix.joins, &ix.initialJoins, &ix.raws} {
		l.tag(keys)
	}
	return ix, nil
}

// prepareNames folds and tokenises the names of records on every core and
// fills infos with the records' evidence. A record's names that fold alike
// are indexed once.
func prepareNames(records []Record, infos []recordInfo) []indexedName {
	// Records differ in cost (many aliases, scripts to transliterate) and
	// a list's come together: in one range per core, one core folded the
	// shipped lists' first half in 176 ms, the other the second in 68 ms.
	// In small ranges taken in turn, the cores finish together.
	parts := make([][]indexedName, max(1, min(len(records), 16*maxWorkers())))
	parallelChunks(len(records), len(parts), func(part, lo, hi int) {
		size := 0
		for ri := lo; ri < hi; ri++ {
			size += len(records[ri].Names)
		}
		names := make([]indexedName, 0, size)
		for ri := lo; ri < hi; ri++ {
			r := &records[ri]
			info := recordInfo{kind: r.Kind, countries: upperAll(r.Countries), births: r.BirthDates}
			for _, id := range r.Identifiers {
				if k := normID(id); len(k) >= 5 {
					info.ids = append(info.ids, k)
				}
			}
			infos[ri] = info
			first := len(names)
			for ni, n := range r.Names {
				folded := Fold(n.Text)
				if folded == "" || slices.ContainsFunc(names[first:], func(m indexedName) bool { return m.folded == folded }) {
					continue
				}
				names = append(names, indexedName{
					record: int32(ri), index: uint16(ni), weak: n.Weak, abjad: isAbjad(n.Text), kind: n.Kind, recordKind: kindClassOf(info.kind),
					text: n.Text, folded: folded, mask: letterMask(folded), tokens: canonTokens(folded),
				})
			}
		}
		parts[part] = names
	})
	return slices.Concat(parts...)
}

// termSet is the dictionary being collected: each distinct term with a
// temporary number, in the order first met, and what the names hold of
// them as events, in the names' order, for the posting lists to be laid out
// once the terms are sorted.
type termSet struct {
	num    map[string]int32
	terms  []string
	events []uint32 // event kind << 30 | temporary number
	ends   []uint32 // the events of name i end at ends[i]
	order  []int32  // order[i] is the name that name i was before orderNames
}

// Events: a name holds a term as a canonical token, as adjacent tokens
// joined (apart when one of them is an initial, which the scorer joins only
// exactly), or as a token as written before canonicalisation.
const (
	evToken = iota
	evJoin
	evRaw
	evInitialJoin
	evShift = 29
	evNum   = 1<<evShift - 1
)

// number returns the temporary number of term k, numbering it if new. k
// is copied only when new.
func (s *termSet) number(k []byte) int32 {
	if n, ok := s.num[string(k)]; ok {
		return n
	}
	return s.numberString(string(k))
}

// numberString is number for a string.
func (s *termSet) numberString(k string) int32 {
	if n, ok := s.num[k]; ok {
		return n
	}
	n := int32(len(s.terms))
	s.num[k] = n
	s.terms = append(s.terms, k)
	return n
}

func (s *termSet) event(kind int, n int32) {
	s.events = append(s.events, uint32(kind)<<evShift|uint32(n))
}

// collectTerms numbers every canonical token, every token as written and
// every join of two or three adjacent tokens (canonical and as written, as
// the scorer's joins compare them), and records which names hold each. Each
// token's id is set to its term's temporary number.
func collectTerms(names []indexedName) (*termSet, map[string]skelTerms) {
	tokens := 0
	for i := range names {
		tokens += len(names[i].tokens)
	}
	// At most six events a token: itself, as written, two joins each way.
	s := &termSet{num: make(map[string]int32, tokens), terms: make([]string, 0, tokens),
		events: make([]uint32, 0, 6*tokens), ends: make([]uint32, len(names))}
	skels := make(map[string]skelTerms) // skeleton -> temporary numbers of its terms
	var skelled []bool                  // by temporary number: listed in skels
	var canon, raw []byte
	for id := range names {
		n := &names[id]
		for i := range n.tokens {
			t := &n.tokens[i]
			t.id = s.numberString(t.text)
			s.event(evToken, t.id)
			if t.skel != "" {
				for int(t.id) >= len(skelled) {
					skelled = append(skelled, false)
				}
				if !skelled[t.id] {
					skelled[t.id] = true
					e := skels[t.skel]
					e.skel, e.terms = t.skel, append(e.terms, t.id)
					skels[t.skel] = e
				}
			}
			if t.raw != t.text {
				// Joined query words are compared with the word as written
				// too ("techno logies" and "technologies"); kept apart from
				// the postings so that document frequencies stay those of
				// canonical tokens.
				s.event(evRaw, s.numberString(t.raw))
			}
			for k := 2; k <= 3 && i-k+1 >= 0; k++ {
				canon, raw = canon[:0], raw[:0]
				kind := evJoin
				for _, u := range n.tokens[i-k+1 : i+1] {
					canon = append(canon, u.text...)
					raw = append(raw, u.raw...)
					if len(u.text) == 1 {
						kind = evInitialJoin
					}
				}
				s.event(kind, s.number(canon))
				if !bytes.Equal(raw, canon) {
					s.event(kind, s.number(raw))
				}
			}
		}
		s.ends[id] = uint32(len(s.events))
	}
	return s, skels
}

// orderNames numbers the names so that those sharing words sit together:
// a query reads the per-name arrays (nameHot, nameFacts, the listed
// tokens, the slots of its scratch) at the names its words' posting lists
// hold, and names next to each other share cache lines. Each name is keyed
// by its distinct words from the commonest to the rarest, and the names
// are sorted by their keys, so that the names holding a common word form a
// few runs, and within them those holding the next. The order changes no
// result: ties between a record's names are broken by their places in the
// record (keepBest).
func (s *termSet) orderNames(names []indexedName) {
	df := make([]int32, len(s.terms)) // by temporary number: names holding it as a token
	var words []int32
	for id := range names {
		ts := names[id].tokens
		for k, t := range ts {
			if slices.ContainsFunc(ts[:k], func(u token) bool { return u.id == t.id }) {
				continue // counted for this name
			}
			if df[t.id] == 0 {
				words = append(words, t.id)
			}
			df[t.id]++
		}
	}
	// The words ranked commonest first, then in the order first met.
	slices.SortFunc(words, func(a, b int32) int {
		if c := cmp.Compare(df[b], df[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	rank := df // reused: every word is ranked
	for i, w := range words {
		rank[w] = int32(i)
	}
	// Each name's key: the ranks of its first three distinct words, 21
	// bits each (deeper levels matter little to the runs, and a fixed key
	// sorts fast).
	type keyed struct {
		key uint64
		id  int32
	}
	perm := make([]keyed, len(names))
	parallel(len(names), func(lo, hi int) {
		var k []int32
		for id := lo; id < hi; id++ {
			k = k[:0]
			for _, t := range names[id].tokens {
				k = append(k, rank[t.id])
			}
			slices.Sort(k)
			k = slices.Compact(k)
			var key uint64
			for i := range 3 {
				r := uint64(1<<21 - 1) // no more words: after the names with more
				if i < len(k) {
					r = uint64(min(k[i], 1<<21-2))
				}
				key = key<<21 | r
			}
			perm[id] = keyed{key, int32(id)}
		}
	})
	sortParallel(perm, func(a, b keyed) int {
		if a.key != b.key {
			return cmp.Compare(a.key, b.key)
		}
		return cmp.Compare(a.id, b.id)
	})
	// The names moved in place, cycle by cycle, and their events read in
	// the new order (termSet.lists): a copy of either would raise the
	// build's peak memory.
	s.order = make([]int32, len(names))
	for i, p := range perm {
		s.order[i] = p.id
	}
	moved := make([]bool, len(names))
	for i := range names {
		if moved[i] {
			continue
		}
		first, j := names[i], i
		for {
			moved[j] = true
			k := int(s.order[j])
			if k == i {
				names[j] = first
				break
			}
			names[j], j = names[k], k
		}
	}
}

// buildTerms sorts the collected terms into the dictionary, lays out the
// posting lists, and maps the names' tokens' temporary numbers to their
// term ids.
func (ix *Index) buildTerms(s *termSet, skels map[string]skelTerms) {
	type numbered struct {
		term string
		num  int32
	}
	order := make([]numbered, len(s.terms))
	for i, t := range s.terms {
		order[i] = numbered{t, int32(i)}
	}
	sortParallel(order, func(a, b numbered) int { return strings.Compare(a.term, b.term) })
	rank := make([]int32, len(order))
	ix.terms = s.terms[:len(order)] // reused: every term is written back in order
	for i, o := range order {
		rank[o.num] = int32(i)
		ix.terms[i] = o.term
	}
	order = nil
	// The four kinds of lists side by side: each reads the events alone.
	kinds := [...]int{evToken, evJoin, evInitialJoin, evRaw}
	var lists [len(kinds)]postingLists
	parallel(len(kinds), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			lists[k] = s.lists(rank, kinds[k])
		}
	})
	ix.postings, ix.joins, ix.initialJoins, ix.raws = lists[0], lists[1], lists[2], lists[3]
	s.num = nil
	ix.termIDs = newTermTable(ix.terms)
	for _, e := range skels {
		for i, n := range e.terms {
			e.terms[i] = rank[n]
		}
	}
	ix.skels = skels
	for id := range ix.names {
		for i := range ix.names[id].tokens {
			t := &ix.names[id].tokens[i]
			t.id = rank[t.id]
		}
	}
	ix.dels = newDeletionIndex(ix.terms, func(i int) int { return ix.termDepth(i) })
	ix.termMasks = make([]uint64, len(ix.terms))
	for i, k := range ix.terms {
		ix.termMasks[i] = letterBag(k)
	}
}

// lists lays out, for each term, the names holding it through events of
// the given kind, each name listed once, the names in their order (see
// orderNames). It only reads s, so lists are laid out side by side.
func (s *termSet) lists(rank []int32, kind int) postingLists {
	l := postingLists{start: make([]uint32, len(rank)+1)}
	last := make([]int32, len(rank)) // the name last listed for a term, plus one
	each := func(fn func(term, name int32)) {
		clear(last)
		for name, was := range s.order {
			begin := uint32(0)
			if was > 0 {
				begin = s.ends[was-1]
			}
			for _, e := range s.events[begin:s.ends[was]] {
				if int(e>>evShift) != kind {
					continue
				}
				if term := rank[e&evNum]; last[term] != int32(name)+1 {
					last[term] = int32(name) + 1
					fn(term, int32(name))
				}
			}
		}
	}
	each(func(term, _ int32) { l.start[term+1]++ })
	for i := 1; i < len(l.start); i++ {
		l.start[i] += l.start[i-1]
	}
	l.ids = make([]int32, l.start[len(rank)])
	// As in the deletion table, start[term] is the cursor while filling,
	// and is shifted back afterwards.
	each(func(term, name int32) {
		l.ids[l.start[term]] = name
		l.start[term]++
	})
	copy(l.start[1:], l.start[:len(rank)])
	l.start[0] = 0
	return l
}

// postingLists are lists of names, one per term, laid out in one array.
// The lists of the terms' names (Index.postings, joins, initialJoins and
// raws) hold postings: each name tagged with its gate key (see tag).
type postingLists struct {
	start []uint32 // term i's names are ids[start[i]:start[i+1]]
	ids   []int32
}

// A posting is a name id (its low 24 bits, nameBits) with the name's gate
// key (makeGateKey) in its high byte: a query's gate turns most of the
// names of the long lists it reads away on the key, which the list then
// holds beside the id, instead of on a read at random in an array of all
// names, which misses the cache.
const nameBits = 1<<24 - 1

// postingName is the name id of posting p.
func postingName(p int32) int32 { return p & nameBits }

// postingKey is the gate key of posting p.
func postingKey(p int32) uint8 { return uint8(uint32(p) >> 24) }

// tag makes the lists' names postings, name i tagged with keys[i].
func (l *postingLists) tag(keys []uint8) {
	parallel(len(l.ids), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			id := l.ids[k]
			l.ids[k] = int32(uint32(id) | uint32(keys[id])<<24)
		}
	})
}

// of returns the names of term id.
func (l *postingLists) of(id int32) []int32 {
	return l.ids[l.start[id]:l.start[id+1]:l.start[id+1]]
}

// size returns how many names term id has.
func (l *postingLists) size(id int32) int { return int(l.start[id+1] - l.start[id]) }

// sortParallel sorts s, its halves side by side.
func sortParallel[E any](s []E, cmpFn func(a, b E) int) {
	if maxWorkers() < 2 || len(s) < 1<<12 {
		slices.SortFunc(s, cmpFn)
		return
	}
	mid := len(s) / 2
	parallelParts(2, 2, func(part, _, _ int) {
		if part == 0 {
			slices.SortFunc(s[:mid], cmpFn)
		} else {
			slices.SortFunc(s[mid:], cmpFn)
		}
	})
	merged := make([]E, 0, len(s))
	a, b := s[:mid], s[mid:]
	for len(a) > 0 && len(b) > 0 {
		if cmpFn(b[0], a[0]) < 0 {
			merged, b = append(merged, b[0]), b[1:]
		} else {
			merged, a = append(merged, a[0]), a[1:]
		}
	}
	merged = append(append(merged, a...), b...)
	copy(s, merged)
}

// maxWorkers is how many goroutines a build step is split over: one per
// CPU, at most four.
func maxWorkers() int { return max(1, min(runtime.GOMAXPROCS(0), 4)) }

// parallel runs fn over [0,n) split into one range per worker.
func parallel(n int, fn func(lo, hi int)) {
	parallelParts(n, min(maxWorkers(), n), func(_, lo, hi int) { fn(lo, hi) })
}

// parallelChunks runs fn over [0,n) split into parts ranges, which
// maxWorkers goroutines take in turn: work that differs in cost from range
// to range is spread evenly.
func parallelChunks(n, parts int, fn func(part, lo, hi int)) {
	var next atomic.Int64
	parallelParts(min(maxWorkers(), parts), min(maxWorkers(), parts), func(_, _, _ int) {
		for p := int(next.Add(1) - 1); p < parts; p = int(next.Add(1) - 1) {
			fn(p, p*n/parts, (p+1)*n/parts)
		}
	})
}

// parallelParts runs fn over [0,n) split into parts ranges, each on its
// own goroutine.
func parallelParts(n, parts int, fn func(part, lo, hi int)) {
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { fn(p, p*n/parts, (p+1)*n/parts) })
	}
	wg.Wait()
}
