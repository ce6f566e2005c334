package clearance

import (
	"context"
	"sync"
	"sync/atomic"
)

// What the registry screening and monitoring share: screening many subjects
// on every core, and turning hits into cases through the allow-list.

// parallel calls fn(i) for i in [0, n) on up to workers goroutines and
// returns the first error; after an error, or when ctx ends, the remaining
// calls are skipped.
func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	workers = max(1, min(workers, n))
	var next atomic.Int64
	var once sync.Once
	var first error
	fail := func(err error) { once.Do(func() { first = err }) }
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				if err := fn(i); err != nil {
					fail(err)
					next.Store(int64(n))
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// triage turns findings into the cases to open, reading the latest case on
// each finding's key; runFor gives the screening context of each finding.
// It returns the cases and how many findings a closed case still covers.
func triage(ctx context.Context, st CaseStore, fs []Finding, runFor func(*Finding) *ScreenRun) ([]Case, int, error) {
	if len(fs) == 0 {
		return nil, 0, nil
	}
	keys := make([]CaseKey, len(fs))
	for i := range fs {
		keys[i] = fs[i].Key()
	}
	latest, err := st.LatestCases(ctx, keys)
	if err != nil {
		return nil, 0, err
	}
	var out []Case
	suppressed := 0
	seen := map[CaseKey]bool{}
	for i := range fs {
		if seen[keys[i]] {
			continue // one case per key, even when a screening finds it twice
		}
		seen[keys[i]] = true
		c, sup := Triage(&fs[i], latest[keys[i]], runFor(&fs[i]))
		if sup {
			suppressed++
		}
		if c != nil {
			out = append(out, *c)
		}
	}
	return out, suppressed, nil
}
