package match

import (
	"math"
	mathbits "math/bits"
	"slices"
)

// candidates returns the names that could score at least minScore (before
// evidence), and fills sc.hits with the dictionary terms each query token
// is within its edit budget of, for the scorer. Each query token looks up
// the names holding it exactly, phonetically, within the edit budget, or as
// a join of adjacent tokens on either side, and credits them with its
// weight; a name whose credited share of the query cannot reach the score
// needed is not scored, nor one whose words the query's cannot cover enough
// of (listedShare) for the two shares together to reach it. Common tokens
// are not looked up when the query has rarer ones: their weight is credited
// to every name instead, so no name is wrongly cut. The tokens with the
// longest lists credit only the names the others found (gateTokens). A
// listed initial is credited with the query words it could stand for;
// names the whole-name typo rule could save are kept.
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
	sc.nextReach()
	sc.nears = append(sc.nears[:0], make([][]termHit, len(p.tokens))...)
	// First every token's lookups, then the names they credit: the tokens
	// whose lists are long credit last, only names already found (see
	// gateTokens).
	for i := range p.tokens {
		if ix.lookupToken(p, i, freeBits, sc) {
			fuzzyLooked = true
		}
	}
	lateExact, lateFuzzy := ix.gateTokens(p, freeBits, free, total, need, sc)
	for i := range p.tokens {
		if b := tokenBit(i); freeBits&b == 0 {
			ix.creditToken(p, i, lateExact&b == 0, lateFuzzy&b == 0, sc)
		}
	}
	// A name within the typo rule's one or two edits of the query shares
	// with it every word looked up above, within one or two edits. Only when
	// no word was looked up fuzzily (all short or common: "YK-AKD") are such
	// names looked up apart.
	if !fuzzyLooked && len(p.folded) <= 40 && !p.syllabic {
		ix.typoCandidates(p, sc)
	}
	if lateExact|lateFuzzy != 0 {
		sc.gate.on = true
		for i := range p.tokens {
			if b := tokenBit(i); (lateExact|lateFuzzy)&b != 0 {
				ix.creditToken(p, i, lateExact&b != 0, lateFuzzy&b != 0, sc)
			}
		}
		sc.gate.on = false
	}
	// The listed name's share is bounded too (see listedShare), and the
	// two bounds together bound the score.
	listedOther := sc.minShare(minScore, opts.ListedWeight, opts.ConflictWeight)
	listedPerson := sc.minShare(minScore, opts.PersonListedWeight, opts.ConflictWeight)
	out := sc.cands[:0]
	cr := sc.credits.of(p)
	for k, id := range sc.touched {
		h := ix.hot[id]
		if h.abjad() != p.abjad {
			continue // scoreName compares only names written alike
		}
		m := &sc.marks[k]
		share := min(1, (cr.credit(p, m, h, freeBits)+free)/total)
		need, needListed, qw, lw := needOther, listedOther, opts.QueryWeight, opts.ListedWeight
		if share >= needPerson && personKind(p, h.kind()) {
			need, needListed, qw, lw = needPerson, listedPerson, opts.PersonQueryWeight, opts.PersonListedWeight
			if p.syllabic {
				qw = opts.QueryWeight
			}
		}
		if share >= need && (m.joined || listedMayReach(p, h, needListed) &&
			ix.listedReaches(p, &ix.facts[id], sc, 1-share, needListed, qw, lw, minScore, opts.ConflictWeight)) || ix.typoPossible(p, id, h) {
			out = append(out, id)
		}
	}
	sc.cands = out
	return out
}

// queryCredits holds, for a query, what each token credits a name: its
// weight found exactly (an initial: the part free credit leaves), its
// weight misspelt (at most fuzzyCap of it), and which tokens each letter
// a listed initial may stand for begins. A name's credit is then summed
// over the bits it holds, not over every token.
type queryCredits struct {
	exact, whole, fuzzy [64]float64
	byLetter            [32]uint64 // by letterBit's bit: the tokens beginning with it
}

// of fills the credits of query p (at most 64 tokens; see credit).
func (q *queryCredits) of(p *preparedQuery) *queryCredits {
	if len(p.tokens) > 63 {
		return q
	}
	q.byLetter = [32]uint64{}
	for i := range p.tokens {
		t := &p.tokens[i]
		q.whole[i], q.exact[i], q.fuzzy[i] = t.weight, t.weight, t.weight*fuzzyCap(len(t.text))
		if len(t.text) == 1 {
			q.exact[i] = t.weight * (1 - initialSimilarity) // the rest is in free
		}
		q.byLetter[mathbits.TrailingZeros32(letterBit(t.text[0]))] |= tokenBit(i)
	}
	return q
}

// credit is the weight the query's tokens credit name marks m (nameHot h)
// beyond the free credit: a token found exactly counts its exact weight, a
// listed initial may stand for a token not found so (its whole weight),
// and a token found only misspelt counts its fuzzy weight. A tiny slack
// absorbs the order of the sum.
func (q *queryCredits) credit(p *preparedQuery, m *nameMarks, h nameHot, freeBits uint64) float64 {
	exact := m.bits &^ freeBits
	fuzzy := m.fuzzy &^ freeBits &^ exact
	if len(p.tokens) > 63 {
		return creditEach(p, exact, fuzzy, h, freeBits)
	}
	var initial uint64
	for ini := h.initials(); ini != 0; ini &= ini - 1 {
		initial |= q.byLetter[mathbits.TrailingZeros32(ini)]
	}
	initial &^= exact | freeBits
	fuzzy &^= initial
	c := 1e-9
	for b := exact; b != 0; b &= b - 1 {
		c += q.exact[mathbits.TrailingZeros64(b)]
	}
	for b := initial; b != 0; b &= b - 1 {
		c += q.whole[mathbits.TrailingZeros64(b)]
	}
	for b := fuzzy; b != 0; b &= b - 1 {
		c += q.fuzzy[mathbits.TrailingZeros64(b)]
	}
	return c
}

// creditEach is queryCredits.credit token by token, as tokens past 63,
// which share a bit, need.
func creditEach(p *preparedQuery, exact, fuzzy uint64, h nameHot, freeBits uint64) float64 {
	c := 0.0
	for i := range p.tokens {
		t := &p.tokens[i]
		switch b := tokenBit(i); {
		case exact&b != 0 && len(t.text) == 1:
			c += t.weight * (1 - initialSimilarity)
		case exact&b != 0:
			c += t.weight
		case freeBits&b != 0:
		case h.initials()&letterBit(t.text[0]) != 0:
			c += t.weight
		case fuzzy&b != 0:
			c += t.weight * fuzzyCap(len(t.text))
		}
	}
	return c
}

// lookupToken finds what query token i is looked up by: the terms within
// its edit budget (sc.nears, and sc.hits for the scorer), the reachable
// terms they mark, and the names holding it joined with its neighbours. It
// reports whether the token was looked up with edits.
func (ix *Index) lookupToken(p *preparedQuery, i int, freeBits uint64, sc *scratch) bool {
	t := &p.tokens[i]
	ix.joinedLookups(p, i, freeBits, sc)
	// Every term within the scorer's edit budget of the token, which the
	// listed share counts as reachable.
	var near []termHit
	if t.id >= 0 {
		sc.markReachID(t.id)
	}
	if len(t.text) >= 3 {
		near = ix.fuzzyTerms(t.text, editBudget(len(t.text)), sc)
		sc.markReach(near, len(t.text))
	}
	sc.nears[i] = near
	if freeBits&tokenBit(i) != 0 {
		sc.setHits(i, nil) // the scorer compares it directly
		if len(t.text) >= 4 {
			// Credited to every name, but a name holding it as joined
			// words is marked, since the scorer may pair it with several
			// of that name's tokens.
			ix.markJoined(t, near, sc)
		}
		return false
	}
	// The scorer reads the near terms of the token from here.
	hits := sc.tokenHits(i)
	fuzzy := lookupBudget(len(t.text)) > 0
	if fuzzy {
		hits = append(hits, near...)
	}
	sc.setHits(i, hits)
	return fuzzy
}

// creditToken credits query token i to the names holding it: exactly, as
// joined words or a word as written, phonetically, or within its edit
// budget (sc.hits).
func (ix *Index) creditToken(p *preparedQuery, i int, exact, fuzzy bool, sc *scratch) {
	t := &p.tokens[i]
	bit := tokenBit(i)
	if exact {
		if t.id >= 0 {
			sc.credit(ix.postings.of(t.id), bit)
			sc.creditJoined(ix.joins.of(t.id), bit, false)
			sc.creditJoined(ix.initialJoins.of(t.id), bit, false)
		}
		if t.raw != t.text {
			if id, ok := ix.termID(t.raw); ok {
				sc.creditJoined(ix.joins.of(id), bit, false)
				sc.creditJoined(ix.initialJoins.of(id), bit, false)
			}
		}
		if t.skel != "" {
			// The names holding a word that sounds alike; those holding
			// the token itself are credited above.
			for _, id := range ix.skels[t.skel].terms {
				if id != t.id {
					sc.credit(ix.postings.of(id), bit)
				}
			}
		}
	}
	if !fuzzy {
		return
	}
	for _, h := range sc.hits[i] {
		// The token's own term (at distance 0) is credited above.
		if h.d == 0 || !h.pairable(len(t.text)) {
			continue
		}
		// A misspelt word counts less than its weight (see fuzzyCap):
		// credited apart, so the bound knows.
		sc.creditFuzzy(ix.postings.of(h.id), bit)
		if ix.joinPairable(t, h) {
			sc.creditJoined(ix.joins.of(h.id), bit, true)
		}
	}
	if len(t.text) == 3 && !p.syllabic {
		// Three letters are compared at one edit ("tom", "tim") but not
		// looked up so (lookupBudget): looked up here for names.
		for _, h := range sc.nears[i] {
			// The token's own term is credited above.
			if h.d > 0 && h.pairable(len(t.text)) {
				sc.creditFuzzy(ix.postings.of(h.id), bit)
			}
		}
	}
}

// creditCosts is about how many names creditToken goes through for query
// token i, its exact part (the token, its joins, its words as written and
// alike) and its misspelt part (its near terms).
func (ix *Index) creditCosts(p *preparedQuery, i int, sc *scratch) (exact, fuzzy int) {
	t := &p.tokens[i]
	if t.id >= 0 {
		exact += ix.postings.size(t.id) + ix.joins.size(t.id)
	}
	for _, h := range sc.hits[i] {
		if h.d > 0 {
			fuzzy += ix.postings.size(h.id)
		}
	}
	if len(t.text) == 3 {
		for _, h := range sc.nears[i] {
			if h.d > 0 {
				fuzzy += ix.postings.size(h.id)
			}
		}
	}
	return exact, fuzzy
}

// gateTokens picks the parts of query tokens credited late, to the names
// the other parts found only (MaxScore, as search engines skip what cannot
// make the top results): of each token, its exact part (the names holding
// it, its joins, its words as written and alike) and its misspelt part
// (the names holding its near terms); the parts with the longest lists, as
// many as the share they may credit together, with the free credit, stays
// below need. A name none of the other parts finds then holds at most that
// share, and cannot be a candidate, unless a listed initial of it stands
// for a token whose exact part is early (credited without a lookup) or the
// whole-name typo rule may match it: sc.gate lets those in still.
func (ix *Index) gateTokens(p *preparedQuery, freeBits uint64, free, total, need float64, sc *scratch) (lateExact, lateFuzzy uint64) {
	if len(p.tokens) < 2 || len(p.tokens) > 63 {
		return 0, 0
	}
	// Each token's two parts, by cost.
	type part struct {
		i     int
		c     int
		exact bool
	}
	var buf [32]part
	order := buf[:0]
	for i := range p.tokens {
		if freeBits&tokenBit(i) == 0 {
			e, f := ix.creditCosts(p, i, sc)
			order = append(order, part{i, e, true}, part{i, f, false})
		}
	}
	slices.SortFunc(order, func(a, b part) int { return b.c - a.c })
	// A name holding a token counts it once, whichever part finds it: its
	// exact weight, or a listed initial for it (its whole weight, which is
	// the exact weight of any word of two letters or more), or at most
	// fuzzyCap of it misspelt. So a token's exact part late adds its exact
	// weight to what a name the early parts miss may hold, its misspelt
	// part late alone the fuzzyCap share of it.
	bound := func(i int, exact, fuzzy bool) float64 {
		t := &p.tokens[i]
		switch {
		case exact && len(t.text) == 1:
			return t.weight * (1 - initialSimilarity) // the rest is in free
		case exact:
			return t.weight
		case fuzzy:
			return t.weight * fuzzyCap(len(t.text))
		}
		return 0
	}
	budget := need*total - free - 1e-9
	for _, o := range order {
		b := tokenBit(o.i)
		e, f := lateExact&b != 0, lateFuzzy&b != 0
		before := bound(o.i, e, f)
		if o.exact {
			e = true
		} else {
			f = true
		}
		if add := bound(o.i, e, f) - before; o.c > 0 && add < budget {
			budget -= add
			if o.exact {
				lateExact |= b
			} else {
				lateFuzzy |= b
			}
		}
	}
	if lateExact|lateFuzzy == 0 {
		return 0, 0
	}
	// A listed initial may stand for a token whose exact part is early
	// (credited without a lookup): names with one are let in.
	var early uint32
	for i := range p.tokens {
		if b := tokenBit(i); freeBits&b == 0 && lateExact&b == 0 {
			early |= letterBit(p.tokens[i].text[0])
		}
	}
	g := &sc.gate
	g.hot, g.masks, g.initials, g.abjad = ix.hot, ix.masks, early, p.abjad
	g.edits = 0
	if !p.syllabic {
		g.edits = typoEdits(len(p.folded))
		g.foldedLen, g.bag = len(p.folded), p.bag
	}
	return lateExact, lateFuzzy
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
		// Joins of free tokens credit nothing (their weight is every
		// name's already) but the listed words they reach are marked.
		credit := bits&^freeBits != 0
		ix.creditTerm(string(canon), bits, credit, sc)
		if string(raw) != string(canon) {
			ix.creditTerm(string(raw), bits, credit, sc)
		}
		if c, _ := Canon(string(canon)); c != string(canon) {
			ix.creditTerm(c, bits, credit, sc)
		}
		if k == i+1 && len(canon) <= maxFuzzyJoin && len(p.tokens[i].text) > 1 && len(p.tokens[k].text) > 1 {
			// Joins with edits only of two short words, where split
			// words are met ("al haramain", "info tech"), as the scorer
			// makes them (findJoin). An initial joins only exactly.
			near := ix.fuzzyTerms(string(canon), joinBudget(len(canon)), sc)
			sc.markReach(near, len(canon))
			if credit {
				for _, h := range near {
					// The join itself (at distance 0) is credited above.
					if h.d == 0 || !h.pairable(len(canon)) {
						continue
					}
					sc.credit(ix.postings.of(h.id), bits)
					sc.credit(ix.joins.of(h.id), bits)
				}
			}
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

// creditTerm marks term t reachable, as the query's joined words may be
// paired with it, and, when credit is set, credits the names holding it as
// a token, a join or a word as written.
func (ix *Index) creditTerm(t string, bits uint64, credit bool, sc *scratch) {
	id, ok := ix.termID(t)
	if !ok {
		return
	}
	sc.markReachID(id)
	if credit {
		// A name holding the joined words as adjacent tokens pairs them
		// one by one; one holding them as one word as written pairs them
		// with that word, whose canonical term is not known here.
		sc.credit(ix.postings.of(id), bits)
		sc.credit(ix.joins.of(id), bits)
		sc.credit(ix.initialJoins.of(id), bits)
		sc.creditJoined(ix.raws.of(id), bits, false)
	}
}

// typoCandidates touches the names the whole-name typo rule may match when
// no word was looked up with edits (all short or common: "YK-AKD", "Lin
// Electronics"). Such a name is within one or two edits of the folded
// query, so, but for edits of its spaces, each of its words is within as
// many edits of the query's word, and when the query has more words than
// edits, one of them is unchanged. So the names holding a term near the
// query word whose near terms the fewest names hold are touched, else
// those holding any query word; typoPossible then judges each. A query
// with neither is looked up in the dictionary of whole names.
func (ix *Index) typoCandidates(p *preparedQuery, sc *scratch) {
	d := typoEdits(len(p.folded))
	if d == 0 {
		return
	}
	best, cost := -1, 0
	for i := range p.tokens {
		if editBudget(len(p.tokens[i].text)) < d {
			continue
		}
		c := 0
		for _, h := range sc.nears[i] {
			c += ix.postings.size(h.id) + ix.joins.size(h.id)
		}
		if best < 0 || c < cost {
			best, cost = i, c
		}
	}
	switch {
	case best >= 0:
		for _, h := range sc.nears[best] {
			sc.touchAll(ix.postings.of(h.id))
			sc.touchAll(ix.joins.of(h.id))
			sc.touchAll(ix.initialJoins.of(h.id))
		}
	case len(p.tokens) > d:
		for i := range p.tokens {
			t := &p.tokens[i]
			if t.id >= 0 {
				sc.touchAll(ix.postings.of(t.id))
			}
			if id, ok := ix.termID(t.raw); ok {
				sc.touchAll(ix.postings.of(id))
				sc.touchAll(ix.raws.of(id))
			}
		}
	default:
		ix.typoNames(p.folded, d, func(id int32) { sc.touch(id) })
	}
}

// joinPairable reports whether near term h of query token t, held by a
// name as adjacent tokens joined, may pair with t as the scorer joins
// tokens (findJoin): exactly, or within the edit budget and at least
// minJoinSimilarity similar, to the token as folded or as written. "Al
// Mohammad" joined is two edits from "mohammad", but only 0.8 similar.
func (ix *Index) joinPairable(t *token, h termHit) bool {
	if h.d == 0 {
		return true
	}
	if joinSimilar(len(t.text), int(h.n), int(h.d)) {
		return true
	}
	if t.raw == t.text {
		return false
	}
	term := ix.terms[h.id]
	return joinSimilar(len(t.raw), len(term), osaDistance(t.raw, term, editBudget(min(len(t.raw), len(term)))))
}

// joinSimilar reports whether words of la and lb letters d edits apart
// are similar enough to join, as joinSim takes them: by fuzzySim at
// minJoinSimilarity.
func joinSimilar(la, lb, d int) bool {
	_, how := fuzzySim(la, lb, d, minJoinSimilarity)
	return how == HowFuzzy
}

// markJoined marks the names that hold free token t, or a term near it,
// as adjacent tokens joined, without crediting them.
func (ix *Index) markJoined(t *token, near []termHit, sc *scratch) {
	if t.raw != t.text {
		if id, ok := ix.termID(t.raw); ok {
			sc.creditJoined(ix.joins.of(id), 0, false)
			sc.creditJoined(ix.initialJoins.of(id), 0, false)
		}
	}
	// near holds the token itself (at distance 0) when it is a term.
	for _, h := range near {
		if !ix.joinPairable(t, h) {
			continue
		}
		sc.creditJoined(ix.joins.of(h.id), 0, false)
		if h.d == 0 {
			sc.creditJoined(ix.initialJoins.of(h.id), 0, false)
		}
	}
}

// listedReaches reports whether name id may score minScore, its query
// shortfall being at least mq: whether its listed share, bounded by
// listedShare, reaches need, the least share any query shortfall allows
// (minShare with the listed weight lw), and then whether both bounds
// together do (boxScore).
func (ix *Index) listedReaches(p *preparedQuery, f *nameFacts, sc *scratch, mq, need, qw, lw, minScore, cw float64) bool {
	ls := ix.listedShare(p, f, sc)
	if ls < need {
		return false
	}
	return boxScore(mq, 1-ls, qw, lw, cw) >= minScore
}

// listedMayReach reports whether name h's listed share may reach need, by
// the bound nameHot holds (topShare), read without the name's tokens:
// false only when listedReaches would be false too. (The two bounds'
// joint score, boxScore, is left to listedReaches: two powers a name cost
// more than the tokens' cache misses they would save.)
func listedMayReach(p *preparedQuery, h nameHot, need float64) bool {
	return h.topShare(len(p.tokens))+1e-6 >= need
}

// listedShare bounds the share of name id's weight the scorer can cover:
// a listed token counts only when a query token can be paired with it, as
// a term the query reaches (marked in sc), a phonetic equal, or an initial
// standing for a word. Names whose joined tokens a query token may cover
// are not bounded so (nameMarks.joined).
func (ix *Index) listedShare(p *preparedQuery, f *nameFacts, sc *scratch) float64 {
	if f.nTokens == 255 {
		return 1
	}
	// Each query token pairs with one listed token at most: a query
	// initial covers one of the listed words it may stand for, and no more
	// listed tokens count than the query has.
	var byInitial [4]float64 // the largest weights an initial may cover
	var got, total float64
	var parts [maxBoundTokens]float64
	n := 0
	count := func(w float64) {
		if n < len(parts) {
			parts[n] = w
		}
		n++
		got += w
	}
	tokens := ix.listed[f.tokens : f.tokens+uint32(f.nTokens)]
	for i := range tokens {
		c := &tokens[i]
		w := float64(c.weight)
		total += w
		switch {
		case sc.reached(c.term):
			count(w)
		case c.skel != 0 && p.hasSkel(c.skel):
			count(w * phoneticSimilarity)
		case c.single && p.firsts&letterBit(c.first) != 0:
			count(w * initialSimilarity)
		case p.mayJoin(c):
			// Adjacent query words joined may match it with edits.
			count(w)
		case !c.single && p.initials&letterBit(c.first) != 0:
			if p.nInitials <= len(byInitial) {
				keepLargest(byInitial[:p.nInitials], w*initialSimilarity)
			} else {
				count(w * initialSimilarity)
			}
		}
	}
	for _, w := range byInitial {
		if w > 0 {
			count(w)
		}
	}
	if k := len(p.tokens); n > k && n <= len(parts) {
		slices.Sort(parts[:n])
		got = 0
		for _, w := range parts[n-k : n] {
			got += w
		}
	}
	if total == 0 {
		return 1
	}
	// The slack absorbs rounding: the weights are kept in single precision
	// here, and the scorer sums them in another order.
	return got/total + 1e-6
}

// maxBoundTokens is how many listed tokens listedShare ranks to keep the
// largest; a longer name is bounded without the ranking.
const maxBoundTokens = 16

// keepLargest puts w in place of the smallest of top when it is larger.
func keepLargest(top []float64, w float64) {
	i := 0
	for j := range top {
		if top[j] < top[i] {
			i = j
		}
	}
	if len(top) > 0 && w > top[i] {
		top[i] = w
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

// boxScore is the highest nameScore when the query's shortfall is at least
// mq and the listed name's at least mc, with query, listed and conflict
// weights qw, lw and cw. With mq <= mc the best lies on mc itself (more
// listed shortfall only costs), where log nameScore is concave in the
// query's shortfall, maximal at (lw - cw + cw*mc)/(lw + cw) within
// [mq, mc]; the other case mirrors it. A tiny slack absorbs rounding.
func boxScore(mq, mc, qw, lw, cw float64) float64 {
	if mq > mc {
		mq, mc, qw, lw = mc, mq, lw, qw
	}
	x := mq
	if lw+cw > 0 {
		x = max(mq, min(mc, (lw-cw+cw*mc)/(lw+cw)))
	}
	return math.Pow(1-x, cw)*math.Pow(1-mc+x, lw) + 1e-9
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
	return personKind(p, n.recordKind)
}

// personKind is isPerson for a name whose record's kind is k.
func personKind(p *preparedQuery, k kindClass) bool {
	if k == kindUnknown {
		return p.kind == "person"
	}
	return k == kindPerson
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
