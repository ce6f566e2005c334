package evaluation

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// VariantKind names a way of rewriting a listed name into a query.
type VariantKind string

// Variant kinds. Exact is a control: the listed primary name itself.
const (
	VariantExact     VariantKind = "exact"
	VariantLegalForm VariantKind = "legal-form-dropped"
	VariantAbbrev    VariantKind = "abbreviated"
	VariantTypo1     VariantKind = "typo-1"
	VariantTypo2     VariantKind = "typo-2"
	VariantReorder   VariantKind = "reordered"
	VariantJoin      VariantKind = "words-joined"
	VariantSplit     VariantKind = "word-split"
	VariantScript    VariantKind = "original-script"
)

// VariantKinds lists the kinds in report order.
var VariantKinds = []VariantKind{VariantExact, VariantLegalForm, VariantAbbrev, VariantTypo1, VariantTypo2,
	VariantReorder, VariantJoin, VariantSplit, VariantScript}

func (k VariantKind) String() string { return string(k) }

// splitPunct splits leading and trailing punctuation off a word.
func splitPunct(w string) (pre, core, post string) {
	start := strings.IndexFunc(w, isWordRune)
	if start < 0 {
		return w, "", ""
	}
	end := strings.LastIndexFunc(w, isWordRune)
	_, size := utf8.DecodeRuneInString(w[end:])
	return w[:start], w[start : end+size], w[end+size:]
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&' }

// matchCase writes s in the case style of model: upper, title or lower.
func matchCase(model, s string) string {
	switch {
	case strings.ToUpper(model) == model:
		return strings.ToUpper(s)
	case unicode.IsUpper(firstRune(model)):
		r := []rune(s)
		r[0] = unicode.ToUpper(r[0])
		return string(r)
	}
	return s
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// minTypoLen is the length from which a word counts as long enough for
// typos.
const minTypoLen = 8

// typo makes edits typing errors (substitution, deletion, insertion or
// transposition of adjacent letters) at distinct positions, never the first
// letter, in the longest word of the name. The result is exactly edits
// edits away from the word: two typos that happen to undo or merge into
// each other are drawn again. ok is false when no word of letters has
// minTypoLen letters.
func typo(name string, edits int, rng *rand.Rand) (string, bool) {
	words := strings.Fields(name)
	best, bestLen := -1, 0
	for i, w := range words {
		_, core, _ := splitPunct(w)
		n := utf8.RuneCountInString(core)
		if n >= minTypoLen && n > bestLen && allLetters(core) {
			best, bestLen = i, n
		}
	}
	if best < 0 {
		return "", false
	}
	pre, core, post := splitPunct(words[best])
	orig := []rune(core)
	for range 20 {
		r := typoRunes(orig, edits, rng, strings.ToUpper(core) == core)
		if editDistance(orig, r) == edits {
			words[best] = pre + string(r) + post
			return strings.Join(words, " "), true
		}
	}
	return "", false
}

// typoRunes makes edits edits in a copy of word at positions at least two
// apart, applied right to left so that one edit does not move the next.
func typoRunes(word []rune, edits int, rng *rand.Rand, upper bool) []rune {
	r := append([]rune{}, word...)
	var at []int
	for _, p := range rng.Perm(len(r) - 1) {
		p++ // never the first letter
		ok := true
		for _, q := range at {
			if abs(p-q) < 2 {
				ok = false
			}
		}
		if ok {
			at = append(at, p)
		}
		if len(at) == edits {
			break
		}
	}
	sortDesc(at)
	for _, p := range at {
		r = typoAt(r, p, rng, upper)
	}
	return r
}

// editDistance is the optimal-string-alignment distance of two words:
// insertions, deletions, substitutions and adjacent transpositions.
func editDistance(a, b []rune) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// typoAt makes one edit at position p of r.
func typoAt(r []rune, p int, rng *rand.Rand, upper bool) []rune {
	letter := func() rune {
		for {
			c := rune('a' + rng.IntN(26))
			if upper {
				c = unicode.ToUpper(c)
			}
			if c != unicode.ToUpper(r[p]) && c != unicode.ToLower(r[p]) {
				return c
			}
		}
	}
	switch op := rng.IntN(4); {
	case op == 0: // substitution
		r[p] = letter()
	case op == 1: // deletion
		r = append(r[:p:p], r[p+1:]...)
	case op == 2: // insertion
		r = append(r[:p:p], append([]rune{letter()}, r[p:]...)...)
	case p+1 < len(r) && r[p] != r[p+1]: // transposition
		r[p], r[p+1] = r[p+1], r[p]
	default: // transposition of equal or last letters changes nothing: substitute
		r[p] = letter()
	}
	return r
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sortDesc(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] > a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// reorder swaps a person's name between "SURNAME, Given" and "Given
// SURNAME". Without a comma, the surname is the run of upper-case words at
// the end in a mixed-case name ("Javad DARVISH-VAND"), else the last word.
// ok is false for a one-word name.
func reorder(name string) (string, bool) {
	if i := strings.Index(name, ","); i >= 0 {
		sur, given := strings.TrimSpace(name[:i]), strings.TrimSpace(name[i+1:])
		if sur == "" || given == "" {
			return "", false
		}
		return given + " " + sur, true
	}
	words := strings.Fields(name)
	if len(words) < 2 {
		return "", false
	}
	cut := len(words) - 1
	if strings.ToUpper(name) != name {
		for cut > 1 && isUpperWord(words[cut-1]) {
			cut--
		}
		if !isUpperWord(words[cut]) {
			cut = len(words) - 1
		}
	}
	return strings.Join(words[cut:], " ") + ", " + strings.Join(words[:cut], " "), true
}

func isUpperWord(w string) bool { return hasLetter(w) && strings.ToUpper(w) == w }

// joinWords joins two adjacent words of letters ("Hik Vision" gives
// "HikVision"), at a position chosen by rng. Legal forms are not joined.
// ok is false when no two adjacent words qualify.
func joinWords(name string, rng *rand.Rand) (string, bool) {
	words := strings.Fields(name)
	var cand []int
	for i := 0; i+1 < len(words); i++ {
		if allLetters(words[i]) && allLetters(words[i+1]) && !isLegalWord(words[i]) && !isLegalWord(words[i+1]) {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return "", false
	}
	i := cand[rng.IntN(len(cand))]
	joined := append(append(append([]string{}, words[:i]...), words[i]+words[i+1]), words[i+2:]...)
	return strings.Join(joined, " "), true
}

// splitWord splits the longest word of letters, of at least minTypoLen
// letters, in its middle ("Hikvision" gives "Hikv ision"). ok is false when
// no word is that long.
func splitWord(name string) (string, bool) {
	words := strings.Fields(name)
	best, bestLen := -1, 0
	for i, w := range words {
		_, core, _ := splitPunct(w)
		if n := utf8.RuneCountInString(core); n >= minTypoLen && n > bestLen && allLetters(core) {
			best, bestLen = i, n
		}
	}
	if best < 0 {
		return "", false
	}
	pre, core, post := splitPunct(words[best])
	r := []rune(core)
	words[best] = pre + string(r[:len(r)/2]) + " " + string(r[len(r)/2:]) + post
	return strings.Join(words, " "), true
}

// entryRand returns the random source for one entry's variants: seeded by
// the run's seed and the entry id, so that an entry's variants do not
// depend on which other entries were sampled.
func entryRand(seed uint64, id string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(id))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}
