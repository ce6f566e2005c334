package match

// scratch is the working memory of one query: dense per-term and per-name
// marks stamped with an epoch, so that nothing is cleared or allocated
// between queries. Each index keeps a pool of them.
type scratch struct {
	termMark  []uint32
	termEpoch uint32
	nameMark  []uint32
	nameBits  []uint64 // query tokens found exactly, phonetically or joined
	nameFuzzy []uint64 // query tokens found only misspelt
	nameEpoch uint32
	touched   []int32
	cands     []int32
	hits      [][]termHit // per query token: dictionary terms within its edit budget, nil when not looked up
	hitBufs   [][]termHit // the storage of hits
	best      []recordBest
	buf       alignBuf
	share     shareMemo
}

// shareMemo remembers the minShare last computed for each of two query
// weights (persons' and others'): queries repeat the threshold and options.
type shareMemo [2]struct {
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
	s.share[1] = s.share[0]
	m := &s.share[0]
	m.score, m.qw, m.cw, m.share, m.ok = score, qw, cw, minShare(score, qw, cw), true
	return m.share
}

// termHit is a dictionary term found for a query token, at edit distance d.
type termHit struct {
	id int32
	d  uint8
}

// recordBest is the best-scoring name of a record so far.
type recordBest struct {
	record  int32
	name    int32
	variant int
	score   float64
}

func (ix *Index) getScratch() *scratch {
	if s, ok := ix.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{
		termMark:  make([]uint32, len(ix.terms)),
		nameMark:  make([]uint32, ix.nNames),
		nameBits:  make([]uint64, ix.nNames),
		nameFuzzy: make([]uint64, ix.nNames),
	}
}

func (ix *Index) putScratch(s *scratch) { ix.pool.Put(s) }

// nextTermEpoch starts a new set of marked terms.
func (s *scratch) nextTermEpoch() {
	s.termEpoch++
	if s.termEpoch == 0 {
		clear(s.termMark)
		s.termEpoch = 1
	}
}

// markTerm marks term id and reports whether it was unmarked.
func (s *scratch) markTerm(id int32) bool {
	if s.termMark[id] == s.termEpoch {
		return false
	}
	s.termMark[id] = s.termEpoch
	return true
}

// resetNames starts a new candidate set.
func (s *scratch) resetNames() {
	s.nameEpoch++
	if s.nameEpoch == 0 {
		clear(s.nameMark)
		s.nameEpoch = 1
	}
	s.touched = s.touched[:0]
}

// credit adds query token bits to names.
func (s *scratch) credit(ids []int32, bits uint64) {
	for _, id := range ids {
		s.touch(id)
		s.nameBits[id] |= bits
	}
}

// creditFuzzy adds query token bits to names that hold the tokens only
// misspelt.
func (s *scratch) creditFuzzy(ids []int32, bits uint64) {
	for _, id := range ids {
		s.touch(id)
		s.nameFuzzy[id] |= bits
	}
}

func (s *scratch) touch(id int32) {
	if s.nameMark[id] != s.nameEpoch {
		s.nameMark[id] = s.nameEpoch
		s.nameBits[id], s.nameFuzzy[id] = 0, 0
		s.touched = append(s.touched, id)
	}
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
// best so far; of equal scores the earliest name (then name variant of the
// query) wins, whatever order the lookups found them in, so that a
// screening replays to the same explanation. Few records reach the score
// needed, so a list will do.
func (s *scratch) keepBest(record, name int32, variant int, score float64) {
	for i := range s.best {
		if b := &s.best[i]; b.record == record {
			if score > b.score || score == b.score && (variant < b.variant || variant == b.variant && name < b.name) {
				*b = recordBest{record, name, variant, score}
			}
			return
		}
	}
	s.best = append(s.best, recordBest{record, name, variant, score})
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
