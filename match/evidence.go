package match

import (
	"math"
	"strconv"
	"strings"
)

// idOnly scores a record found only through an identifier.
func (ix *Index) idOnly(p *preparedQuery, rec int32) Result {
	var best Result
	for i := range ix.names {
		// Linear in names, but identifier-only hits are rare.
		if ix.names[i].record != rec {
			continue
		}
		al := align(p.tokens, ix.names[i].tokens, 0.75, 1, nil, &alignBuf{}, true)
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

// applyEvidence adjusts a result for evidence beyond the name, noting it
// in the explanation unless opts.Brief.
func (ix *Index) applyEvidence(p *preparedQuery, rec int32, r *Result, opts Options) {
	info := &ix.records[rec]
	add := func(feature string, effect float64, detail func() string) {
		r.Score += effect
		if !opts.Brief {
			r.Explanation.Evidence = append(r.Explanation.Evidence, Evidence{Feature: feature, Effect: effect, Detail: detail()})
		}
	}
	if len(p.ids) > 0 && len(info.ids) > 0 {
		for _, q := range p.ids {
			for _, l := range info.ids {
				if q == l {
					add("identifier", opts.IdentifierMatch, func() string { return "identifier " + q + " matches the listed identifier" })
					goto idDone
				}
			}
		}
	}
idDone:
	if len(p.ctry) > 0 && len(info.countries) > 0 {
		if overlaps(p.ctry, info.countries) {
			add("country", opts.CountryMatch, func() string {
				return "country " + strings.Join(p.ctry, "/") + " is among the listed countries"
			})
		} else {
			add("country", opts.CountryMismatch, func() string {
				return "country " + strings.Join(p.ctry, "/") + " is not among the listed countries " + strings.Join(info.countries, ", ")
			})
		}
	}
	if p.birth != "" && len(info.births) > 0 {
		if birthMatches(p.birth, info.births) {
			add("birth_date", opts.BirthMatch, func() string {
				return "date of birth " + p.birth + " agrees with " + strings.Join(info.births, ", ")
			})
		} else if !birthNear(p.birth, info.births) {
			add("birth_date", opts.BirthMismatch, func() string {
				return "date of birth " + p.birth + " differs from " + strings.Join(info.births, ", ")
			})
		}
	}
	if p.kind != "" && info.kind != "" && p.kind != info.kind {
		add("kind", opts.KindMismatch, func() string { return "query is a " + p.kind + ", the listed party a " + info.kind })
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
