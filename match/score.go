package match

import (
	"math"
	"strings"
)

// typoPossible reports whether the whole-name typo rule could apply: the
// folded names are long enough and of lengths at most two apart.
func (ix *Index) typoPossible(p *preparedQuery, id int32, h nameHot) bool {
	if p.syllabic {
		return false
	}
	n := ix.foldedLen(id, h)
	// typoScore allows typoEdits of the shorter of the two.
	e := typoEdits(min(len(p.folded), n))
	if d := len(p.folded) - n; e == 0 || d > e || d < -e || !lettersWithin(ix.masks[id], p.bag, e) {
		return false
	}
	return typoScore(p.folded, ix.names[id].folded) > 0
}

// scoreName aligns the query with one listed name and scores the pair.
// Without explain only the score is computed: the explanation is built for
// the few names that make a result.
func (ix *Index) scoreName(p *preparedQuery, n *indexedName, opts Options, tab simTable, buf *alignBuf, explain bool) (Result, bool) {
	if p.abjad != n.abjad {
		// Arabic and Hebrew script write few vowels: their transliteration
		// ("mhmd") is compared only with names written the same way.
		return Result{}, false
	}
	minFuzzy := opts.FuzzyMinSimilarity
	if p.syllabic {
		// Pinyin and Hangul syllables are words of two to six letters
		// where one letter makes another name: no fuzzy matching.
		minFuzzy = 1
	}
	al := align(p.tokens, n.tokens, minFuzzy, max(opts.FuzzyExponent, 1), tab, buf, explain)
	if !al.distinctive && (hasNameToken(n.tokens) || al.sc < 0.9 || al.sq < 0.9) {
		// A hit needs a distinctive word in common, unless the listed name
		// has none ("International Investments Holding S.A. de C.V."): then
		// the query must cover nearly all of it.
		return Result{}, false
	}
	qw, lw := opts.QueryWeight, opts.ListedWeight
	if ix.isPerson(p, n) {
		lw = opts.PersonListedWeight
		if !p.syllabic {
			// A Chinese or Korean syllable more is another given name
			// ("Dai Jian Lin" is not "Dai Jian"), not a middle name.
			qw = opts.PersonQueryWeight
		}
	}
	s := nameScore(al.sq, al.sc, qw, lw, opts.ConflictWeight)
	nameOnly := s
	r := Result{Record: int(n.record)}
	ex := &r.Explanation
	if explain {
		*ex = Explanation{
			Name: n.text, NameIndex: int(n.index), NameKind: n.kind, Weak: n.weak,
			Query: p.folded, Listed: n.folded, Tokens: al.pairs,
			QueryCoverage: round(al.sq), ListedCoverage: round(al.sc), NameScore: round(s),
		}
	}
	note := func(feature string, effect float64, detail string) {
		if explain {
			ex.Evidence = append(ex.Evidence, Evidence{Feature: feature, Effect: round(effect), Detail: detail})
		}
	}
	if isAcronym(n.tokens) && al.sq < 1 {
		f := opts.AcronymFactor
		note("acronym", s*f-s, "the listed name is a short acronym, and the query says more than it")
		s *= f
	}
	if al.substituted > 0 && opts.SubstitutionFactor > 0 {
		f := math.Pow(opts.SubstitutionFactor, float64(al.substituted))
		note("substitution", s*f-s, "a distinctive word of each name stands where the other has another")
		s *= f
	}
	if al.formConflict && opts.LegalFormConflictFactor > 0 {
		f := opts.LegalFormConflictFactor
		note("legal_form", s*f-s, "the names have different legal forms: different legal entities")
		s *= f
	}
	if al.lineage {
		note("lineage", s*opts.LineageFactor-s, "a father's name (after bin/ibn) matches a name in another place")
		s *= opts.LineageFactor
	}
	if !p.syllabic {
		if t := typoScore(p.folded, n.folded); t > s {
			note("typo", t-s, "the whole names differ by one or two keystrokes")
			s = t
		}
	}
	if n.weak {
		s *= opts.WeakAliasFactor
		note("weak_alias", s-round(nameOnly), "the listed name is a weak alias")
	}
	r.Score = s
	return r, true
}

// nameScore combines the two coverages. What one side has and the other
// lacks is an omission (a middle name left out, a legal form dropped) and
// costs little; what both sides lack at once is a conflict (a different
// given name, another company's distinctive word) and costs more:
//
//	score = (1-conflict)^conflictW * (1-omitQ)^queryW * (1-omitL)^listedW
//
// where conflict = min(1-sq, 1-sc) and the omissions are what remains of
// each side's shortfall. People write persons' names longer or shorter,
// with middle names and patronymics or without, so the caller passes lower
// omission weights for persons (Options.PersonQueryWeight and
// PersonListedWeight).
func nameScore(sq, sc, queryW, listedW, conflictW float64) float64 {
	mq, mc := 1-sq, 1-sc
	conflict := min(mq, mc)
	s := math.Pow(1-conflict, conflictW) *
		math.Pow(1-(mq-conflict), queryW) *
		math.Pow(1-(mc-conflict), listedW)
	return max(0, min(1, s))
}

// isAcronym reports whether a listed name is a short acronym ("HTC", "3M",
// "BTC LLC"): one name word of at most four characters, besides legal forms.
// Such aliases identify little: "HTC Corporation" is not the "Iran Aircraft
// Manufacturing Company (HTC)".
func isAcronym(t []token) bool {
	names := 0
	for i := range t {
		switch {
		case t[i].class == ClassLegalForm:
		case t[i].class == ClassName && len(t[i].text) <= 4:
			names++
		default:
			return false
		}
	}
	return names == 1
}

// hasNameToken reports whether any token is of the name class.
func hasNameToken(t []token) bool {
	for i := range t {
		if t[i].class == ClassName {
			return true
		}
	}
	return false
}

// typoScore scores two folded names that differ by at most two edits in
// all (a fat finger: "Tim Cook" and "Tom Cook", "Citigroup Capital Trust XV"
// and "XX"), however the edits fall on the tokens. Names too short for an
// edit to be a typo rather than another name score 0.
func typoScore(a, b string) float64 {
	maxD := typoEdits(min(len(a), len(b)))
	if maxD == 0 || a == b {
		return 0
	}
	if !sameInitials(a, b) {
		return 0
	}
	d := osaDistance(a, b, maxD)
	if d > maxD {
		return 0
	}
	if d == 2 && !editsSpread(a, b) {
		return 0
	}
	switch d {
	case 1:
		return 0.88
	case 2:
		return 0.82
	}
	return 0
}

// sameInitials reports whether no word of five letters or more changes its
// first letter between two names with as many words, unless the two letters
// may stand for one sound ("Qaddafi" and "Gaddafi", "Muammar" and
// "Moammar"): a slip of the finger seldom changes the first letter of a
// word, and another first letter ("Kvantek" and "Orantek", "Vektor" and
// "Zektor") makes another name.
func sameInitials(a, b string) bool {
	if strings.Count(a, " ") != strings.Count(b, " ") {
		return true
	}
	for a != "" && b != "" {
		wa, ra, _ := strings.Cut(a, " ")
		wb, rb, _ := strings.Cut(b, " ")
		if wa[0] != wb[0] && min(len(wa), len(wb)) >= 5 && !sameSoundClass(wa[0], wb[0]) {
			return false
		}
		a, b = ra, rb
	}
	return true
}

// soundClass groups letters that transliterations and spellings exchange.
var soundClass = [256]byte{
	'a': 1, 'e': 1, 'i': 1, 'o': 1, 'u': 1, 'y': 1,
	'c': 2, 'k': 2, 'q': 2, 'g': 2,
	's': 3, 'z': 3, 'x': 3,
	'v': 4, 'w': 4, 'f': 4, 'b': 4, 'p': 4,
	'j': 5, 'h': 5,
	'd': 6, 't': 6,
}

func sameSoundClass(a, b byte) bool { return soundClass[a] != 0 && soundClass[a] == soundClass[b] }

// editsSpread reports whether two names differing by two edits keep every
// short word (three letters or fewer) within one edit: "Trust XV" and "Trust
// XX" are a typo, "Ali Muhammad" and "Abu Muhammad" another given name.
func editsSpread(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) != len(wb) {
		return true
	}
	for i := range wa {
		if wa[i] != wb[i] && min(len(wa[i]), len(wb[i])) <= 3 && osaDistance(wa[i], wb[i], 1) > 1 {
			return false
		}
	}
	return true
}

// Compare scores a query against one name, outside any record: the pairs
// mode of evaluation, and a building block for callers that hold their own
// candidates. Token weights come from the index (an empty index weighs every
// token by its class only). Evidence is not applied.
func (ix *Index) Compare(q Query, name string, opts Options) Result {
	p := ix.prepare(q)
	folded := Fold(name)
	n := &indexedName{record: -1, text: name, folded: folded, kind: "primary", abjad: isAbjad(name), tokens: canonTokens(folded)}
	for i := range n.tokens {
		t := &n.tokens[i]
		t.weight = ix.weight(t.text, ix.termOf(t.text), t.class)
	}
	r, ok := ix.scoreName(p, n, opts, nil, &alignBuf{}, true)
	if !ok {
		return Result{Record: -1, Explanation: Explanation{Name: name, Query: p.folded, Listed: folded}}
	}
	r.Score = round(r.Score)
	return r
}
