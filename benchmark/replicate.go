package benchmark

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// Replicate returns the entries followed by copies-1 perturbed copies of
// each, for measuring how screening cost grows with the lists. Copy k of an
// entry has its own id, and names whose words of four letters or more have
// letters changed beyond the matcher's edit budget (two in words of four or
// five letters, three in longer ones), each word the same way wherever it
// occurs in copy k. So each copy is a list of new parties with the same
// statistics as the original: a dictionary of its own, as large, whose
// words are as common as the original's, and the short words ("CO",
// "LTD", "AL") shared, their postings growing with the copies. (Perturbing
// every occurrence apart instead would give each copy of a common word
// thousands of one-off spellings: 38 times the dictionary for 16 times the
// names, where real lists' dictionaries grow more slowly than their names;
// see docs/benchmarks.md.) The seed fixes the perturbation.
func Replicate(entries []*clearance.Entry, copies int, seed uint64) []*clearance.Entry {
	if copies <= 1 {
		return entries
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	out := make([]*clearance.Entry, 0, len(entries)*copies)
	out = append(out, entries...)
	for k := 1; k < copies; k++ {
		spelt := map[string]string{} // a word, lower-cased, as copy k spells it
		for _, e := range entries {
			c := *e
			c.ID = fmt.Sprintf("%s~%d", e.ID, k)
			c.Names = make([]clearance.Name, len(e.Names))
			for i, n := range e.Names {
				n.Value = perturb(n.Value, rng, spelt)
				c.Names[i] = n
			}
			if len(c.Names) > 0 {
				c.Name = c.Names[0].Value
			}
			out = append(out, &c)
		}
	}
	return out
}

// perturb changes letters at distinct places in each word of at least
// four ASCII letters: two in words of four or five, else three. A word
// spelt before (in any case) takes the spelling it was given then.
func perturb(name string, rng *rand.Rand, spelt map[string]string) string {
	words := strings.Fields(name)
	for i, w := range words {
		if len(w) < 4 || utf8.RuneCountInString(w) != len(w) {
			continue
		}
		key := strings.ToLower(w)
		if p, ok := spelt[key]; ok {
			words[i] = p
			continue
		}
		b := []byte(w)
		n := 3
		if len(b) <= 5 {
			n = 2
		}
		for _, p := range rng.Perm(len(b))[:n] {
			c := b[p]
			for c == b[p] {
				c = "abcdefghijklmnopqrstuvwxyz"[rng.IntN(26)]
			}
			b[p] = c
		}
		words[i] = string(b)
		spelt[key] = words[i]
	}
	return strings.Join(words, " ")
}
