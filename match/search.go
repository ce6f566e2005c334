package match

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unsafe"
)

// preparedQuery is a query folded and weighted against an index.
type preparedQuery struct {
	folded string
	bag    uint64 // letterBag of folded
	tokens []token
	kind   string
	ctry   []string
	birth  string
	ids    []string
	abjad  bool
	// syllabic says the query is written in Han or Hangul syllables.
	syllabic bool
	// initials has the letterBit of each one-letter token, firsts of the
	// first letter of each longer one.
	initials, firsts uint32
	nInitials        int      // how many one-letter tokens
	skels            []uint32 // skelHash of each token's skeleton
	// joins are the lengths and letters of two adjacent words joined,
	// which the scorer may match with a listed word with edits.
	joins []joinShape
	// foldBuf holds folded when prepareInto folds into it, reused by the
	// next query prepared into the same place: strings of the query (the
	// folded name, its tokens) then point into it, and whatever outlives
	// the query must be copied out first (see ownedFolds).
	foldBuf []byte
	words   []string // the folded name's words, as canonTokensInto split them
	// The storage of skels, joins, tokens and the split words for a
	// query of up to eight words, allocated with the query; a longer
	// query's storage is kept for the next query prepared into the same
	// place.
	skelBuf [8]uint32
	joinBuf [7]joinShape
	tokBuf  [8]token
	wordBuf [8]string
}

// joinShape is the length and letters (letterMask32) of two adjacent query
// words joined, in canonical forms.
type joinShape struct {
	n    int
	mask uint32
}

// mayJoin reports whether two adjacent query words joined may match listed
// token c with edits (see findJoin): within two letters of its length and
// two letters of its letters.
func (p *preparedQuery) mayJoin(c *listedToken) bool {
	if c.n < 4 {
		return false
	}
	for _, j := range p.joins {
		if abs(j.n-int(c.n)) <= 2 && lettersWithin(uint64(j.mask), uint64(c.mask), 2) {
			return true
		}
	}
	return false
}

// hasSkel reports whether a query token's phonetic skeleton has skelHash h.
func (p *preparedQuery) hasSkel(h uint32) bool {
	for _, s := range p.skels {
		if s == h {
			return true
		}
	}
	return false
}

// prepare prepares q to be compared with any name, indexed or not.
func (ix *Index) prepare(q Query) *preparedQuery {
	return ix.prepareInto(new(preparedQuery), q, nil)
}

// prepareInto is prepare into p, whatever p held before. With intern (the
// index searched), the tokens' skeletons are the index's (see
// canonTokensInto): for a query compared with indexed names only.
func (ix *Index) prepareInto(p *preparedQuery, q Query, intern *Index) *preparedQuery {
	skels, joins, toks, words, fold := p.skels[:0], p.joins[:0], p.tokens[:0], p.words[:0], p.foldBuf[:0]
	*p = preparedQuery{kind: q.Kind, ctry: upperAll(q.Countries), birth: q.BirthDate, abjad: isAbjad(q.Name), syllabic: isSyllabicText(q.Name)}
	p.skels, p.joins, p.tokens, p.words = skels, joins, toks, words
	if p.tokens == nil { // a new place: the storage within it
		p.skels, p.joins, p.tokens, p.words = p.skelBuf[:0], p.joinBuf[:0], p.tokBuf[:0], p.wordBuf[:0]
	}
	// With intern, the name is folded into the query's own buffer when it
	// can be: a query then allocates nothing to be prepared.
	p.foldBuf = fold // kept, empty, for the next query when not used
	plain := false
	if intern != nil {
		p.foldBuf, plain = appendFoldPlain(fold, q.Name)
	}
	switch {
	case !plain:
		p.folded = Fold(q.Name)
	case len(p.foldBuf) > 0:
		p.folded = unsafe.String(unsafe.SliceData(p.foldBuf), len(p.foldBuf))
	}
	p.tokens, p.words = canonTokensInto(p.tokens, p.words, p.folded, intern)
	p.bag = letterBag(p.folded)
	for i := range p.tokens {
		t := &p.tokens[i]
		t.id = ix.termOf(t.text)
		t.weight = ix.weight(t.text, t.id, t.class)
		p.skels = append(p.skels, skelHash(t.skel))
		if len(t.text) == 1 {
			p.nInitials++
			p.initials |= letterBit(t.text[0])
		} else if t.text != "" {
			p.firsts |= letterBit(t.text[0])
		}
	}
	// The scorer joins two words with edits, not an initial (findJoin).
	for i := 0; i+1 < len(p.tokens); i++ {
		a, b := &p.tokens[i], &p.tokens[i+1]
		if n := len(a.text) + len(b.text); len(a.text) > 1 && len(b.text) > 1 && n <= maxFuzzyJoin {
			p.joins = append(p.joins, joinShape{n, letterMask32(a.mask | b.mask)})
		}
	}
	for _, id := range q.Identifiers {
		if k := normID(id); len(k) >= 5 {
			p.ids = append(p.ids, k)
		}
	}
	return p
}

// Search returns the records whose best name scores at or above
// opts.Threshold, best first, at most opts.Limit of them.
func (ix *Index) Search(q Query, opts Options) []Result {
	return ix.search(q, opts, false)
}

// SearchExhaustive is Search without the candidate index: it scores every
// name, comparing strings. It is the reference the index is tested
// against (no hit lost), and thousands of times slower.
func (ix *Index) SearchExhaustive(q Query, opts Options) []Result {
	return ix.search(q, opts, true)
}

// search is Search, scoring every name when exhaustive (the reference the
// candidate index is tested against: it compares strings where the index
// reads its lookup tables).
func (ix *Index) search(q Query, opts Options, exhaustive bool) []Result {
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	// Evidence can add to the name score; a name is a candidate when its
	// name score plus the most the query's evidence could add reaches the
	// threshold.
	minScore := opts.Threshold
	if len(q.Identifiers) > 0 {
		minScore -= max(0, opts.IdentifierMatch)
	}
	if len(q.Countries) > 0 {
		minScore -= max(0, opts.CountryMatch)
	}
	if q.BirthDate != "" {
		minScore -= max(0, opts.BirthMatch)
	}
	sc.best = sc.best[:0]
	var prepared [maxNameVariants]*preparedQuery
	variants, nv := nameVariants(q.Name)
	for vi, name := range variants[:nv] {
		qv := q
		qv.Name = name
		pv := ix.prepareInto(&sc.queries[vi], qv, ix) // compared only with indexed names
		prepared[vi] = pv
		ids := ix.candidates(pv, minScore, opts, sc)
		tab := simTable(sc.hits[:len(pv.tokens)])
		if exhaustive {
			ids, tab = ix.allNames, nil
		}
		for _, id := range ids {
			n := &ix.names[id]
			r, ok := ix.scoreName(pv, n, opts, tab, &sc.buf, false)
			if ok && r.Score >= minScore {
				sc.keepBest(n.record, id, n.index, vi, r.Score)
			}
		}
	}
	p := prepared[0]
	out := make([]Result, 0, len(sc.best))
	for _, b := range sc.best {
		pv := prepared[b.variant]
		var r Result
		if opts.Brief {
			n := &ix.names[b.name]
			r = Result{Record: int(b.record), Score: b.score,
				Explanation: Explanation{Name: n.text, NameIndex: int(n.index), NameKind: n.kind, Weak: n.weak}}
		} else {
			// Scored again to explain it: the explanation is built only here.
			r, _ = ix.scoreName(pv, &ix.names[b.name], opts, nil, &sc.buf, true)
		}
		ix.applyEvidence(p, b.record, &r, opts)
		if r.Score >= opts.Threshold {
			out = append(out, r)
		}
	}
	for _, k := range p.ids {
		for _, rec := range ix.ids[k] {
			if !sc.hasRecord(rec) {
				r := ix.idOnly(p, rec)
				ix.applyEvidence(p, rec, &r, opts)
				if r.Score >= opts.Threshold {
					out = append(out, r)
				}
			}
		}
	}
	var owned ownedFolds
	for i := range nv {
		owned.bufs[i] = prepared[i].foldBuf
	}
	for i := range out {
		owned.own(&out[i].Explanation)
	}
	slices.SortFunc(out, func(a, b Result) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.Record, b.Record)
	})
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	return out
}

// ownedFolds copies out of the queries' fold buffers (preparedQuery.foldBuf,
// which the next query reuses) the strings of results that point into
// them: each buffer once, and only when a result holds a string of it.
type ownedFolds struct {
	bufs   [maxNameVariants][]byte
	copies [maxNameVariants]string
}

// own points e's query strings into copies of the buffers they are in.
func (o *ownedFolds) own(e *Explanation) {
	e.Query = o.str(e.Query)
	for i := range e.Tokens {
		e.Tokens[i].Query = o.str(e.Tokens[i].Query)
	}
}

// str returns s, or when s lies in one of the buffers, the same bytes in
// that buffer's copy.
func (o *ownedFolds) str(s string) string {
	if s == "" {
		return s
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	for i, b := range o.bufs {
		if len(b) == 0 {
			continue
		}
		base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		if p < base || p >= base+uintptr(len(b)) {
			continue
		}
		if o.copies[i] == "" {
			o.copies[i] = string(b)
		}
		off := int(p - base)
		return o.copies[i][off : off+len(s)]
	}
	return s
}

// nameVariants returns the name, then, when it holds a bracketed part
// ("KNS Group LLC (YADRO Company)"), the name without it and the bracketed
// part alone: a party written with its alias or former name in brackets is
// screened under each. Parts of four letters or fewer ("(BTC)") are not
// screened alone: as acronyms they identify too little.
func nameVariants(name string) (v [maxNameVariants]string, n int) {
	v[0], n = name, 1
	open := strings.IndexAny(name, "([")
	if open < 0 {
		return v, n
	}
	end := strings.IndexAny(name[open:], ")]")
	if end < 0 {
		return v, n
	}
	end += open
	outside := strings.TrimSpace(name[:open] + " " + name[end+1:])
	inside := strings.TrimSpace(name[open+1 : end])
	if len(Fold(outside)) > 4 {
		v[n], n = outside, n+1
	}
	// The bracketed part alone only when it names something: not a place
	// ("(Hong Kong)") or a bare legal form.
	if len(Fold(inside)) > 4 && hasNameToken(canonTokens(Fold(inside))) {
		v[n], n = inside, n+1
	}
	return v, n
}

// maxNameVariants is the most names nameVariants makes of one.
const maxNameVariants = 3

func round(x float64) float64 { return math.Round(x*10000) / 10000 }
