package ownership

import (
	"github.com/clearancehq/clearance"
)

// Status is a party's standing under one rule.
type Status uint8

// Statuses, from the mildest. A party's status only ever rises while an
// assessment runs, which is what makes it end.
const (
	Clear        Status = iota
	Undetermined        // a listed or possibly restricted owner's stake may make it 50% or more
	Restricted          // listed, or 50% or more owned by restricted owners
)

var statusNames = [...]string{"clear", "undetermined", "restricted"}

func (s Status) String() string { return statusNames[s] }

// half is 50% in millionths of the whole.
const half = 500_000

// lister returns the listings a party's name resolves to.
type lister func(node int32) ([]clearance.Hit, error)

// assessment is the standing of a set of parties under one rule as of one
// day. The set is closed upwards: every owner of a member is a member (a
// party's ancestors, or the whole graph).
type assessment struct {
	g       *Graph
	rule    *Rule
	date    string
	day     int32
	nodes   []int32         // member i is node nodes[i]
	local   map[int32]int32 // node -> member; nil when the members are the whole graph
	exclude int32           // a node whose own listings are not counted, or -1
	listed  map[int32][]clearance.Hit
	status  []Status
	done    []Status // the status whose holdings have been counted
	rankU   []int32  // when each member became undetermined or worse
	rankR   []int32  // when each member became restricted
	sure    []int64  // known stakes of restricted owners
	maybe   []int64  // known stakes of undetermined owners
	unknown []int32  // stakes of unknown size of restricted or undetermined owners
}

// assess runs one rule over a set of nodes (nil: the whole graph) as of a
// date. The listings of exclude, when it is not -1, are not counted, so that
// a listed party's own ownership can be judged.
func assess(g *Graph, rule *Rule, date string, nodes []int32, listings lister, exclude int32) (*assessment, error) {
	day, ok := dayOf(date)
	if !ok {
		return nil, clearance.Errorf(clearance.Invalid, "ownership: %q is not a date as YYYY-MM-DD", date)
	}
	a := &assessment{g: g, rule: rule, date: date, day: day, nodes: nodes, exclude: exclude, listed: map[int32][]clearance.Hit{}}
	if nodes == nil {
		a.nodes = make([]int32, g.Len())
		for i := range a.nodes {
			a.nodes[i] = int32(i)
		}
	} else {
		a.local = make(map[int32]int32, len(nodes))
		for i, n := range nodes {
			a.local[n] = int32(i)
		}
	}
	n := len(a.nodes)
	a.status, a.done = make([]Status, n), make([]Status, n)
	a.rankU, a.rankR = make([]int32, n), make([]int32, n)
	a.sure, a.maybe, a.unknown = make([]int64, n), make([]int64, n), make([]int32, n)
	seeds, err := a.seed(listings)
	if err != nil {
		return nil, err
	}
	a.propagate(seeds)
	return a, nil
}

// member returns the member index of a node.
func (a *assessment) member(node int32) (int32, bool) {
	if a.local == nil {
		return node, true
	}
	i, ok := a.local[node]
	return i, ok
}

// seed marks the listed members restricted and returns them.
func (a *assessment) seed(listings lister) ([]int32, error) {
	var seeds []int32
	for i, n := range a.nodes {
		hits, err := listings(n)
		if err != nil {
			return nil, err
		}
		var in []clearance.Hit
		for _, h := range hits {
			if _, ok := a.rule.scope(h); ok && listedOn(h, a.date) {
				in = append(in, h)
			}
		}
		if len(in) == 0 {
			continue
		}
		a.listed[int32(i)] = in
		if n != a.exclude {
			a.status[i], a.rankU[i], a.rankR[i] = Restricted, 1, 1
			seeds = append(seeds, int32(i))
		}
	}
	return seeds, nil
}

// listedOn reports whether a listing is in force on a date.
func listedOn(h clearance.Hit, date string) bool {
	if h.StartDate != "" && date < h.StartDate {
		return false
	}
	return h.Entry == nil || h.Entry.EndDate == "" || date <= h.Entry.EndDate
}

// propagate counts the holdings of every member whose status rose, until
// no status rises: a fixed point, reached in time proportional to the
// number of stakes, since each member's status rises at most twice.
func (a *assessment) propagate(queue []int32) {
	clock := int32(1)
	for head := 0; head < len(queue); head++ {
		u := queue[head]
		from, to := a.done[u], a.status[u]
		if from == to {
			continue
		}
		a.done[u] = to
		for _, pi := range a.g.holdings(a.nodes[u]) {
			p := &a.g.pairs[pi]
			v, ok := a.member(p.owned)
			if !ok || a.status[v] == Restricted {
				continue
			}
			stake := a.g.stmts[a.g.stakeOn(p, a.day)].stake
			a.count(v, stake, from, -1)
			a.count(v, stake, to, 1)
			if s := a.judge(v); s > a.status[v] {
				clock++
				if a.rankU[v] == 0 {
					a.rankU[v] = clock
				}
				if s == Restricted {
					a.rankR[v] = clock
				}
				a.status[v] = s
				queue = append(queue, v)
			}
		}
	}
}

// count adds (sign 1) or takes away (sign -1) the stake of an owner of
// status s in member v.
func (a *assessment) count(v int32, stake clearance.Stake, s Status, sign int64) {
	switch {
	case s == Clear:
	case !stake.Known():
		a.unknown[v] += int32(sign)
	case s == Restricted:
		a.sure[v] += sign * int64(stake.Millionths())
	default:
		a.maybe[v] += sign * int64(stake.Millionths())
	}
}

// judge returns the status member v's owners give it.
func (a *assessment) judge(v int32) Status {
	switch {
	case a.sure[v] >= half:
		return Restricted
	case a.sure[v]+a.maybe[v] >= half || a.unknown[v] > 0:
		return Undetermined
	}
	return Clear
}

// isListed reports whether member u counts as listed.
func (a *assessment) isListed(u int32) bool {
	return a.listed[u] != nil && a.nodes[u] != a.exclude
}
