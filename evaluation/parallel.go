package evaluation

import (
	"context"
	"sync"
)

// Progress is told how far a set has got; the command shows it as a bar.
// A nil Progress shows nothing.
type Progress interface {
	// Start begins a set of total queries.
	Start(set string, total int)
	// Add counts n more queries done.
	Add(n int)
	// Finish ends the set.
	Finish()
}

// parallel calls fn for 0..n-1 on workers goroutines and returns the
// results in index order. It stops at the first error or when ctx is done.
func parallel[T any](ctx context.Context, n, workers int, prog Progress, fn func(i int) (T, error)) ([]T, error) {
	out := make([]T, n)
	workers = max(1, min(workers, n))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				v, err := fn(i)
				if err != nil {
					fail(err)
					continue
				}
				out[i] = v
				if prog != nil {
					prog.Add(1)
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
