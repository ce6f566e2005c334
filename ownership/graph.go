package ownership

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

// Graph is an immutable ownership graph: parties, and for each pair of an
// owner and an owned entity the dated statements of the owner's stake. A
// party is identified by clearance.PartyKey of its name. It is safe for
// concurrent use.
type Graph struct {
	names   []string // per node, the name as first written
	byKey   map[string]int32
	sources []string
	stmts   []statement // grouped by pair, oldest first
	pairs   []pair      // ordered by owned, then owner
	in      []int32     // node v's owners are pairs[in[v]:in[v+1]]
	outIdx  []int32     // pair indexes ordered by owner
	out     []int32     // node u's holdings are outIdx[out[u]:out[u+1]]
	edges   int
	digest  string
}

// pair is one owner's stake in one entity over time.
type pair struct {
	owner, owned int32
	first, end   int32 // stmts[first:end]
}

// statement is one edge as the graph keeps it.
type statement struct {
	day    int32 // YYYYMMDD
	stake  clearance.Stake
	source int32
}

// Builder collects edges into a Graph. It is not safe for concurrent use.
type Builder struct {
	byName  map[string]int32
	byKey   map[string]int32
	names   []string
	srcIdx  map[string]int32
	sources []string
	raw     []rawEdge
	hash    hash.Hash
	buf     []byte
}

type rawEdge struct {
	owner, owned int32
	statement
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	return &Builder{byName: map[string]int32{}, byKey: map[string]int32{}, srcIdx: map[string]int32{}, hash: sha256.New()}
}

// Add adds an edge. It refuses, with Invalid, an edge without a name, a
// date or a source, and one whose owner is the owned party. (It does not
// repeat all of OwnershipEdge.Validate, which stores run on the way in:
// building the graph of a million edges must stay quick.)
func (b *Builder) Add(e clearance.OwnershipEdge) error {
	day, ok := dayOf(e.AsOf)
	switch {
	case strings.TrimSpace(e.Owner) == "" || strings.TrimSpace(e.Owned) == "" || strings.TrimSpace(e.Source) == "":
		return clearance.Errorf(clearance.Invalid, "ownership edge %q > %q from %q: owner, owned and source are required", e.Owner, e.Owned, e.Source)
	case !ok:
		return clearance.Errorf(clearance.Invalid, "ownership edge %q > %q: as_of %q is not a date as YYYY-MM-DD", e.Owner, e.Owned, e.AsOf)
	}
	owner, owned := b.node(e.Owner), b.node(e.Owned)
	if owner == owned {
		return clearance.Errorf(clearance.Invalid, "ownership edge %q > %q: the owner is the owned party", e.Owner, e.Owned)
	}
	src, ok := b.srcIdx[e.Source]
	if !ok {
		src = int32(len(b.sources))
		b.srcIdx[e.Source] = src
		b.sources = append(b.sources, e.Source)
	}
	b.raw = append(b.raw, rawEdge{owner, owned, statement{day, e.Stake, src}})
	known := byte(0)
	if e.Stake.Known() {
		known = 1
	}
	buf := append(b.buf[:0], e.Owner...)
	buf = append(append(buf, 0), e.Owned...)
	buf = binary.BigEndian.AppendUint32(append(buf, 0, known), uint32(e.Stake.Millionths()))
	buf = append(append(append(buf, e.AsOf...), 0), e.Source...)
	b.buf = append(buf, '\n')
	b.hash.Write(b.buf)
	return nil
}

// node returns the node of a name, adding it when new.
func (b *Builder) node(name string) int32 {
	if n, ok := b.byName[name]; ok {
		return n
	}
	key := clearance.PartyKey(name)
	n, ok := b.byKey[key]
	if !ok {
		n = int32(len(b.names))
		b.byKey[key] = n
		b.names = append(b.names, name)
	}
	b.byName[name] = n
	return n
}

// Graph returns the graph of the edges added. The builder must not be used
// afterwards.
func (b *Builder) Graph() *Graph {
	raw := b.raw
	slices.SortFunc(raw, func(x, y rawEdge) int {
		return cmp.Or(cmp.Compare(x.owned, y.owned), cmp.Compare(x.owner, y.owner), cmp.Compare(x.day, y.day), cmp.Compare(x.source, y.source))
	})
	n := len(b.names)
	g := &Graph{names: b.names, byKey: b.byKey, sources: b.sources, edges: len(raw),
		stmts: make([]statement, len(raw)), in: make([]int32, n+1), out: make([]int32, n+1)}
	for i, r := range raw {
		g.stmts[i] = r.statement
		if k := len(g.pairs) - 1; k >= 0 && g.pairs[k].owner == r.owner && g.pairs[k].owned == r.owned {
			g.pairs[k].end++
			continue
		}
		g.pairs = append(g.pairs, pair{owner: r.owner, owned: r.owned, first: int32(i), end: int32(i + 1)})
	}
	for _, p := range g.pairs {
		g.in[p.owned+1]++
		g.out[p.owner+1]++
	}
	for v := range n {
		g.in[v+1] += g.in[v]
		g.out[v+1] += g.out[v]
	}
	g.outIdx = make([]int32, len(g.pairs))
	next := slices.Clone(g.out[:n])
	for i, p := range g.pairs {
		g.outIdx[next[p.owner]] = int32(i)
		next[p.owner]++
	}
	var count [8]byte
	binary.BigEndian.PutUint64(count[:], uint64(len(raw)))
	b.hash.Write(count[:])
	g.digest = hex.EncodeToString(b.hash.Sum(nil)[:8])
	*b = Builder{}
	return g
}

// Len returns the number of parties.
func (g *Graph) Len() int { return len(g.names) }

// Edges returns the number of edges the graph was built from.
func (g *Graph) Edges() int { return g.edges }

// Digest identifies the edges the graph was built from, in their order.
func (g *Graph) Digest() string { return g.digest }

// Name returns the name of a node as first written.
func (g *Graph) Name(n int32) string { return g.names[n] }

// Node returns the node of a party by name (see clearance.PartyKey).
func (g *Graph) Node(name string) (int32, bool) {
	n, ok := g.byKey[clearance.PartyKey(name)]
	return n, ok
}

// owners returns the pairs in which node v is owned.
func (g *Graph) owners(v int32) []pair { return g.pairs[g.in[v]:g.in[v+1]] }

// holdings returns the indexes of the pairs in which node u is the owner.
func (g *Graph) holdings(u int32) []int32 { return g.outIdx[g.out[u]:g.out[u+1]] }

// stakeOn returns the index of the statement that gives a pair's stake on
// a day: the newest dated on or before it, or, when every statement is
// later, the oldest (the nearest knowledge, and the safer assumption than
// none). Of statements of one date, a known stake beats an unknown one and
// the larger known stake the smaller.
func (g *Graph) stakeOn(p *pair, day int32) int32 {
	best := p.first
	for i := p.first + 1; i < p.end; i++ {
		s, b := &g.stmts[i], &g.stmts[best]
		switch {
		case s.day == b.day:
			if firmer(s.stake, b.stake) {
				best = i
			}
		case s.day > day: // later than the day, and than best
			return best
		default:
			best = i
		}
	}
	return best
}

// firmer reports whether stake a is to be preferred to b of the same date.
func firmer(a, b clearance.Stake) bool {
	if a.Known() != b.Known() {
		return a.Known()
	}
	return a.Millionths() > b.Millionths()
}

// ancestors returns node v and every node that owns it, directly or
// indirectly, v first.
func (g *Graph) ancestors(v int32) []int32 {
	seen := map[int32]bool{v: true}
	out := []int32{v}
	for i := 0; i < len(out); i++ {
		for _, p := range g.owners(out[i]) {
			if !seen[p.owner] {
				seen[p.owner] = true
				out = append(out, p.owner)
			}
		}
	}
	return out
}

// Descendants returns the parties owned, directly or indirectly, by the
// given ones, and the given ones themselves: those whose standing a new
// listing of, or a new stake in, one of them can change.
func (g *Graph) Descendants(nodes []int32) []int32 {
	seen := make(map[int32]bool, len(nodes))
	var out []int32
	for _, n := range nodes {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for i := 0; i < len(out); i++ {
		for _, pi := range g.holdings(out[i]) {
			if v := g.pairs[pi].owned; !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// dayOf reads YYYY-MM-DD as YYYYMMDD.
func dayOf(date string) (int32, bool) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, false
	}
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day()), true
}

// dateOf writes YYYYMMDD as YYYY-MM-DD.
func dateOf(day int32) string {
	s := strconv.Itoa(int(day))
	for len(s) < 8 {
		s = "0" + s
	}
	return s[:4] + "-" + s[4:6] + "-" + s[6:]
}

// Owners returns the stakes on file in a party as of a date, one per owner
// (the statement that gives its stake on that day), largest first; 0%
// stakes are left out.
func (g *Graph) Owners(n int32, date string) []clearance.ChainStep {
	day, _ := dayOf(date)
	var out []clearance.ChainStep
	for _, p := range g.owners(n) {
		s := &g.stmts[g.stakeOn(&p, day)]
		if s.stake.Known() && s.stake.Millionths() == 0 {
			continue
		}
		out = append(out, clearance.ChainStep{Owned: g.names[n], Owner: g.names[p.owner], Percent: s.stake,
			AsOf: dateOf(s.day), Source: g.sources[s.source]})
	}
	slices.SortStableFunc(out, func(x, y clearance.ChainStep) int {
		return cmp.Compare(y.Percent.Millionths(), x.Percent.Millionths())
	})
	return out
}
