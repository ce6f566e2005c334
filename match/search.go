package match

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// preparedQuery is a query folded and weighted against an index.
type preparedQuery struct {
	folded string
	tokens []token
	kind   string
	ctry   []string
	birth  string
	ids    []string
	abjad  bool
	// syllabic says the query is written in Han or Hangul syllables.
	syllabic bool
}

func (ix *Index) prepare(q Query) *preparedQuery {
	p := &preparedQuery{folded: Fold(q.Name), kind: q.Kind, ctry: upperAll(q.Countries), birth: q.BirthDate, abjad: isAbjad(q.Name), syllabic: isSyllabicText(q.Name)}
	p.tokens = canonTokens(p.folded)
	for i := range p.tokens {
		p.tokens[i].weight = ix.weight(p.tokens[i].text, p.tokens[i].class)
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

// search is Search, scoring every name when exhaustive (the reference the
// candidate index is tested against).
func (ix *Index) search(q Query, opts Options, exhaustive bool) []Result {
	best := map[int32]Result{}
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
	var p *preparedQuery
	for i, name := range nameVariants(q.Name) {
		qv := q
		qv.Name = name
		pv := ix.prepare(qv)
		if i == 0 {
			p = pv
		}
		ids := ix.allNames
		if !exhaustive {
			ids = ix.candidates(pv, minScore, opts)
		}
		for _, id := range ids {
			n := &ix.names[id]
			r, ok := ix.scoreName(pv, n, opts)
			if !ok {
				continue
			}
			if cur, seen := best[n.record]; !seen || r.Score > cur.Score {
				best[n.record] = r
			}
		}
	}
	for _, k := range p.ids {
		for _, rec := range ix.ids[k] {
			if _, seen := best[rec]; !seen {
				best[rec] = ix.idOnly(p, rec)
			}
		}
	}
	out := make([]Result, 0, len(best))
	for rec, r := range best {
		ix.applyEvidence(p, rec, &r, opts)
		if r.Score >= opts.Threshold {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Record < out[j].Record
	})
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	return out
}

// nameVariants returns the name, then, when it holds a bracketed part
// ("KNS Group LLC (YADRO Company)"), the name without it and the bracketed
// part alone: a party written with its alias or former name in brackets is
// screened under each. Parts of four letters or fewer ("(BTC)") are not
// screened alone: as acronyms they identify too little.
func nameVariants(name string) []string {
	open := strings.IndexAny(name, "([")
	if open < 0 {
		return []string{name}
	}
	end := strings.IndexAny(name[open:], ")]")
	if end < 0 {
		return []string{name}
	}
	end += open
	outside := strings.TrimSpace(name[:open] + " " + name[end+1:])
	inside := strings.TrimSpace(name[open+1 : end])
	out := []string{name}
	if len(Fold(outside)) > 4 {
		out = append(out, outside)
	}
	// The bracketed part alone only when it names something: not a place
	// ("(Hong Kong)") or a bare legal form.
	if len(Fold(inside)) > 4 && hasNameToken(canonTokens(Fold(inside))) {
		out = append(out, inside)
	}
	return out
}

// candidates returns the names that could score at least minScore (before
// evidence). Each query token looks up the names holding it exactly,
// phonetically, within the edit budget, or as a join of adjacent tokens on
// either side, and credits them with its weight; a name whose credited
// share of the query cannot reach the score needed is not scored. Common
// tokens are not looked up when the query has rarer ones: their weight is
// credited to every name instead, so no name is wrongly cut. Names with
// initials, and names the whole-name typo rule could save, are kept.
func (ix *Index) candidates(p *preparedQuery, minScore float64, opts Options) []int32 {
	// found[name] has bit i set when query token i may match the name.
	found := map[int32]uint64{}
	fuzzyLooked := false
	var total, free float64
	for _, t := range p.tokens {
		total += t.weight
	}
	if total == 0 {
		return nil
	}
	common := ix.nNames / 50
	rare := false
	for _, t := range p.tokens {
		if t.class == ClassName && ix.df[t.text] <= common {
			rare = true
		}
	}
	for i, t := range p.tokens {
		bit := tokenBit(i)
		add := func(ids []int32, bits uint64) {
			for _, id := range ids {
				found[id] |= bits
			}
		}
		ix.joinedLookups(p, i, add)
		if rare && (t.class != ClassName || ix.df[t.text] > common) || len(t.text) <= 3 {
			// Not looked up, or able to match in ways the lookups do not
			// see (initials, one edit in a short word): credited to all.
			free += t.weight
			if rare && (t.class != ClassName || ix.df[t.text] > common) {
				continue
			}
		}
		if id, ok := ix.termID[t.text]; ok {
			add(ix.postings[id], bit)
			add(ix.joins[id], bit)
		}
		if t.raw != t.text {
			if id, ok := ix.termID[t.raw]; ok {
				add(ix.joins[id], bit)
			}
		}
		if t.skel != "" {
			add(ix.skels[t.skel], bit)
		}
		if lookupBudget(len(t.text)) > 0 {
			fuzzyLooked = true
		}
		ix.fuzzyTerms(t.text, func(id int32) {
			add(ix.postings[id], bit)
			add(ix.joins[id], bit)
		})
	}
	// A name within the typo rule's one or two edits of the query shares
	// with it every word looked up above, within one or two edits. Only when
	// no word was looked up fuzzily (all short or common: "YK-AKD") are such
	// names looked up by the whole name.
	if !fuzzyLooked && ix.wholeNames != nil && len(p.folded) <= 40 && !p.syllabic {
		// Names the whole-name typo rule could match: one or two edits
		// anywhere, even in words too short or common to look up.
		ix.typoNames(p.folded, func(id int32) { found[id] |= ^uint64(0) })
	}
	need := minShare(minScore, opts)
	out := make([]int32, 0, len(found))
	for id, bits := range found {
		n := &ix.names[id]
		c := 0.0
		for i := range p.tokens {
			if bits&tokenBit(i) != 0 {
				c += p.tokens[i].weight
			}
		}
		if min(1, (c+free)/total) >= need || n.initials || ix.typoPossible(p, n) {
			out = append(out, id)
		}
	}
	return out
}

// joinedLookups credits the names holding, as one token, query tokens i
// and i+1 (and i+2) joined, exactly or within the edit budget, in their
// canonical forms and as written ("Info Tech" and "Infotecs").
func (ix *Index) joinedLookups(p *preparedQuery, i int, add func([]int32, uint64)) {
	canon, raw := p.tokens[i].text, p.tokens[i].raw
	bits := tokenBit(i)
	for k := i + 1; k < len(p.tokens) && k <= i+2; k++ {
		canon += p.tokens[k].text
		raw += p.tokens[k].raw
		bits |= tokenBit(k)
		forms := []string{canon}
		if raw != canon {
			forms = append(forms, raw)
		}
		if c, _ := Canon(canon); c != canon {
			forms = append(forms, c)
		}
		for _, f := range forms {
			if id, ok := ix.termID[f]; ok {
				add(ix.postings[id], bits)
				add(ix.joins[id], bits)
			}
			if k == i+1 && f == canon && len(f) <= 12 {
				// Fuzzy joins only for short joins, where split words are
				// met ("al haramain", "info tech"); TestIndexLosesNoHit
				// shows no hit is lost for it.
				ix.fuzzyTerms(f, func(id int32) {
					add(ix.postings[id], bits)
					add(ix.joins[id], bits)
				})
			}
		}
	}
}

// tokenBit is the bit of query token i; tokens past 63 share the last bit,
// which only loosens the bound.
func tokenBit(i int) uint64 { return 1 << min(i, 63) }

// minShare is the least share of the query's weight a name must match to
// reach score s: the inverse of the best nameScore can give for that share,
// whatever the listed side (see nameScore).
func minShare(s float64, opts Options) float64 {
	if s <= 0 {
		return 0
	}
	lo, hi := 0.0, 1.0
	for range 30 {
		mid := (lo + hi) / 2
		if bestNameScore(mid, opts) >= s {
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
func bestNameScore(sq float64, opts Options) float64 {
	mq := 1 - sq
	cw, qw := opts.ConflictWeight, opts.QueryWeight
	c := 0.0
	if cw+qw > 0 {
		c = max(0, min(mq, (qw-cw+cw*mq)/(qw+cw)))
	}
	return math.Pow(1-c, cw) * math.Pow(1-(mq-c), qw)
}

// typoPossible reports whether the whole-name typo rule could apply: the
// folded names are long enough and of lengths at most two apart.
func (ix *Index) typoPossible(p *preparedQuery, n *indexedName) bool {
	if p.syllabic {
		return false
	}
	d := len(p.folded) - len(n.folded)
	return min(len(p.folded), len(n.folded)) >= 6 && d <= 2 && d >= -2 && typoScore(p.folded, n.folded) > 0
}

// scoreName aligns the query with one listed name and scores the pair.
func (ix *Index) scoreName(p *preparedQuery, n *indexedName, opts Options) (Result, bool) {
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
	al := align(p.tokens, n.tokens, minFuzzy)
	if !al.distinctive && (hasNameToken(n.tokens) || len(n.tokens) < 3 || al.sc < 0.9 || al.sq < 0.9) {
		// A hit needs a distinctive word in common, unless the listed name
		// has none ("International Investments Holding S.A. de C.V."): then
		// the query must cover nearly all of it.
		return Result{}, false
	}
	kind := p.kind
	if n.record >= 0 && ix.records[n.record].kind != "" {
		kind = ix.records[n.record].kind
	}
	s := nameScore(al.sq, al.sc, kind == "person", opts)
	ex := Explanation{
		Name: n.text, NameIndex: int(n.index), NameKind: n.kind, Weak: n.weak,
		Query: p.folded, Listed: n.folded, Tokens: al.pairs,
		QueryCoverage: round(al.sq), ListedCoverage: round(al.sc), NameScore: round(s),
	}
	if isAcronym(n.tokens) && al.sq < 1 {
		f := opts.AcronymFactor
		ex.Evidence = append(ex.Evidence, Evidence{Feature: "acronym", Effect: round(s*f - s),
			Detail: "the listed name is a short acronym, and the query says more than it"})
		s *= f
	}
	if al.lineage {
		ex.Evidence = append(ex.Evidence, Evidence{Feature: "lineage", Effect: round(s*opts.LineageFactor - s),
			Detail: "a father's name (after bin/ibn) matches a name in another place"})
		s *= opts.LineageFactor
	}
	if t := typoScore(p.folded, n.folded); t > s && !p.syllabic {
		ex.Evidence = append(ex.Evidence, Evidence{Feature: "typo", Effect: round(t - s),
			Detail: "the whole names differ by one or two keystrokes"})
		s = t
	}
	if n.weak {
		s *= opts.WeakAliasFactor
		ex.Evidence = append(ex.Evidence, Evidence{Feature: "weak_alias", Effect: round(s - ex.NameScore),
			Detail: "the listed name is a weak alias"})
	}
	return Result{Record: int(n.record), Score: s, Explanation: ex}, true
}

// nameScore combines the two coverages. What one side has and the other
// lacks is an omission (a middle name left out, a legal form dropped) and
// costs little; what both sides lack at once is a conflict (a different
// given name, another company's distinctive word) and costs more:
//
//	score = (1-conflict)^ConflictWeight * (1-omitQ)^QueryWeight * (1-omitL)^ListedWeight
//
// where conflict = min(1-sq, 1-sc) and the omissions are what remains of
// each side's shortfall. Lists write persons' full names, with middle names
// and patronymics people leave out, so a person's listed omissions cost
// less (PersonListedWeight).
func nameScore(sq, sc float64, person bool, opts Options) float64 {
	mq, mc := 1-sq, 1-sc
	listed := opts.ListedWeight
	if person {
		listed = opts.PersonListedWeight
	}
	conflict := min(mq, mc)
	s := math.Pow(1-conflict, opts.ConflictWeight) *
		math.Pow(1-(mq-conflict), opts.QueryWeight) *
		math.Pow(1-(mc-conflict), listed)
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
	n := min(len(a), len(b))
	if n < 6 || a == b {
		return 0
	}
	maxD := 1
	if n >= 10 {
		maxD = 2
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

// idOnly scores a record found only through an identifier.
func (ix *Index) idOnly(p *preparedQuery, rec int32) Result {
	var best Result
	for i := range ix.names {
		// Linear in names, but identifier-only hits are rare.
		if ix.names[i].record != rec {
			continue
		}
		al := align(p.tokens, ix.names[i].tokens, 0.75)
		s := math.Pow(al.sq, 0.65) * math.Pow(al.sc, 0.35)
		if best.Explanation.Name == "" || s > best.Score {
			n := &ix.names[i]
			best = Result{Record: int(rec), Score: s, Explanation: Explanation{
				Name: n.text, NameIndex: int(n.index), NameKind: n.kind, Weak: n.weak,
				Query: p.folded, Listed: n.folded, Tokens: al.pairs,
				QueryCoverage: round(al.sq), ListedCoverage: round(al.sc), NameScore: round(s),
			}}
		}
	}
	return best
}

// applyEvidence adjusts a result for evidence beyond the name.
func (ix *Index) applyEvidence(p *preparedQuery, rec int32, r *Result, opts Options) {
	info := &ix.records[rec]
	add := func(feature string, effect float64, detail string) {
		r.Score += effect
		r.Explanation.Evidence = append(r.Explanation.Evidence, Evidence{Feature: feature, Effect: effect, Detail: detail})
	}
	if len(p.ids) > 0 && len(info.ids) > 0 {
		for _, q := range p.ids {
			for _, l := range info.ids {
				if q == l {
					add("identifier", opts.IdentifierMatch, "identifier "+q+" matches the listed identifier")
					goto idDone
				}
			}
		}
	}
idDone:
	if len(p.ctry) > 0 && len(info.countries) > 0 {
		if overlaps(p.ctry, info.countries) {
			add("country", opts.CountryMatch, "country "+strings.Join(p.ctry, "/")+" is among the listed countries")
		} else {
			add("country", opts.CountryMismatch, "country "+strings.Join(p.ctry, "/")+" is not among the listed countries "+strings.Join(info.countries, ", "))
		}
	}
	if p.birth != "" && len(info.births) > 0 {
		if birthMatches(p.birth, info.births) {
			add("birth_date", opts.BirthMatch, "date of birth "+p.birth+" agrees with "+strings.Join(info.births, ", "))
		} else if !birthNear(p.birth, info.births) {
			add("birth_date", opts.BirthMismatch, "date of birth "+p.birth+" differs from "+strings.Join(info.births, ", "))
		}
	}
	if p.kind != "" && info.kind != "" && p.kind != info.kind {
		add("kind", opts.KindMismatch, "query is a "+p.kind+", the listed party a "+info.kind)
	}
	r.Score = round(math.Max(0, math.Min(1, r.Score)))
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// birthMatches reports whether a (possibly partial) date agrees with any of
// the listed ones on every part both state.
func birthMatches(q string, listed []string) bool {
	for _, l := range listed {
		n := min(len(q), len(l))
		if n >= 4 && q[:n] == l[:n] {
			return true
		}
	}
	return false
}

// birthNear reports whether the years are at most one apart: dates
// converted from other calendars, or estimated, are often a year out.
func birthNear(q string, listed []string) bool {
	if len(q) < 4 {
		return false
	}
	qy, err := strconv.Atoi(q[:4])
	if err != nil {
		return false
	}
	for _, l := range listed {
		if len(l) < 4 {
			continue
		}
		if ly, err := strconv.Atoi(l[:4]); err == nil && qy-ly <= 1 && ly-qy <= 1 {
			return true
		}
	}
	return false
}

func round(x float64) float64 { return math.Round(x*10000) / 10000 }

// Compare scores a query against one name, outside any record: the pairs
// mode of evaluation, and a building block for callers that hold their own
// candidates. Token weights come from the index (an empty index weighs every
// token by its class only). Evidence is not applied.
func (ix *Index) Compare(q Query, name string, opts Options) Result {
	p := ix.prepare(q)
	folded := Fold(name)
	n := &indexedName{record: -1, text: name, folded: folded, kind: "primary", abjad: isAbjad(name), tokens: canonTokens(folded)}
	for i := range n.tokens {
		n.tokens[i].weight = ix.weight(n.tokens[i].text, n.tokens[i].class)
	}
	r, ok := ix.scoreName(p, n, opts)
	if !ok {
		return Result{Record: -1, Explanation: Explanation{Name: name, Query: p.folded, Listed: folded}}
	}
	r.Score = round(r.Score)
	return r
}
