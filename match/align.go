package match

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// alignment is the result of aligning query tokens with listed tokens.
type alignment struct {
	sq, sc      float64 // weighted coverage of the query and of the listed name
	distinctive bool    // a name-class token matched (not only legal forms or generic words)
	lineage     bool    // a father's name after "bin" matches a name that is not a father's
	// substituted counts the distinctive words each side has in place of
	// one of the other's: unmatched name-class words paired off, and
	// unmatched initials paired off.
	substituted int
	// formConflict says each side has a specific legal form the other
	// lacks (AG and GmbH, S.A. and LLC).
	formConflict bool
	pairs        []TokenMatch
	explain      bool // record pairs
}

type cell struct {
	i, j int
	sim  float64
	w    float64 // weight of the two tokens, which breaks ties
	how  How
}

// alignBuf holds align's working slices, reused across calls.
type alignBuf struct {
	cells  []cell
	qs, cs []float64
	qm, cm []int
}

// simTable gives the similarity of query tokens with listed tokens from the
// dictionary terms the index found for each query token; a nil table, or a
// nil entry for a token not looked up, makes align compare the strings.
type simTable [][]termHit

// sim is tokenSim(q, c) for query token i, read from the table when both
// tokens are long enough for every match to have been looked up.
func (t simTable) sim(i int, q, c *token, minFuzzy float64) (float64, How) {
	if t == nil || t[i] == nil || len(q.text) < 4 || len(c.text) < 4 || c.id < 0 {
		if len(q.text) > 1 && len(c.text) > 1 && q.text != c.text && (q.skel == "" || q.skel != c.skel) {
			// Only an edit distance could relate them: each edit takes
			// away at most one letter and brings at most one.
			budget := editBudget(min(len(q.text), len(c.text)))
			if !lettersWithin(q.mask, c.mask, budget) {
				return 0, HowNone
			}
		}
		return tokenSim(q.text, c.text, q.skel, c.skel, minFuzzy)
	}
	if q.text == c.text {
		return 1, HowExact
	}
	if q.skel != "" && q.skel == c.skel {
		return phoneticSimilarity, HowPhonetic
	}
	hits := t[i]
	lo, hi := 0, len(hits)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if hits[m].id < c.id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(hits) || hits[lo].id != c.id {
		return 0, HowNone
	}
	return fuzzySim(len(q.text), len(c.text), int(hits[lo].d), minFuzzy)
}

// align matches query tokens q with listed tokens c one to one, best pairs
// first, then tries joins of adjacent tokens for what is left ("hik vision"
// and "hikvision"). Coverage on each side is the similarity-weighted share
// of that side's token weight that found a partner; a fuzzy pair counts
// its similarity raised to fuzzyExp, so that each edit costs more the more
// of the name the word carries. The token pairs are recorded for an
// explanation only when explain is set.
func align(q, c []token, minFuzzy, fuzzyExp float64, tab simTable, b *alignBuf, explain bool) alignment {
	cells := b.cells[:0]
	for i := range q {
		for j := range c {
			if s, how := tab.sim(i, &q[i], &c[j], minFuzzy); how != HowNone {
				if how == HowFuzzy && fuzzyExp != 1 {
					s = math.Pow(s, fuzzyExp)
				}
				cells = append(cells, cell{i, j, s, q[i].weight + c[j].weight, how})
			}
		}
	}
	b.cells = cells
	slices.SortStableFunc(cells, func(a, b cell) int {
		if a.sim != b.sim {
			return cmp.Compare(b.sim, a.sim)
		}
		return cmp.Compare(b.w, a.w)
	})
	qs, cs := zeroed(&b.qs, len(q)), zeroed(&b.cs, len(c))
	qm, cm := zeroed(&b.qm, len(q)), zeroed(&b.cm, len(c)) // partner index+1, or -(join start+1)
	al := alignment{explain: explain}
	// Exact joins first: "SiemensAG" is "Siemens AG", not a fuzzy Siemens.
	joinPairs(q, c, qm, cm, qs, cs, 1, &al, false)
	joinPairs(c, q, cm, qm, cs, qs, 1, &al, true)
	for _, x := range cells {
		if qm[x.i] != 0 || cm[x.j] != 0 {
			continue
		}
		qm[x.i], cm[x.j] = x.j+1, x.i+1
		qs[x.i], cs[x.j] = x.sim, x.sim
		if explain {
			al.pairs = append(al.pairs, TokenMatch{Query: q[x.i].text, Listed: c[x.j].text, How: x.how.String(), Similarity: round(x.sim), Weight: round(q[x.i].weight)})
		}
		if x.how != HowInitial && (q[x.i].class == ClassName || c[x.j].class == ClassName) {
			al.distinctive = true
		}
	}
	if fuzzyJoin := max(minFuzzy, minJoinSimilarity); fuzzyJoin < 1 {
		joinPairs(q, c, qm, cm, qs, cs, fuzzyJoin, &al, false)
		joinPairs(c, q, cm, qm, cs, qs, fuzzyJoin, &al, true)
	}
	if explain {
		for i := range q {
			if qm[i] == 0 {
				al.pairs = append(al.pairs, TokenMatch{Query: q[i].text, How: HowNone.String(), Weight: round(q[i].weight)})
			}
		}
		for j := range c {
			if cm[j] == 0 {
				al.pairs = append(al.pairs, TokenMatch{Listed: c[j].text, How: HowNone.String(), Weight: round(c[j].weight)})
			}
		}
	}
	al.lineage = lineageConflict(q, c, qm) || lineageConflict(c, q, cm)
	al.substituted = min(unmatchedNames(q, qm, false), unmatchedNames(c, cm, false)) +
		min(unmatchedNames(q, qm, true), unmatchedNames(c, cm, true))
	al.formConflict = unmatchedForm(q, qm) && unmatchedForm(c, cm)
	al.sq = coverage(q, qs)
	al.sc = coverage(c, cs)
	return al
}

// zeroed returns *s resized to n and cleared.
func zeroed[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	clear(*s)
	return *s
}

// maxFuzzyJoin is the longest join of two query words matched with edits
// (see findJoin and joinedLookups).
const maxFuzzyJoin = 12

// minJoinSimilarity is the least similarity of a token with joined
// tokens: a join already bends the text, so it must otherwise be close.
const minJoinSimilarity = 0.85

// joinPairs matches each unpaired token of a with two or three adjacent
// unpaired tokens of b joined together ("Hik Vision", "van der Bilt",
// "Plat Ono Vich"), when the similarity is at least minSim. swapped says a
// is the listed side.
func joinPairs(a, b []token, am, bm []int, as, bs []float64, minSim float64, al *alignment, swapped bool) {
	// Tokens j to k-1 of b joined are canon[k]-canon[j] letters long,
	// canonical, and raw[k]-raw[j] as written.
	var canon, raw []int
	var canonBuf, rawBuf [17]int
	for i := range a {
		if am[i] != 0 || len(a[i].text) < 4 {
			continue
		}
		if canon == nil {
			canon, raw = prefixLens(canonBuf[:0], rawBuf[:0], b)
		}
		if j, n, s, ok := findJoin(&a[i], b, bm, canon, raw, minSim, swapped); ok {
			am[i], as[i] = -1, s
			var shown []string
			var weight float64
			for k := j; k < j+n; k++ {
				bm[k], bs[k] = -1, s
				if al.explain {
					shown = append(shown, b[k].text)
					weight += b[k].weight
				}
			}
			if a[i].class == ClassName {
				al.distinctive = true
			}
			if !al.explain {
				continue
			}
			tm := TokenMatch{Query: a[i].text, Listed: strings.Join(shown, " "), How: HowJoined.String(), Similarity: round(s), Weight: round(a[i].weight)}
			if swapped {
				tm.Query, tm.Listed = tm.Listed, tm.Query
				tm.Weight = round(weight)
			}
			al.pairs = append(al.pairs, tm)
		}
	}
}

// prefixLens appends to canon and raw the lengths of b's tokens summed,
// canonical and as written, from 0.
func prefixLens(canon, raw []int, b []token) ([]int, []int) {
	canon, raw = append(canon, 0), append(raw, 0)
	for k := range b {
		canon = append(canon, canon[k]+len(b[k].text))
		raw = append(raw, raw[k]+len(b[k].raw))
	}
	return canon, raw
}

// findJoin looks for two or three adjacent free tokens of b that, joined,
// spell t within minSim, comparing canonical forms ("hik vision") and the
// words as written ("hossein rahimi", whose canonical form is "husayn").
// Lengths are checked first, from canon and raw (b's lengths summed, see
// prefixLens), and before any string is built. When b is the query
// (queryJoins), a join with edits is two canonical words of at most
// maxFuzzyJoin letters together, as the index looks them up ("al
// haramain", "info tech"): longer ones, with edits, mostly made other
// names ("Kim Yong Su" and "Rimyongsu").
func findJoin(t *token, b []token, bm []int, canon, raw []int, minSim float64, queryJoins bool) (j, n int, sim float64, ok bool) {
	slack, rawSlack := 0, 0
	if minSim < 1 {
		slack, rawSlack = editBudget(len(t.text)), editBudget(len(t.raw))
	}
	// The query's words join with edits only in canonical form.
	fuzzyQueryJoin := minSim < 1 && queryJoins
	for n = 2; n <= 3; n++ {
		if fuzzyQueryJoin && n > 2 {
			break
		}
		for j = 0; j+n <= len(b); j++ {
			// Lengths first, as joinSim checks them: most joins are
			// too long or too short to be the word.
			canonLen, rawLen := canon[j+n]-canon[j], raw[j+n]-raw[j]
			canonFits := canonLen <= len(t.text)+slack && canonLen+slack >= len(t.text) &&
				(!fuzzyQueryJoin || canonLen <= maxFuzzyJoin)
			rawFits := !fuzzyQueryJoin && rawLen <= len(t.raw)+rawSlack && rawLen+rawSlack >= len(t.raw)
			if !canonFits && !rawFits {
				continue
			}
			var canonMask, rawMask uint64
			free := true
			for k := j; k < j+n; k++ {
				// An initial joins only exactly ("A A" and "AA"): joined
				// with edits, a letter more or less is one edit anyway.
				free = free && bm[k] == 0 && (minSim >= 1 || len(b[k].text) > 1)
				canonMask |= b[k].mask
				rawMask |= b[k].rawMask
			}
			if !free {
				continue
			}
			// Letters one side has and the other lacks take an edit each.
			if canonFits && lettersWithin(t.mask, canonMask, slack) {
				if s, hit := joinSim(t.text, b[j:j+n], canonLen, false, minSim); hit {
					return j, n, s, true
				}
			}
			if rawFits && lettersWithin(t.rawMask, rawMask, rawSlack) {
				if s, hit := joinSim(t.raw, b[j:j+n], rawLen, true, minSim); hit {
					return j, n, s, true
				}
			}
		}
	}
	return 0, 0, 0, false
}

// joinSim compares word with the tokens joined (raw forms when raw).
func joinSim(word string, parts []token, joinedLen int, raw bool, minSim float64) (float64, bool) {
	slack := 0
	if minSim < 1 {
		slack = editBudget(len(word))
	}
	if joinedLen > len(word)+slack || joinedLen+slack < len(word) {
		return 0, false
	}
	if slack == 0 {
		// Exact: walk the parts along the word without building a string.
		rest := word
		for _, p := range parts {
			w := p.text
			if raw {
				w = p.raw
			}
			if !strings.HasPrefix(rest, w) {
				return 0, false
			}
			rest = rest[len(w):]
		}
		return 1, rest == ""
	}
	var buf [64]byte
	joined := buf[:0]
	for _, p := range parts {
		if raw {
			joined = append(joined, p.raw...)
		} else {
			joined = append(joined, p.text...)
		}
	}
	if word == string(joined) {
		return 1, true
	}
	budget := editBudget(min(len(word), len(joined)))
	if budget == 0 || abs(len(word)-len(joined)) > budget {
		return 0, false
	}
	s, how := fuzzySim(len(word), len(joined), osaDistance(word, string(joined), budget), minSim)
	return s, how == HowFuzzy && s >= minSim
}

// lineageConflict reports whether a name that a follows with "bin" (son
// of) is paired with a token of b that does not follow "bin": "Salman bin
// Muhammad" is Muhammad's son, "Muhammad bin Salman" Salman's.
func lineageConflict(a, b []token, am []int) bool {
	for i := 0; i+1 < len(a); i++ {
		if a[i].text != "bin" || am[i+1] <= 0 {
			continue
		}
		j := am[i+1] - 1
		if j == 0 || b[j-1].text != "bin" {
			return true
		}
	}
	return false
}

// unmatchedNames counts the name-class words left without a partner: words
// of more than one letter, or initials when initials is set. An initial on
// each side left unpaired is another middle name ("William G. Frost" and
// "William W. Frost") as much as a different word is.
func unmatchedNames(t []token, m []int, initials bool) int {
	n := 0
	for i := range t {
		if m[i] == 0 && t[i].class == ClassName && (len(t[i].text) == 1) == initials {
			n++
		}
	}
	return n
}

// unmatchedForm reports whether a specific legal form (not company,
// corporation, incorporated or limited, which many forms include) is left
// without a partner.
func unmatchedForm(t []token, m []int) bool {
	for i := range t {
		if m[i] == 0 && t[i].class == ClassLegalForm && !broadForms[t[i].text] {
			return true
		}
	}
	return false
}

// broadForms are legal-form words that do not tell one form from another.
var broadForms = setOf(`company corporation limited incorporated`)

func coverage(t []token, s []float64) float64 {
	var num, den float64
	for i := range t {
		num += t[i].weight * s[i]
		den += t[i].weight
	}
	if den == 0 {
		return 0
	}
	return num / den
}
