package match

// scratch is the working memory of one query: bit sets over the terms and
// names, cleared through the list of what was set, and the marks of the
// names touched, so that nothing is allocated, and little cleared, between
// queries. Each index keeps a pool of them.
type scratch struct {
	// termSeen has a bit per term marked by the current fuzzy lookup;
	// termWords lists its words that are not zero. A bit set small enough
	// to stay in cache.
	termSeen  []uint64
	termWords []int32
	// slot[id] is the index in touched and marks of name id, valid when
	// its bit in seen is set: four bytes a name, where the marks
	// themselves, read and written many times a query, sit together in
	// touch order.
	slot []int32
	// reach is a bit set of the terms a query token could be paired with:
	// the listed tokens that may count for the query. It is small enough
	// to stay in cache; reachWords lists its words that are not zero.
	reach      []uint64
	reachWords []int32
	// seen has a bit per name touched by this query (listed in touched):
	// a bit set small enough to stay in cache, where name is not.
	seen    []uint64
	touched []int32
	marks   []nameMarks // marks[k] is what the query found of name touched[k]
	cands   []int32
	hits    [][]termHit // per query token: dictionary terms within its edit budget, nil when not looked up
	hitBufs [][]termHit // the storage of hits
	found   []termHit   // the terms a fuzzy lookup found, before they are kept
	nears   [][]termHit // per query token: the terms within its edit budget
	best    []recordBest
	buf     alignBuf
	share   shareMemo
	gate    gate
	credits queryCredits
	queries [maxNameVariants]preparedQuery // the query's name variants, prepared
}

// gate decides, while on, which names not yet found a credit may add (see
// gateTokens): those with a listed initial in initials, and those the
// whole-name typo rule may match (a folded length within edits of
// foldedLen, letters within edits of bag), written alike (abjad).
type gate struct {
	on        bool
	abjad     bool
	initials  uint32
	bag       uint64
	edits     int
	foldedLen int
	hot       []nameHot
	masks     []uint64
}

// makeGateKey packs a name's folded length, capped at 127, and whether it
// has an initial in a byte, which the gate reads before nameHot: the byte
// every posting of the name carries (see postingLists.tag), so that the names
// a gated list holds are mostly turned away without a read elsewhere.
func makeGateKey(foldedLen int, initials bool) uint8 {
	k := uint8(min(foldedLen, 127))
	if initials {
		k |= 0x80
	}
	return k
}

// admits reports whether name id, whose gate key is k, may be added to
// the candidates.
func (g *gate) admits(id int32, k uint8) bool {
	if k&0x80 == 0 {
		// No initial: only the typo rule may let it in.
		n := int(k)
		if g.edits == 0 || n < g.foldedLen-g.edits || n > g.foldedLen+g.edits && n < 127 {
			return false
		}
	}
	h := g.hot[id]
	if h.abjad() != g.abjad {
		return false
	}
	if h.initials()&g.initials != 0 {
		return true
	}
	if g.edits == 0 {
		return false
	}
	n := h.foldedLen()
	if n == 255 {
		return g.foldedLen >= 255-g.edits // longer than nameHot holds
	}
	return n >= g.foldedLen-g.edits && n <= g.foldedLen+g.edits && lettersWithin(g.masks[id], g.bag, g.edits)
}

// nameMarks is what a query found of one name: the bits of the query tokens
// found in it exactly, phonetically or joined, and of those found only
// misspelt. One struct, so that crediting a name touches one cache line.
// joined says the name was found through a join of its adjacent tokens or
// a word as written, where the scorer may cover several of its tokens with
// one of the query's: its listed share is then not bounded.
type nameMarks struct {
	bits, fuzzy uint64
	joined      bool
}

// shareMemo remembers the minShare last computed for each of four
// omission weights (the query's and the listed name's, for persons and
// others): queries repeat the threshold and options.
type shareMemo [4]struct {
	score, qw, cw, share float64
	ok                   bool
}

// minShare is minShare(score, qw, cw), remembered.
func (s *scratch) minShare(score, qw, cw float64) float64 {
	for i := range s.share {
		if m := &s.share[i]; m.ok && m.score == score && m.qw == qw && m.cw == cw {
			return m.share
		}
	}
	copy(s.share[1:], s.share[:len(s.share)-1])
	m := &s.share[0]
	m.score, m.qw, m.cw, m.share, m.ok = score, qw, cw, minShare(score, qw, cw), true
	return m.share
}

// termHit is a dictionary term found for a query token, at edit distance d;
// n is the term's length (at most 255).
type termHit struct {
	id int32
	d  uint8
	n  uint8
}

// pairable reports whether the term of h can be paired with a token of n
// letters: whether its edits are within the budget of the shorter of the
// two (see tokenSim; "al" is one edit from "ali" but two letters allow
// none).
func (h termHit) pairable(n int) bool {
	return h.d == 0 || int(h.d) <= editBudget(min(n, int(h.n)))
}

// recordBest is the best-scoring name of a record so far.
type recordBest struct {
	record  int32
	name    int32
	index   uint16 // the name's place in its record, which breaks ties
	variant int
	score   float64
}

func (ix *Index) getScratch() *scratch {
	if s, ok := ix.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{
		termSeen: make([]uint64, len(ix.terms)/64+1),
		slot:     make([]int32, ix.nNames),
		seen:     make([]uint64, ix.nNames/64+1),
		reach:    make([]uint64, len(ix.terms)/64+1),
	}
}

func (ix *Index) putScratch(s *scratch) { ix.pool.Put(s) }

// nextTermMarks starts a new set of marked terms.
func (s *scratch) nextTermMarks() {
	for _, w := range s.termWords {
		s.termSeen[w] = 0
	}
	s.termWords = s.termWords[:0]
}

// markTerm marks term id and reports whether it was unmarked.
func (s *scratch) markTerm(id int32) bool {
	w, b := id>>6, uint64(1)<<(id&63)
	switch v := s.termSeen[w]; {
	case v&b != 0:
		return false
	case v == 0:
		s.termWords = append(s.termWords, w)
	}
	s.termSeen[w] |= b
	return true
}

// resetNames starts a new candidate set, with the gate open (a query
// that panicked may have left it closed).
func (s *scratch) resetNames() {
	for _, id := range s.touched {
		s.seen[id>>6] = 0
	}
	s.touched, s.marks = s.touched[:0], s.marks[:0]
	s.gate.on = false
}

// credit adds query token bits to the names of postings ps.
func (s *scratch) credit(ps []int32, bits uint64) {
	for _, p := range ps {
		if k, ok := s.touch(p); ok {
			s.marks[k].bits |= bits
		}
	}
}

// creditFuzzy adds query token bits to the names of postings ps, which
// hold the tokens only misspelt.
func (s *scratch) creditFuzzy(ps []int32, bits uint64) {
	for _, p := range ps {
		if k, ok := s.touch(p); ok {
			s.marks[k].fuzzy |= bits
		}
	}
}

// touchAll adds the names of postings ps to the candidates without
// crediting them.
func (s *scratch) touchAll(ps []int32) {
	for _, p := range ps {
		s.touch(p)
	}
}

// creditJoined is credit (fuzzy: creditFuzzy) for names found through
// their joins or words as written.
func (s *scratch) creditJoined(ps []int32, bits uint64, fuzzy bool) {
	for _, p := range ps {
		k, ok := s.touch(p)
		if !ok {
			continue
		}
		m := &s.marks[k]
		m.joined = true
		if fuzzy {
			m.fuzzy |= bits
		} else {
			m.bits |= bits
		}
	}
}

// nextReach starts a new set of reachable terms.
func (s *scratch) nextReach() {
	for _, w := range s.reachWords {
		s.reach[w] = 0
	}
	s.reachWords = s.reachWords[:0]
}

// markReachID marks term id reachable.
func (s *scratch) markReachID(id int32) {
	w := id >> 6
	if s.reach[w] == 0 {
		s.reachWords = append(s.reachWords, w)
	}
	s.reach[w] |= 1 << (id & 63)
}

// markReach marks reachable the terms of hits that a token of n letters
// can be paired with.
func (s *scratch) markReach(hits []termHit, n int) {
	for _, h := range hits {
		if h.pairable(n) {
			s.markReachID(h.id)
		}
	}
}

// reached reports whether term id is marked reachable.
func (s *scratch) reached(id int32) bool { return s.reach[id>>6]&(1<<(id&63)) != 0 }

// touch adds the name of posting p (or name p, while the gate is off) to
// the candidates, unless the gate is on and keeps it out, and reports
// whether it is one, and its slot in touched and marks.
func (s *scratch) touch(p int32) (int32, bool) {
	id := postingName(p)
	w, b := id>>6, uint64(1)<<(id&63)
	if s.seen[w]&b != 0 {
		return s.slot[id], true
	}
	if s.gate.on && !s.gate.admits(id, postingKey(p)) {
		return 0, false
	}
	s.seen[w] |= b
	k := int32(len(s.touched))
	s.slot[id] = k
	s.touched = append(s.touched, id)
	s.marks = append(s.marks, nameMarks{})
	return k, true
}

// growHits makes room for the hit lists of n query tokens.
func (s *scratch) growHits(n int) {
	for len(s.hits) < n {
		s.hits = append(s.hits, nil)
		s.hitBufs = append(s.hitBufs, make([]termHit, 0, 16))
	}
}

// tokenHits returns the hit list of query token i, emptied and not nil.
func (s *scratch) tokenHits(i int) []termHit {
	return s.hitBufs[i][:0]
}

// setHits stores the hits of query token i (nil: not looked up).
func (s *scratch) setHits(i int, h []termHit) {
	s.hits[i] = h
	if h != nil {
		s.hitBufs[i] = h
	}
}

// keepBest records a name's score for its record when it is the record's
// best so far; of equal scores the record's earliest name (then name
// variant of the query) wins, whatever order the lookups found them in, so
// that a screening replays to the same explanation. Few records reach the
// score needed, so a list will do.
func (s *scratch) keepBest(record, name int32, index uint16, variant int, score float64) {
	for i := range s.best {
		if b := &s.best[i]; b.record == record {
			if score > b.score || score == b.score && (variant < b.variant || variant == b.variant && index < b.index) {
				*b = recordBest{record, name, index, variant, score}
			}
			return
		}
	}
	s.best = append(s.best, recordBest{record, name, index, variant, score})
}

// hasRecord reports whether a record has a scored name.
func (s *scratch) hasRecord(record int32) bool {
	for i := range s.best {
		if s.best[i].record == record {
			return true
		}
	}
	return false
}
