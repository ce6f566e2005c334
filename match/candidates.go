package match

import (
	"cmp"
	"math"
	"slices"
)

// candidates returns the names that could score at least minScore (before
// evidence), and fills sc.hits with the dictionary terms each query token
// is within its edit budget of, for the scorer. Each query token looks up
// the names holding it exactly, phonetically, within the edit budget, or as
// a join of adjacent tokens on either side, and credits them with its
// weight; a name whose credited share of the query cannot reach the score
// needed is not scored. Common tokens are not looked up when the query has
// rarer ones: their weight is credited to every name instead, so no name is
// wrongly cut. A listed initial is credited with the query words it could
// stand for; names the whole-name typo rule could save are kept.
func (ix *Index) candidates(p *preparedQuery, minScore float64, opts Options, sc *scratch) []int32 {
	sc.resetNames()
	sc.growHits(len(p.tokens))
	fuzzyLooked := false
	var total float64
	for _, t := range p.tokens {
		total += t.weight
	}
	if total == 0 {
		return nil
	}
	common := ix.nNames / 50
	rare := false
	for _, t := range p.tokens {
		// An initial is looked up too: names holding the same initial are
		// found through it.
		if t.class == ClassName && ix.df(t.id) <= common {
			rare = true
		}
	}
	// A person's name scores with its own query weight (see scoreName), so
	// it may need a smaller share than other names; the decisions below that
	// hold for every name take the smaller need.
	needOther := sc.minShare(minScore, opts.QueryWeight, opts.ConflictWeight)
	needPerson := needOther
	if !p.syllabic {
		needPerson = sc.minShare(minScore, opts.PersonQueryWeight, opts.ConflictWeight)
	}
	need := min(needOther, needPerson)
	free, freeBits := ix.freeCredit(p, rare)
	if rare && free/total >= need {
		// The common words credited to every name would be enough on
		// their own: looked up instead, they bound the names far better
		// ("K Technologies JSC" would otherwise score every name).
		rare = false
		free, freeBits = ix.freeCredit(p, rare)
	}
	if free/total >= need {
		// The initials credited to every name are enough on their own
		// ("A. A."): any name may score, so every name is scored,
		// comparing strings.
		for i := range p.tokens {
			sc.setHits(i, nil)
		}
		return ix.allNames
	}
	for i, t := range p.tokens {
		bit := tokenBit(i)
		ix.joinedLookups(p, i, freeBits, sc)
		if freeBits&bit != 0 {
			sc.setHits(i, nil) // the scorer compares it directly
			continue
		}
		// The scorer reads the near terms of the token from here.
		hits := sc.tokenHits(i)
		ix.fuzzyTerms(t.text, lookupBudget(len(t.text)), sc, func(id int32, d int) { hits = append(hits, termHit{id, uint8(d)}) })
		slices.SortFunc(hits, func(a, b termHit) int { return cmp.Compare(a.id, b.id) })
		sc.setHits(i, hits)
		if t.id >= 0 {
			sc.credit(ix.postings.of(t.id), bit)
			sc.credit(ix.joins.of(t.id), bit)
		}
		if t.raw != t.text {
			if id, ok := ix.termID[t.raw]; ok {
				sc.credit(ix.joins.of(id), bit)
			}
		}
		if t.skel != "" {
			sc.credit(ix.skels[t.skel], bit)
		}
		if lookupBudget(len(t.text)) > 0 {
			fuzzyLooked = true
		}
		for _, h := range hits {
			if h.d == 0 {
				sc.credit(ix.postings.of(h.id), bit)
				sc.credit(ix.joins.of(h.id), bit)
			} else {
				// A misspelt word counts less than its weight (see
				// fuzzyCap): credited apart, so the bound knows.
				sc.creditFuzzy(ix.postings.of(h.id), bit)
				sc.creditFuzzy(ix.joins.of(h.id), bit)
			}
		}
		if len(t.text) == 3 && !p.syllabic {
			// Three letters are compared at one edit ("tom", "tim") but
			// not looked up so (lookupBudget): looked up here for names.
			ix.fuzzyTerms(t.text, 1, sc, func(id int32, d int) {
				if d == 0 {
					sc.credit(ix.postings.of(id), bit)
				} else {
					sc.creditFuzzy(ix.postings.of(id), bit)
				}
			})
		}
	}
	// A name within the typo rule's one or two edits of the query shares
	// with it every word looked up above, within one or two edits. Only when
	// no word was looked up fuzzily (all short or common: "YK-AKD") are such
	// names looked up by the whole name.
	if !fuzzyLooked && len(p.folded) <= 40 && !p.syllabic {
		ix.typoNames(p.folded, func(id int32) { sc.credit([]int32{id}, ^uint64(0)) })
	}
	out := sc.cands[:0]
	for _, id := range sc.touched {
		// Free tokens' weight is in free already; a token found only
		// misspelt counts at most its fuzzyCap.
		bits := sc.nameBits[id] &^ freeBits
		fuzzy := sc.nameFuzzy[id] &^ freeBits &^ bits
		n := &ix.names[id]
		c := 0.0
		for i := range p.tokens {
			t := &p.tokens[i]
			switch b := tokenBit(i); {
			case bits&b != 0:
				c += t.weight
			case freeBits&b != 0:
			case n.initials&letterBit(t.text[0]) != 0:
				c += t.weight // a listed initial may stand for the word
			case fuzzy&b != 0:
				c += t.weight * fuzzyCap(len(t.text))
			}
		}
		// Only a share between the two needs asks whose name this is.
		share := min(1, (c+free)/total)
		if share >= needOther || share >= needPerson && ix.isPerson(p, n) || ix.typoPossible(p, n) {
			out = append(out, id)
		}
	}
	sc.cands = out
	return out
}

// joinedLookups credits the names holding, as one token, query tokens i
// and i+1 (and i+2) joined, exactly or within the edit budget, in their
// canonical forms and as written ("Info Tech" and "Infotecs"), unless all
// of them are free.
func (ix *Index) joinedLookups(p *preparedQuery, i int, freeBits uint64, sc *scratch) {
	if i+1 >= len(p.tokens) {
		return
	}
	var canonBuf, rawBuf [64]byte
	canon, raw := append(canonBuf[:0], p.tokens[i].text...), append(rawBuf[:0], p.tokens[i].raw...)
	bits := tokenBit(i)
	for k := i + 1; k < len(p.tokens) && k <= i+2; k++ {
		canon = append(canon, p.tokens[k].text...)
		raw = append(raw, p.tokens[k].raw...)
		bits |= tokenBit(k)
		if bits&^freeBits == 0 {
			continue // joins of free tokens add nothing
		}
		ix.creditTerm(string(canon), bits, sc)
		if string(raw) != string(canon) {
			ix.creditTerm(string(raw), bits, sc)
		}
		if c, _ := Canon(string(canon)); c != string(canon) {
			ix.creditTerm(c, bits, sc)
		}
		if k == i+1 && len(canon) <= 12 {
			// Fuzzy joins only for short joins, where split words are
			// met ("al haramain", "info tech"); TestIndexLosesNoHit
			// shows no hit is lost for it.
			ix.fuzzyTerms(string(canon), joinBudget(len(canon)), sc, func(id int32, _ int) {
				sc.credit(ix.postings.of(id), bits)
				sc.credit(ix.joins.of(id), bits)
			})
		}
	}
}

// fuzzyCap is the most a query word of n letters can count (as a share of
// its weight) when it matches a word or joined words only with edits: one
// edit against a word one letter longer, 1 - 1/(n+1). (Token pairs count
// less still, raised to FuzzyExponent; joins are compared without it.)
func fuzzyCap(n int) float64 { return 1 - 1/float64(n+1) }

// joinBudget is the edit distance at which words joined from n letters can
// match a listed word: a join must be minJoinSimilarity (0.85) similar, so
// one edit needs seven letters on the longer side and two edits fourteen,
// within two of n.
func joinBudget(n int) int {
	switch {
	case n < 6:
		return 0
	case n < 12:
		return 1
	}
	return 2
}

// creditTerm credits the names holding term t, as a token or a join.
func (ix *Index) creditTerm(t string, bits uint64, sc *scratch) {
	if id, ok := ix.termID[t]; ok {
		sc.credit(ix.postings.of(id), bits)
		sc.credit(ix.joins.of(id), bits)
	}
}

// tokenBit is the bit of query token i; tokens past 63 share the last bit,
// which only loosens the bound.
func tokenBit(i int) uint64 { return 1 << min(i, 63) }

// minShare is the least share of the query's weight a name must match to
// reach score s: the inverse of the best nameScore can give for that share,
// whatever the listed side (see nameScore), with query weight qw and
// conflict weight cw.
func minShare(s, qw, cw float64) float64 {
	if s <= 0 {
		return 0
	}
	lo, hi := 0.0, 1.0
	for range 30 {
		mid := (lo + hi) / 2
		if bestNameScore(mid, qw, cw) >= s {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo
}

// bestNameScore is the highest nameScore for a query coverage sq: the
// listed side's shortfall is chosen to be the most favourable conflict c.
// log((1-c)^CW (1-mq+c)^QW) is concave in c, so the best c is where its
// derivative vanishes, c = (QW - CW + CW*mq)/(QW + CW), kept in [0, mq].
func bestNameScore(sq, qw, cw float64) float64 {
	mq := 1 - sq
	c := 0.0
	if cw+qw > 0 {
		c = max(0, min(mq, (qw-cw+cw*mq)/(qw+cw)))
	}
	return math.Pow(1-c, cw) * math.Pow(1-(mq-c), qw)
}

// isPerson reports whether name n is scored as a person's (see scoreName):
// by its record's kind, else the query's.
func (ix *Index) isPerson(p *preparedQuery, n *indexedName) bool {
	if n.recordKind == kindUnknown {
		return p.kind == "person"
	}
	return n.recordKind == kindPerson
}

// freeCredit is what the query's tokens credit to every name without a
// lookup: an initial may stand for any word with its letter, at
// initialSimilarity; when the query has a rare word (rare), its common
// words are credited in full (freeBits marks them) rather than looked up.
func (ix *Index) freeCredit(p *preparedQuery, rare bool) (free float64, freeBits uint64) {
	common := ix.nNames / 50
	for i, t := range p.tokens {
		switch {
		case len(t.text) == 1:
			free += t.weight * initialSimilarity
		case rare && (t.class != ClassName || ix.df(t.id) > common):
			free += t.weight
			freeBits |= tokenBit(i)
		}
	}
	if len(p.tokens) > 63 {
		freeBits = 0 // tokens past 63 share a bit: count them as found
	}
	return free, freeBits
}
