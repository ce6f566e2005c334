package match

import "sort"

// alignment is the result of aligning query tokens with listed tokens.
type alignment struct {
	sq, sc      float64 // weighted coverage of the query and of the listed name
	distinctive bool    // a name-class token matched (not only legal forms or generic words)
	pairs       []TokenMatch
}

type cell struct {
	i, j int
	sim  float64
	how  How
}

// align matches query tokens q with listed tokens c one to one, best pairs
// first, then tries joins of adjacent tokens for what is left ("hik vision"
// and "hikvision"). Coverage on each side is the similarity-weighted share
// of that side's token weight that found a partner.
func align(q, c []token, minFuzzy float64) alignment {
	var cells []cell
	for i := range q {
		for j := range c {
			if s, how := tokenSim(q[i].text, c[j].text, q[i].skel, c[j].skel, minFuzzy); how != HowNone {
				cells = append(cells, cell{i, j, s, how})
			}
		}
	}
	sort.SliceStable(cells, func(a, b int) bool {
		if cells[a].sim != cells[b].sim {
			return cells[a].sim > cells[b].sim
		}
		return q[cells[a].i].weight+c[cells[a].j].weight > q[cells[b].i].weight+c[cells[b].j].weight
	})
	qs := make([]float64, len(q))
	cs := make([]float64, len(c))
	qm := make([]int, len(q)) // partner index+1, or -(join start+1)
	cm := make([]int, len(c))
	var al alignment
	for _, x := range cells {
		if qm[x.i] != 0 || cm[x.j] != 0 {
			continue
		}
		qm[x.i], cm[x.j] = x.j+1, x.i+1
		qs[x.i], cs[x.j] = x.sim, x.sim
		al.pairs = append(al.pairs, TokenMatch{Query: q[x.i].text, Listed: c[x.j].text, How: x.how.String(), Similarity: round(x.sim), Weight: round(q[x.i].weight)})
		if x.how != HowInitial && (q[x.i].class == ClassName || c[x.j].class == ClassName) {
			al.distinctive = true
		}
	}
	joinPairs(q, c, qm, cm, qs, cs, minFuzzy, &al, false)
	joinPairs(c, q, cm, qm, cs, qs, minFuzzy, &al, true)
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
	al.sq = coverage(q, qs)
	al.sc = coverage(c, cs)
	return al
}

// joinPairs matches each unpaired token of a with two adjacent unpaired
// tokens of b joined together. swapped says a is the listed side.
func joinPairs(a, b []token, am, bm []int, as, bs []float64, minFuzzy float64, al *alignment, swapped bool) {
	for i := range a {
		if am[i] != 0 || len(a[i].text) < 4 {
			continue
		}
		for j := 0; j+1 < len(b); j++ {
			if bm[j] != 0 || bm[j+1] != 0 {
				continue
			}
			joined := b[j].text + b[j+1].text
			s, how := tokenSim(a[i].text, joined, "", "", minFuzzy)
			if how != HowExact && how != HowFuzzy {
				continue
			}
			am[i], bm[j], bm[j+1] = -1, -1, -1
			as[i], bs[j], bs[j+1] = s, s, s
			tm := TokenMatch{Query: a[i].text, Listed: b[j].text + " " + b[j+1].text, How: HowJoined.String(), Similarity: round(s), Weight: round(a[i].weight)}
			if swapped {
				tm.Query, tm.Listed = tm.Listed, tm.Query
				tm.Weight = round(b[j].weight + b[j+1].weight)
			}
			al.pairs = append(al.pairs, tm)
			if a[i].class == ClassName {
				al.distinctive = true
			}
			break
		}
	}
}

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
