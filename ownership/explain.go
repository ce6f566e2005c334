package ownership

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/clearancehq/clearance"
)

// Terms says in a phrase what a listing asks of a transaction ("licence
// required, presumption of denial") and how severe that is, so that the
// most restrictive of several owners can be named. The gate knows; see
// gate.Table.Terms.
type Terms func(h clearance.Hit) (phrase string, severity int)

// contribution is one owner's stake that a finding counts.
type contribution struct {
	owner int32 // member
	stmt  int32
	stake clearance.Stake
}

// contributions returns the stakes behind member v's status: those of
// owners whose status, reached before v's, made v's. Ordering by that time
// makes every explanation finite, cycles or not. Largest stakes first.
func (a *assessment) contributions(v int32) []contribution {
	var out []contribution
	restricted := a.status[v] == Restricted
	for _, p := range a.g.owners(a.nodes[v]) {
		u, ok := a.member(p.owner)
		if !ok {
			continue
		}
		si := a.g.stakeOn(&p, a.day)
		st := a.g.stmts[si].stake
		nothing := st.Known() && st.Millionths() == 0
		if restricted && (a.status[u] != Restricted || a.rankR[u] >= a.rankR[v] || !st.Known() || nothing) ||
			!restricted && (a.status[u] == Clear || a.rankU[u] >= a.rankU[v] || nothing) {
			continue
		}
		out = append(out, contribution{owner: u, stmt: si, stake: st})
	}
	slices.SortFunc(out, func(x, y contribution) int {
		return cmp.Or(-cmp.Compare(x.stake.Millionths(), y.stake.Millionths()), cmp.Compare(a.name(x.owner), a.name(y.owner)))
	})
	return out
}

func (a *assessment) name(u int32) string { return a.g.Name(a.nodes[u]) }

// justification is everything behind one member's status: the
// contributions to it, to its owners' statuses, and so on up to the listed
// owners.
type justification struct {
	a        *assessment
	terms    Terms
	order    []int32 // the unlisted members explained, the party first
	contribs map[int32][]contribution
	ultimate map[int32][]int32 // the listed members each one's status comes from
}

// justify collects the justification of member v's status.
func (a *assessment) justify(v int32, terms Terms) *justification {
	j := &justification{a: a, terms: terms, contribs: map[int32][]contribution{}, ultimate: map[int32][]int32{}}
	stack := []int32{v}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, seen := j.contribs[u]; seen {
			continue
		}
		cs := a.contributions(u)
		j.contribs[u] = cs
		j.order = append(j.order, u)
		for i := len(cs) - 1; i >= 0; i-- {
			if w := cs[i].owner; !a.isListed(w) {
				stack = append(stack, w)
			}
		}
	}
	j.findUltimate(v)
	return j
}

// findUltimate fills in the listed members behind each member explained,
// children before parents, without recursion: chains may be deep.
func (j *justification) findUltimate(v int32) {
	stack := []int32{v}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		if _, done := j.ultimate[u]; done {
			stack = stack[:len(stack)-1]
			continue
		}
		pending := false
		for _, c := range j.contribs[u] {
			if _, done := j.ultimate[c.owner]; !done && !j.a.isListed(c.owner) {
				stack = append(stack, c.owner)
				pending = true
			}
		}
		if pending {
			continue
		}
		stack = stack[:len(stack)-1]
		var ult []int32
		for _, c := range j.contribs[u] {
			if j.a.isListed(c.owner) {
				ult = append(ult, c.owner)
			} else {
				ult = append(ult, j.ultimate[c.owner]...)
			}
		}
		slices.Sort(ult)
		j.ultimate[u] = slices.Compact(ult)
	}
}

// chain lists the stakes of the justification, the party's first.
func (j *justification) chain() []clearance.ChainStep {
	a := j.a
	var steps []clearance.ChainStep
	for _, v := range j.order {
		for _, c := range j.contribs[v] {
			s := &a.g.stmts[c.stmt]
			step := clearance.ChainStep{Owned: a.name(v), Owner: a.name(c.owner), Percent: c.stake,
				AsOf: dateOf(s.day), Source: a.g.sources[s.source], OwnerStatus: j.standing(c.owner)}
			if a.isListed(c.owner) {
				for _, h := range a.listed[c.owner] {
					step.Listings = append(step.Listings, j.chainListing(h))
				}
			}
			steps = append(steps, step)
		}
	}
	return steps
}

// standing says how a member stands, for chain steps.
func (j *justification) standing(u int32) string {
	switch {
	case j.a.isListed(u):
		return "listed"
	case j.a.status[u] == Restricted:
		return "restricted by ownership"
	}
	return "possibly restricted"
}

func (j *justification) chainListing(h clearance.Hit) clearance.ChainListing {
	l := clearance.ChainListing{EntryID: h.EntryID, EntryName: h.EntryName, List: h.List, Source: h.Source,
		Score: h.Score, MatchedName: h.MatchedName, Programs: h.Programs, FederalRegister: strings.Join(h.FederalRegister, ", ")}
	if l.FederalRegister == "" {
		l.FederalRegister = h.FederalRegisterNotice
	}
	if j.terms != nil {
		l.Terms, _ = j.terms(h)
	}
	return l
}

// owners returns the listings whose terms pass to member v, the most
// severe first, each once.
func (j *justification) owners(v int32) []clearance.Hit {
	var out []clearance.Hit
	for _, u := range j.ultimate[v] {
		for _, h := range j.a.listed[u] {
			if !slices.ContainsFunc(out, func(x clearance.Hit) bool { return x.EntryID == h.EntryID }) {
				out = append(out, h)
			}
		}
	}
	slices.SortStableFunc(out, func(x, y clearance.Hit) int { return j.severity(y) - j.severity(x) })
	return out
}

func (j *justification) severity(h clearance.Hit) int {
	if j.terms == nil {
		return 0
	}
	_, s := j.terms(h)
	return s
}

// percent is the sum of the known stakes counted in member v.
func (j *justification) percent(v int32) clearance.Stake {
	var sum int64
	for _, c := range j.contribs[v] {
		sum += int64(c.stake.Millionths())
	}
	return clearance.StakeMillionths(int32(min(sum, 1_000_000)))
}

// describe writes a listed member with its listings: "X, Entity List, 84
// FR 54002: licence required, presumption of denial"; a name that resolved
// to an entry of another name says so.
func (j *justification) describe(u int32) string {
	a := j.a
	var parts []string
	for _, h := range a.listed[u] {
		label := string(h.List)
		if sc, ok := a.rule.scope(h); ok {
			label = sc.Label
		}
		if len(h.Programs) > 0 {
			label += " [" + strings.Join(h.Programs, "] [") + "]"
		}
		l := j.chainListing(h)
		if l.FederalRegister != "" {
			label += ", " + l.FederalRegister
		}
		if l.Terms != "" {
			label += ": " + l.Terms
		}
		parts = append(parts, label)
	}
	return j.ref(u) + ", " + strings.Join(parts, "; ")
}

// ref names a listed member, with the entry its name resolved to when the
// entry's name is another: "Hikvision (listed as Hangzhou Hikvision
// Digital Technology Co., Ltd., score 1.00)".
func (j *justification) ref(u int32) string {
	name := j.a.name(u)
	if hs := j.a.listed[u]; len(hs) > 0 && clearance.PartyKey(hs[0].EntryName) != clearance.PartyKey(name) {
		return fmt.Sprintf("%s (listed as %s, score %.2f)", name, hs[0].EntryName, hs[0].Score)
	}
	return name
}
