package match

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// token is one canonical word of a name with its matching data.
type token struct {
	text    string // canonical form
	raw     string // the folded word as written, before canonicalisation
	skel    string
	class   TokenClass
	weight  float64
	id      int32  // the canonical form's term id in the index, or -1
	mask    uint64 // letterMask of text
	rawMask uint64 // letterMask of raw
}

// indexedName is one name of one record, prepared for scoring.
type indexedName struct {
	record int32
	index  uint16
	weak   bool
	abjad  bool
	// recordKind is the kind of its record, as scoreName reads it: person,
	// another kind, or unknown (the query's kind then decides).
	recordKind kindClass
	// initials has a bit per letter that stands alone as a token (an
	// initial), which any query word starting with it may match.
	initials uint32
	kind     string
	text     string
	folded   string
	mask     uint64 // letterMask of folded
	tokens   []token
}

// nameFacts is what the candidate search reads of the names it bounds
// further than nameHot allows, kept apart from indexedName in a dense
// array: a query meets hundreds of names, and reading each one's full
// entry costs cache misses.
type nameFacts struct {
	tokens    uint32 // the name's tokens are Index.listed[tokens:tokens+nTokens]
	foldedLen uint16 // length of the folded name, at most 65535
	nTokens   uint8  // at most 255: a longer name is not bounded by its tokens
}

// nameHot packs what the candidate search reads of every name it meets,
// eight bytes a name, so that the array stays in cache: the initials
// (bits 0-31, as indexedName.initials), the folded length capped at 255
// (bits 32-39), the kindClass (bits 40-41), whether it is written in an
// abjad (bit 42), and the shares of its weight its one, two and three
// heaviest tokens hold (bits 43-49, 50-56, 57-63; see topShares).
type nameHot uint64

func makeNameHot(initials uint32, foldedLen int, kind kindClass, abjad bool, top [3]uint8) nameHot {
	h := nameHot(initials) | nameHot(min(foldedLen, 255))<<32 | nameHot(kind&3)<<40
	if abjad {
		h |= 1 << 42
	}
	for i, q := range top {
		h |= nameHot(q&127) << (43 + 7*i)
	}
	return h
}

// topShares quantizes, rounding up, the shares of the total weight of
// tokens (a name's listed tokens) that its one, two and three heaviest
// hold, in 127ths. listedShare counts at most as many listed tokens as the
// query has, so for a query of k <= 3 tokens it is at most the k-th share,
// which the candidate search reads from nameHot before the tokens. A name
// whose tokens listedShare does not rank that way (more than
// maxBoundTokens) gets 127 (no bound).
func topShares(tokens []listedToken) [3]uint8 {
	top := [3]uint8{127, 127, 127}
	if len(tokens) == 0 || len(tokens) > maxBoundTokens {
		return top
	}
	var w [maxBoundTokens]float64
	var total float64
	for i, t := range tokens {
		w[i] = float64(t.weight)
		total += w[i]
	}
	if total == 0 {
		return top
	}
	ws := w[:len(tokens)]
	slices.Sort(ws)
	var sum float64
	for i := range 3 {
		if i < len(ws) {
			sum += ws[len(ws)-1-i]
		}
		if q := math.Ceil(sum / total * 127 * (1 + 1e-9)); q < 127 {
			top[i] = uint8(q)
		}
	}
	return top
}

// topShare is the bound topShares gives for a query of k tokens: 1 when
// k > 3.
func (h nameHot) topShare(k int) float64 {
	if k < 1 || k > 3 {
		return 1
	}
	return float64(h>>(43+7*(k-1))&127) / 127
}

func (h nameHot) initials() uint32 { return uint32(h) }
func (h nameHot) foldedLen() int   { return int(h >> 32 & 0xff) }
func (h nameHot) kind() kindClass  { return kindClass(h >> 40 & 3) }
func (h nameHot) abjad() bool      { return h&(1<<42) != 0 }

// listedToken is what listedShare reads of a listed token, kept for all
// names in one array: its weight, term, phonetic skeleton (skelHash, 0 for
// none), letters (letterMask32) and length (at most 255), to tell whether
// the query's joined words may match it, and first letter.
type listedToken struct {
	weight float32
	term   int32
	skel   uint32
	mask   uint32
	n      uint8
	first  byte
	single bool // one letter: an initial
}

// letterMask32 folds a letterMask into 32 bits: the letters, one bit for
// all digits and one for anything else. Two words within d edits differ by
// at most d letters each way in it, as in a letterMask.
func letterMask32(m uint64) uint32 {
	out := uint32(m & (1<<26 - 1))
	if m&(1<<36-1<<26) != 0 {
		out |= 1 << 26
	}
	if m&(1<<63) != 0 {
		out |= 1 << 31
	}
	return out
}

// skelHash hashes a phonetic skeleton ("" to 0); equal skeletons hash
// alike, and a collision only makes listedShare bound less tightly.
func skelHash(skel string) uint32 {
	if skel == "" {
		return 0
	}
	h := uint32(2166136261)
	for i := 0; i < len(skel); i++ {
		h = (h ^ uint32(skel[i])) * 16777619
	}
	return h | 1
}

// kindClass is what the kind of a name's record says for scoring.
type kindClass uint8

const (
	kindUnknown kindClass = iota
	kindPerson
	kindOther
)

// kindClassOf classes a record's kind.
func kindClassOf(kind string) kindClass {
	switch kind {
	case "":
		return kindUnknown
	case "person":
		return kindPerson
	}
	return kindOther
}

// recordInfo holds a record's evidence, normalised.
type recordInfo struct {
	kind      string
	countries []string
	births    []string
	ids       []string
}

// Index holds every name of a set of records for fast candidate retrieval
// and scoring. It is immutable once built and safe for concurrent use.
type Index struct {
	records []recordInfo
	names   []indexedName
	facts   []nameFacts // facts[i] summarises names[i]
	hot     []nameHot   // hot[i] packs the most read of facts[i]
	masks   []uint64    // letterBag of each folded name, for the typo rule's bounds
	listed  []listedToken
	// terms is the dictionary of every canonical token, every token as
	// written and every join of two or three adjacent tokens, sorted;
	// postings.of(id) lists the names holding term id as a token,
	// joins.of(id) those holding it as adjacent tokens, initialJoins.of(id)
	// as adjacent tokens one of which is an initial (which the scorer
	// joins only exactly), raws.of(id) as a token as written, each name as
	// a posting (postingName). dels finds the terms within a few edits of
	// a word.
	terms        []string
	dels         *deletionIndex
	termMasks    []uint64 // letterBag of each term
	postings     postingLists
	joins        postingLists
	initialJoins postingLists
	raws         postingLists
	termIDs      termTable            // a term's id by its text (termID)
	skels        map[string]skelTerms // phonetic skeleton -> the token terms with it
	ids          map[string][]int32   // normalised identifier -> records
	nNames       int
	allNames     []int32      // 0..nNames-1, for exhaustive search
	byLength     postingLists // the names by folded length (lengthBuckets), for typoNames
	pool         sync.Pool    // of *scratch
	fuzzy        *termCache
}

// typoEdits is the typo rule's edit distance for a folded query of n
// letters (see typoScore): none below six.
func typoEdits(n int) int {
	switch {
	case n < 6:
		return 0
	case n < 10:
		return 1
	}
	return 2
}

// typoNames calls fn with every name within d edits of the folded query:
// the candidate search asks it only for a query with no word long enough
// to find them by (see typoCandidates). Only the names whose folded
// lengths are within d of the query's are read (byLength), and their
// letters, from a dense array, rule out all but a few.
func (ix *Index) typoNames(folded string, d int, fn func(id int32)) {
	q := letterBag(folded)
	n := len(folded)
	for l := min(max(0, n-d), maxLengthBucket); l <= min(n+d, maxLengthBucket); l++ {
		for _, id := range ix.byLength.of(int32(l)) {
			if abs(ix.foldedLen(id, ix.hot[id])-n) > d || !lettersWithin(ix.masks[id], q, d) {
				continue
			}
			if osaDistance(folded, ix.names[id].folded, d) <= d {
				fn(id)
			}
		}
	}
}

// maxLengthBucket is the last of byLength's lists: the names whose folded
// forms are that long or longer.
const maxLengthBucket = 255

// lengthBuckets lists the names by the length of their folded forms, up to
// maxLengthBucket, each list in ascending order.
func lengthBuckets(names []indexedName) postingLists {
	l := postingLists{start: make([]uint32, maxLengthBucket+2)}
	for i := range names {
		l.start[min(len(names[i].folded), maxLengthBucket)+1]++
	}
	for b := 1; b < len(l.start); b++ {
		l.start[b] += l.start[b-1]
	}
	l.ids = make([]int32, len(names))
	next := slices.Clone(l.start)
	for i := range names {
		b := min(len(names[i].folded), maxLengthBucket)
		l.ids[next[b]] = int32(i)
		next[b]++
	}
	return l
}

// foldedLen is the length of name id's folded form, h being its nameHot.
func (ix *Index) foldedLen(id int32, h nameHot) int {
	if n := h.foldedLen(); n < 255 {
		return n
	}
	return int(ix.facts[id].foldedLen)
}

// minLongJoin is the length from which a join can match a word at two
// edits: a join must be 0.85 similar (minJoinSimilarity), so two edits need
// 14 letters on the longer side, and the shorter is within two of it.
const minLongJoin = 12

// termDepth is how many deletions term i is indexed under: its edit budget
// as a token; for a join, what minJoinSimilarity allows at its length: none
// below six letters, one below minLongJoin, else two.
func (ix *Index) termDepth(i int) int {
	n := len(ix.terms[i])
	if ix.postings.size(int32(i)) > 0 {
		return editBudget(n)
	}
	switch {
	case n < 6:
		return 0
	case n < minLongJoin:
		return 1
	}
	return 2
}

// Len returns the number of names indexed.
func (ix *Index) Len() int { return ix.nNames }

// Terms returns the size of the dictionary: the distinct tokens, words as
// written and joins of adjacent tokens of the names indexed.
func (ix *Index) Terms() int { return len(ix.terms) }

// df is the document frequency of term id: how many names hold it as a
// token (none for -1, a word not in the dictionary).
func (ix *Index) df(id int32) int {
	if id < 0 {
		return 0
	}
	return ix.postings.size(id)
}

// weight is a token's rarity weight: inverse document frequency over the
// indexed names, scaled down for legal forms and generic words. id is the
// token's term id, or -1.
func (ix *Index) weight(text string, id int32, class TokenClass) float64 {
	w := math.Log(1 + float64(ix.nNames+1)/float64(ix.df(id)+1))
	switch class {
	case ClassLegalForm:
		w *= 0.1
	case ClassGeneric:
		w *= 0.35
	case ClassPlace:
		w *= 0.3
	}
	if len(text) <= 2 && class == ClassName {
		w *= 0.6 // initials and fragments identify little
	}
	return w
}

// termOf returns the term id of text, or -1.
func (ix *Index) termOf(text string) int32 {
	if id, ok := ix.termID(text); ok {
		return id
	}
	return -1
}

// skelTerms are the token terms of one phonetic skeleton, and the
// skeleton itself, which a query's token takes rather than a copy.
type skelTerms struct {
	skel  string
	terms []int32
}

// canonTokens splits a folded name into canonical tokens (weights unset).
// Multi-word legal forms ("limited liability company", "you xian gong si")
// and number words ("forty four") become one token first.
func canonTokens(folded string) []token {
	t, _ := canonTokensInto(nil, nil, folded, nil)
	return t
}

// canonTokensInto is canonTokens appending to out, with words as storage
// for the split words, which it returns too: a query's, held by its
// scratch. With an index, a token's skeleton is the index's own string, or
// none when no indexed token has it (the query is then compared only with
// indexed names, none of which it can sound like): no skeleton is
// allocated.
func canonTokensInto(out []token, words []string, folded string, ix *Index) ([]token, []string) {
	for w := range strings.FieldsSeq(folded) {
		words = append(words, w)
	}
	words = canonPhrases(words)
	if out == nil {
		out = make([]token, 0, len(words))
	}
	for _, w := range words {
		c, class := Canon(w)
		var skel string
		if ix != nil {
			skel = ix.indexedSkeleton(c)
		} else {
			skel = skeleton(c)
		}
		out = append(out, token{text: c, raw: w, skel: skel, class: class, id: -1, mask: letterMask(c), rawMask: letterMask(w)})
	}
	return out, words
}

// indexedSkeleton returns the skeleton of token t as the index holds it,
// or "" when no indexed token has it.
func (ix *Index) indexedSkeleton(t string) string {
	var buf [32]byte
	b := skeletonInto(buf[:0], t)
	if len(b) == 0 {
		return ""
	}
	return ix.skels[string(b)].skel
}

// fuzzyTerms returns every dictionary term within d edits of t (d at most
// two) with its distance, in ascending term order. The answer is
// remembered (see termCache) and must not be changed.
func (ix *Index) fuzzyTerms(t string, d int, sc *scratch) []termHit {
	if d == 0 {
		return nil
	}
	var kb [64]byte
	key := append(append(kb[:0], t...), byte('0'+d))
	if h, ok := ix.fuzzy.get(key); ok {
		return h
	}
	return ix.fuzzy.put(key, ix.findFuzzyTerms(t, d, sc))
}

// findFuzzyTerms is fuzzyTerms without the cache: the deletion index's
// candidates, verified with the edit distance. sc marks the terms seen, so
// that none is verified twice. The terms are in sc, valid until its next
// lookup.
func (ix *Index) findFuzzyTerms(t string, d int, sc *scratch) []termHit {
	sc.nextTermMarks()
	mask := letterBag(t)
	found := sc.found[:0]
	// The lookup hands on only terms of lengths within d of t's.
	ix.dels.lookup(t, d, func(id int32) {
		if !sc.markTerm(id) || !lettersWithin(mask, ix.termMasks[id], d) {
			return
		}
		term := ix.terms[id]
		if e := osaDistance(t, term, d); e <= d {
			found = append(found, termHit{id: id, d: uint8(e), n: uint8(min(len(term), 255))})
		}
	})
	sc.found = found
	slices.SortFunc(found, func(a, b termHit) int { return cmp.Compare(a.id, b.id) })
	return found
}

// termID returns the id of term t.
func (ix *Index) termID(t string) (int32, bool) { return ix.termIDs.find(ix.terms, t) }

// letterBag is letterMask (bits 0-35 and 63) with, in bits 36-61, the
// letters w holds twice or more. A letter one word holds and another lacks
// sets a bit of the first's bag the second's lacks, and so does a letter
// the first holds twice or more and the second once at most, so the bits
// one bag has and the other lacks count at most the letters the first has
// beyond the second: lettersWithin on bags is a tighter bound than on
// masks, and as valid, for words within d edits.
func letterBag(w string) uint64 {
	var once, twice uint32
	m := letterMask(w)
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			b := uint32(1) << (c - 'a')
			twice |= once & b
			once |= b
		}
	}
	return m | uint64(twice)<<36
}

// letterMask has a bit for each letter or digit w holds (other bytes share
// one bit).
func letterMask(w string) uint64 {
	var m uint64
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			m |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			m |= 1 << (26 + c - '0')
		default:
			m |= 1 << 63
		}
	}
	return m
}

// lettersWithin reports whether two letter sets (letterMask) differ by at
// most d letters each way, as two words within d edits must: each edit
// takes away at most one letter and brings at most one.
func lettersWithin(a, b uint64, d int) bool {
	return bits.OnesCount64(a&^b) <= d && bits.OnesCount64(b&^a) <= d
}

// letterBit is the bit of a lower-case letter or digit in a 32-bit set;
// other bytes share the last bit.
func letterBit(c byte) uint32 {
	switch {
	case c >= 'a' && c <= 'z':
		return 1 << (c - 'a')
	case c >= '0' && c <= '9':
		return 1 << 26
	}
	return 1 << 31
}

func appendUnique(s []int32, v int32) []int32 {
	if len(s) > 0 && s[len(s)-1] == v {
		return s
	}
	return append(s, v)
}

func upperAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.ToUpper(v)
	}
	return out
}

// normID reduces an identifier to upper-case letters and digits.
func normID(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}
