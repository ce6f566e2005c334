package match

import (
	"bytes"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"
)

// token is one canonical word of a name with its matching data.
type token struct {
	text   string // canonical form
	raw    string // the folded word as written, before canonicalisation
	skel   string
	class  TokenClass
	weight float64
}

// indexedName is one name of one record, prepared for scoring.
type indexedName struct {
	record int32
	index  uint16
	weak   bool
	abjad  bool
	kind   string
	text   string
	folded string
	tokens []token
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
	// terms is the dictionary of every canonical token and every join of
	// two adjacent tokens; postings[id] lists the names holding term id as
	// a token, joins[id] those holding it as two adjacent tokens.
	terms    *vellum.FST
	postings [][]int32
	joins    [][]int32
	termID   map[string]int32
	skels    map[string][]int32
	ids      map[string][]int32 // normalised identifier -> records
	df       map[string]int
	nNames   int
}

// NewIndex builds an index over records.
func NewIndex(records []Record) (*Index, error) {
	ix := &Index{
		records: make([]recordInfo, len(records)),
		termID:  make(map[string]int32),
		skels:   make(map[string][]int32),
		ids:     make(map[string][]int32),
		df:      make(map[string]int),
	}
	for ri, r := range records {
		ix.records[ri] = recordInfo{kind: r.Kind, countries: upperAll(r.Countries), births: r.BirthDates}
		for _, id := range r.Identifiers {
			if k := normID(id); len(k) >= 5 {
				ix.ids[k] = appendUnique(ix.ids[k], int32(ri))
				ix.records[ri].ids = append(ix.records[ri].ids, k)
			}
		}
		seen := map[string]bool{}
		for ni, n := range r.Names {
			folded := Fold(n.Text)
			if folded == "" || seen[folded] {
				continue
			}
			seen[folded] = true
			ix.names = append(ix.names, indexedName{
				record: int32(ri), index: uint16(ni), weak: n.Weak, abjad: isAbjad(n.Text), kind: n.Kind,
				text: n.Text, folded: folded, tokens: canonTokens(folded),
			})
		}
	}
	ix.nNames = len(ix.names)
	postings := map[string][]int32{}
	joins := map[string][]int32{}
	for id := range ix.names {
		n := &ix.names[id]
		for i, t := range n.tokens {
			if p := postings[t.text]; len(p) == 0 || p[len(p)-1] != int32(id) {
				postings[t.text] = append(p, int32(id))
				ix.df[t.text]++
			}
			if t.skel != "" {
				ix.skels[t.skel] = appendUnique(ix.skels[t.skel], int32(id))
			}
			if i > 0 {
				j := n.tokens[i-1].text + t.text
				joins[j] = appendUnique(joins[j], int32(id))
			}
		}
	}
	for id := range ix.names {
		for i := range ix.names[id].tokens {
			t := &ix.names[id].tokens[i]
			t.weight = ix.weight(t.text, t.class)
		}
	}
	if err := ix.buildTerms(postings, joins); err != nil {
		return nil, err
	}
	return ix, nil
}

func (ix *Index) buildTerms(postings, joins map[string][]int32) error {
	keys := make([]string, 0, len(postings)+len(joins))
	for k := range postings {
		keys = append(keys, k)
	}
	for k := range joins {
		if _, ok := postings[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return err
	}
	ix.postings = make([][]int32, len(keys))
	ix.joins = make([][]int32, len(keys))
	for i, k := range keys {
		if err := b.Insert([]byte(k), uint64(i)); err != nil {
			return err
		}
		ix.postings[i] = postings[k]
		ix.joins[i] = joins[k]
		ix.termID[k] = int32(i)
	}
	if err := b.Close(); err != nil {
		return err
	}
	ix.terms, err = vellum.Load(buf.Bytes())
	return err
}

// Len returns the number of names indexed.
func (ix *Index) Len() int { return ix.nNames }

// weight is a token's rarity weight: inverse document frequency over the
// indexed names, scaled down for legal forms and generic words.
func (ix *Index) weight(text string, class TokenClass) float64 {
	df := ix.df[text]
	w := math.Log(1 + float64(ix.nNames+1)/float64(df+1))
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

// canonTokens splits a folded name into canonical tokens (weights unset).
// Multi-word legal forms ("limited liability company", "you xian gong si")
// and number words ("forty four") become one token first.
func canonTokens(folded string) []token {
	words := canonPhrases(strings.Fields(folded))
	out := make([]token, 0, len(words))
	for _, w := range words {
		c, class := Canon(w)
		out = append(out, token{text: c, raw: w, skel: skeleton(c), class: class})
	}
	return out
}

var (
	levOnce  sync.Once
	levBuild [3]*levenshtein.LevenshteinAutomatonBuilder
)

// fuzzyTerms calls fn with the id of every dictionary term within the edit
// budget of t.
func (ix *Index) fuzzyTerms(t string, fn func(id int32)) {
	d := min(lookupBudget(len(t)), 2)
	if d == 0 {
		return
	}
	levOnce.Do(func() {
		for i := 1; i <= 2; i++ {
			levBuild[i], _ = levenshtein.NewLevenshteinAutomatonBuilder(uint8(i), true)
		}
	})
	dfa, err := levBuild[d].BuildDfa(t, uint8(d))
	if err != nil {
		return
	}
	it, err := ix.terms.Search(dfa, nil, nil)
	for err == nil {
		_, v := it.Current()
		fn(int32(v))
		err = it.Next()
	}
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

var _ = slices.Sort[[]int32]
