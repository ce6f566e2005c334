package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
)

// generation returns the entries of version g: 100*g entries, each marked
// with g, so that a reader can tell a whole version from a mixture.
func generation(g int) []*clearance.Entry {
	return Synthetic(srcA, 100*g, fmt.Sprintf("generation %d", g))
}

// readActive reads the active version of srcA whole and checks that it is
// whole: as many entries as the version says, all of its generation.
func readActive(ctx context.Context, t *testing.T, s clearance.ListStore) int {
	vs, err := s.ActiveVersions(ctx)
	if err != nil {
		t.Errorf("ActiveVersions during import: %v", err)
		return 0
	}
	for _, v := range vs {
		if v.Source != srcA {
			continue
		}
		n, mark := 0, fmt.Sprintf("generation %d", v.Number)
		for e, err := range s.Entries(ctx, srcA, v.Number) {
			if err != nil {
				t.Errorf("Entries(%d) during import: %v", v.Number, err)
				return 0
			}
			if e.Remarks != mark {
				t.Errorf("version %d holds an entry of %q", v.Number, e.Remarks)
			}
			n++
		}
		if n != v.Entries || n != 100*v.Number {
			t.Errorf("version %d: read %d entries, version says %d, want %d", v.Number, n, v.Entries, 100*v.Number)
		}
		return v.Number
	}
	t.Errorf("ActiveVersions during import has no %s", srcA)
	return 0
}

func testConcurrentReads(t *testing.T, s clearance.ListStore) {
	ctx := t.Context()
	mustImport(t, s, Request(srcA, "g1", generation(1)...))

	seen := make(chan int, 64) // versions readers saw
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				v := readActive(ctx, t, s)
				select {
				case seen <- v:
				default:
				}
			}
		})
	}

	req := Request(srcA, "g2")
	entries := generation(2)
	req.Parse = func(emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
		for i, e := range entries {
			if i == len(entries)/2 {
				waitForReaders(t, seen, 1)
			}
			if err := emit(e); err != nil {
				return clearance.ParseResult{}, err
			}
		}
		return clearance.ParseResult{}, nil
	}
	if _, err := s.Import(ctx, req); err != nil {
		t.Errorf("Import while reading: %v", err)
	}
	waitForReaders(t, seen, 2)
	close(stop)
	wg.Wait()
}

// waitForReaders drains what readers saw until three reads that began
// after the call report version want. Reads of a stale version before that
// are fine, reads of any other are not.
func waitForReaders(t *testing.T, seen chan int, want int) {
	t.Helper()
	for len(seen) > 0 { // reads that may have begun before now
		<-seen
	}
	deadline := time.After(10 * time.Second)
	for n := 0; n < 3; {
		select {
		case v := <-seen:
			if v == want {
				n++
			} else if v > want || v < want-1 {
				t.Errorf("reader saw version %d, want %d", v, want)
			}
		case <-deadline:
			t.Errorf("readers saw version %d only %d times in 10s: are reads blocked by an import?", want, n)
			return
		}
	}
}
