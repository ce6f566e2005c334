package ownership

import (
	"fmt"
	"slices"
	"strings"
)

// sentence states member v's status in words.
func (j *justification) sentence(v int32) string {
	if j.a.status[v] == Restricted {
		return j.restricted(v)
	}
	return j.undetermined(v)
}

// restricted explains a restricted member: "B: 50% owned via A (40%) and
// directly (10%) by X, Entity List, 84 FR 54002: licence required,
// presumption of denial". Stakes that come from the same listed owners are
// said together; several owners are described after, with the most
// restrictive named.
func (j *justification) restricted(v int32) string {
	a := j.a
	type group struct {
		owners  []int32
		phrases []string
	}
	var groups []*group
	var all []int32 // the listed owners, in the order the sentence names them
	cs := j.contribs[v]
	for _, c := range cs {
		owners, via := []int32{c.owner}, "directly"
		if !a.isListed(c.owner) {
			owners, via = j.ultimate[c.owner], "via "+a.name(c.owner)
		}
		phrase := fmt.Sprintf("%s (%s)", via, c.stake)
		if len(cs) == 1 {
			phrase = via
		}
		i := slices.IndexFunc(groups, func(g *group) bool { return slices.Equal(g.owners, owners) })
		if i < 0 {
			groups = append(groups, &group{owners: owners})
			i = len(groups) - 1
		}
		groups[i].phrases = append(groups[i].phrases, phrase)
		for _, u := range owners {
			if !slices.Contains(all, u) {
				all = append(all, u)
			}
		}
	}
	var said []string
	for _, g := range groups {
		var names []string
		for _, u := range g.owners {
			names = append(names, a.name(u))
		}
		if len(all) == 1 {
			names = []string{j.describe(all[0])}
		}
		said = append(said, andList(g.phrases)+" by "+andList(names))
	}
	s := fmt.Sprintf("%s: %s owned %s", a.name(v), j.percent(v), strings.Join(said, "; "))
	if len(all) > 1 {
		s += j.ownersText(all)
	}
	return s
}

// undetermined explains a member whose status cannot be determined: the
// stakes of unknown size and of possibly restricted owners.
func (j *justification) undetermined(v int32) string {
	a := j.a
	var parts []string
	for _, c := range j.contribs[v] {
		who := a.name(c.owner)
		if !a.isListed(c.owner) {
			who += ", " + j.standing(c.owner) + ","
		}
		if c.stake.Known() {
			parts = append(parts, fmt.Sprintf("%s holds %s", who, c.stake))
		} else {
			parts = append(parts, fmt.Sprintf("%s holds a stake of unknown size", who))
		}
	}
	s := fmt.Sprintf("%s: whether listed parties own 50%% or more cannot be determined: %s", a.name(v), strings.Join(parts, "; "))
	return s + j.ownersText(j.ultimate[v])
}

// ownersText describes listed owners after a sentence, naming the most
// restrictive when there are several.
func (j *justification) ownersText(owners []int32) string {
	var b strings.Builder
	best, bestSeverity := int32(-1), -1
	for _, u := range owners {
		b.WriteString(". " + j.describe(u))
		for _, h := range j.a.listed[u] {
			if s := j.severity(h); s > bestSeverity {
				best, bestSeverity = u, s
			}
		}
	}
	if len(owners) > 1 && j.terms != nil {
		fmt.Fprintf(&b, ". Most restrictive: %s's terms", j.a.name(best))
	}
	return b.String()
}

// andList joins "a", "b" and "c" as "a, b and c".
func andList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
