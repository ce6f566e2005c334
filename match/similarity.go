package match

// How says how a query token was aligned with a listed token.
type How uint8

// Alignment kinds, from strongest to weakest.
const (
	HowNone     How = iota
	HowExact        // equal after canonicalisation
	HowPhonetic     // equal phonetic skeletons (Yevgeny / Evgeni)
	HowFuzzy        // within the edit budget for the token length
	HowJoined       // one side's token is the other's adjacent tokens joined (Hik Vision / Hikvision)
	HowInitial      // an initial standing for a word (J. / John)
)

func (h How) String() string {
	switch h {
	case HowExact:
		return "exact"
	case HowPhonetic:
		return "phonetic"
	case HowFuzzy:
		return "fuzzy"
	case HowJoined:
		return "joined"
	case HowInitial:
		return "initial"
	}
	return "none"
}

// initialSimilarity is the similarity of an initial with a word it may
// stand for ("J." and "John").
const initialSimilarity = 0.6

// phoneticSimilarity is the similarity of two words with the same phonetic
// skeleton ("Yevgeny" and "Evgeni").
const phoneticSimilarity = 0.95

// tokenSim returns the similarity of two canonical tokens in [0,1] and how
// they matched. Below minFuzzy a fuzzy similarity counts as no match.
func tokenSim(a, b string, skA, skB string, minFuzzy float64) (float64, How) {
	if a == b {
		return 1, HowExact
	}
	if skA != "" && skA == skB {
		return phoneticSimilarity, HowPhonetic
	}
	la, lb := len(a), len(b)
	if la == 1 || lb == 1 {
		if la == 1 && lb > 1 && b[0] == a[0] || lb == 1 && la > 1 && a[0] == b[0] {
			return initialSimilarity, HowInitial
		}
		return 0, HowNone
	}
	budget := editBudget(min(la, lb))
	if budget == 0 || abs(la-lb) > budget {
		return 0, HowNone
	}
	return fuzzySim(la, lb, osaDistance(a, b, budget), minFuzzy)
}

// fuzzySim scores two tokens of lengths la and lb (both at least two) at
// edit distance d: the tail of tokenSim, shared with the scorer's lookup
// tables, which know d from the index.
func fuzzySim(la, lb, d int, minFuzzy float64) (float64, How) {
	budget := editBudget(min(la, lb))
	if budget == 0 || abs(la-lb) > budget || d > budget {
		return 0, HowNone
	}
	s := 1 - float64(d)/float64(max(la, lb))
	if s < minFuzzy {
		return 0, HowNone
	}
	return s, HowFuzzy
}

// editBudget is the number of edits tolerated when scoring a token of
// length n. Short tokens get one edit (Tom/Tim, Musk/Mosk) but their
// similarity is low, so they only count as part of a name that otherwise
// matches.
func editBudget(n int) int {
	switch {
	case n <= 2:
		return 0
	case n <= 5:
		return 1
	}
	// Two at most, as the index looks terms up: three edits in a long word
	// ("dayinvestment", "velinvestment") make another word as often as not.
	return 2
}

// lookupBudget is the edit distance used to find candidate terms in the
// index: stricter than editBudget for short tokens, where one edit reaches
// too many words. A name found only through short fuzzy tokens scores below
// any useful threshold, so no hit is lost.
func lookupBudget(n int) int {
	if n <= 3 {
		return 0
	}
	return editBudget(n)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// osaDistance is the optimal-string-alignment edit distance of two ASCII
// strings (insertions, deletions, substitutions and adjacent
// transpositions), capped at maxD+1: it returns maxD+1 whenever the
// distance exceeds maxD. Only the diagonal band |i-j| <= maxD of the table
// is computed (a cell further out is already more than maxD edits away),
// so a bounded comparison costs O(len*maxD).
func osaDistance(a, b string, maxD int) int {
	// Equal letters at either end cost nothing, and an optimal alignment
	// pairs them (a transposition there would swap equal letters), so only
	// the middles are compared: near words differ in a letter or two.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n, m := len(a), len(b)
	big := maxD + 1
	if m-n > maxD {
		return big
	}
	if n == 0 {
		return m
	}
	if m+1 > 64 || big > 200 {
		return osaBanded(a, b, maxD, make([]int, m+1), make([]int, m+1), make([]int, m+1))
	}
	// Distances are capped at big, so a byte holds them: the rows are then
	// 192 bytes to clear, not 1.5 KB.
	var buf [3][64]uint8
	return osaBanded(a, b, maxD, buf[0][:m+1], buf[1][:m+1], buf[2][:m+1])
}

// osaBanded is osaDistance's table, a and b stripped and ordered, on rows
// of m+1 cells of an integer type wide enough for maxD+1.
func osaBanded[T uint8 | int](a, b string, maxD int, prev2, prev, cur []T) int {
	n, m := len(a), len(b)
	big := T(maxD + 1)
	for j := range prev {
		prev[j] = min(T(j), big)
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-maxD), min(m, i+maxD)
		rowMin := big
		if lo == 1 {
			cur[0] = min(T(i), big)
			rowMin = cur[0]
		} else {
			cur[lo-1] = big
		}
		for j := lo; j <= hi; j++ {
			var cost T = 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost, big)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < m {
			cur[hi+1] = big
		}
		if rowMin > big-1 {
			return int(big)
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[m])
}

// skeleton returns a phonetic key of a token that erases the differences
// between common romanisations: ph/f, kh/h, ks/x, w/v, y/i/j at word edges, ou/u,
// doubled letters, and a trailing -iy/-ii/-y. Tokens shorter than four
// letters have no skeleton: too many short words would collide.
func skeleton(t string) string {
	var buf [32]byte // most words fit: the skeleton is built on the stack
	return string(skeletonInto(buf[:0], t))
}

// skeletonInto is skeleton writing into b, which must be empty: the
// skeleton, empty when there is none.
func skeletonInto(b []byte, t string) []byte {
	if len(t) < 4 {
		return b
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		next := byte(0)
		if i+1 < len(t) {
			next = t[i+1]
		}
		switch {
		case c >= '0' && c <= '9':
			return b[:0] // numbers are compared exactly
		case c == 'p' && next == 'h':
			c = 'f'
			i++
		case (c == 'k' || c == 'g') && next == 'h':
			c = 'h'
			i++
		case c == 'c' && next == 'k':
			c = 'k'
			i++
		case c == 'k' && next == 's':
			c = 'x' // Roseksport, Rosexport
			i++
		case c == 'o' && next == 'u':
			c = 'u'
			i++
		case c == 'e' && next == 'e':
			c = 'i'
			i++
		case c == 'w':
			c = 'v'
		case c == 'y' || c == 'j' && i > 0:
			c = 'i'
		case c == 'q':
			c = 'k'
		case c == 'z' && i > 0 && t[i-1] == 't':
			c = 's'
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	// Leading "ye"/"ie" as in Yevgeny/Evgeny, Yelena/Elena.
	if len(b) > 2 && b[0] == 'i' && b[1] == 'e' {
		b = b[1:]
	}
	// Trailing -ii/-iy/-i(y) as in Dmitriy/Dmitrii/Dmitry.
	for len(b) > 3 && b[len(b)-1] == 'i' && b[len(b)-2] == 'i' {
		b = b[:len(b)-1]
	}
	return b
}
