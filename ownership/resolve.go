package ownership

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/clearancehq/clearance"
)

// resolutions remembers what each party's name resolved to.
type resolutions struct {
	g       *Graph
	resolve Resolver
	hits    []atomic.Pointer[[]clearance.Hit] // nil: not resolved yet
}

// noHits is the resolution of a name that resolves to nothing.
var noHits = &[]clearance.Hit{}

func newResolutions(g *Graph, resolve Resolver) *resolutions {
	return &resolutions{g: g, resolve: resolve, hits: make([]atomic.Pointer[[]clearance.Hit], g.Len())}
}

// listings returns what node n's name resolves to, resolving it the first
// time. Two goroutines may resolve one name at once; both get the same.
func (r *resolutions) listings(n int32) ([]clearance.Hit, error) {
	if p := r.hits[n].Load(); p != nil {
		return *p, nil
	}
	name := r.g.Name(n)
	hs, err := r.resolve(name)
	if err != nil {
		return nil, clearance.Errorf(clearance.KindOf(err), "resolve party %q: %w", name, err)
	}
	hs = oneParty(hs)
	p := noHits
	if len(hs) > 0 {
		p = &hs
	}
	r.hits[n].Store(p)
	return *p, nil
}

// oneParty keeps, of the hits of a name, those of the party it resolves
// to: the best hit's entry and the entries of the same name (one party
// listed on several lists) or of the same score. A name is one party: a
// weaker hit on another listed party is a resemblance, not its listing.
func oneParty(hs []clearance.Hit) []clearance.Hit {
	if len(hs) < 2 {
		return hs
	}
	best := 0
	for i, h := range hs {
		if h.Score > hs[best].Score {
			best = i
		}
	}
	key := clearance.PartyKey(hs[best].EntryName)
	out := []clearance.Hit{hs[best]}
	for i, h := range hs {
		if i != best && (h.Score >= hs[best].Score || clearance.PartyKey(h.EntryName) == key) {
			out = append(out, h)
		}
	}
	return out
}

// resolveAll resolves every name not resolved yet.
func (r *resolutions) resolveAll(workers int) error {
	return parallel(r.g.Len(), workers, func(i int) error {
		_, err := r.listings(int32(i))
		return err
	})
}

// Relist returns a finder of the same graph and rules for after a list
// update, resolving names with next. It keeps what f resolved for each name
// the update cannot have changed: names none of whose entries changed
// reports changed or removed, and for which probe, screening against only
// the entries the update added or changed, finds nothing. The others are
// resolved again, with next, when needed. Scores against the whole new
// lists can move slightly with the lists' word frequencies; a name kept
// keeps its old score. workers names run at once.
func (f *Finder) Relist(next, probe Resolver, changed func(entryID string) bool, workers int) (*Finder, error) {
	out := &Finder{graph: f.graph, rules: f.rules, terms: f.terms, names: newResolutions(f.graph, next)}
	err := parallel(f.graph.Len(), workers, func(i int) error {
		p := f.names.hits[i].Load()
		if p == nil {
			return nil
		}
		for _, h := range *p {
			if changed(h.EntryID) {
				return nil
			}
		}
		hs, err := probe(f.graph.Name(int32(i)))
		if err != nil || len(hs) > 0 {
			return err
		}
		out.names.hits[i].Store(p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Resolved returns how many names have been resolved.
func (f *Finder) Resolved() int {
	n := 0
	for i := range f.names.hits {
		if f.names.hits[i].Load() != nil {
			n++
		}
	}
	return n
}

// parallel calls fn for 0..n-1 on the given number of goroutines (the
// number of CPUs when not positive) and returns the first error.
func parallel(n, workers int, fn func(i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		next    atomic.Int64
		failed  atomic.Bool
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
	)
	for range min(workers, max(n, 1)) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					errOnce.Do(func() { first = err })
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return first
}

// Matching returns the parties whose names probe finds anything for, on the
// given number of workers: with probe screening against the entries a list
// update added, removed or changed, the parties whose resolution the update
// may change.
func (g *Graph) Matching(probe Resolver, workers int) ([]int32, error) {
	hit := make([]bool, g.Len())
	err := parallel(g.Len(), workers, func(i int) error {
		hs, err := probe(g.Name(int32(i)))
		hit[i] = len(hs) > 0
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []int32
	for i, h := range hit {
		if h {
			out = append(out, int32(i))
		}
	}
	return out, nil
}
