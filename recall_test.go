package clearance_test

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/clearancehq/clearance/benchmark"
	"github.com/clearancehq/clearance/match"
)

// TestIndexLosesNoHitShipped is the proof of no lost recall on the shipped
// lists: generated names (persons, companies, names in other scripts, and
// listed names mutated with typos, reordering and dropped legal forms, as
// clearance bench screens them) and every benchQuery go through the
// candidate index and through exhaustive scoring of all 74,000 names, and
// must give the same hits with the same scores, at the default threshold
// and a low one. CLEARANCE_RECALL_NAMES sets how many generated names
// (default 300; exhaustive scoring takes about 0.2 s of CPU a name).
func TestIndexLosesNoHitShipped(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive scoring of the shipped lists is slow")
	}
	n := 300
	if v := os.Getenv("CLEARANCE_RECALL_NAMES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("CLEARANCE_RECALL_NAMES=%q: %v", v, err)
		}
	}
	s := shippedScreener(t)
	ix := s.Index()
	names := benchmark.Texts(benchmark.Generate(7, benchmark.ListedNames(shippedEntries(t)), n))
	for _, bq := range benchQueries {
		names = append(names, bq.query)
	}
	// Queries that take the index's rarer paths: only short or common
	// words (whole-name typos found by a word's near terms, by an
	// unchanged word, or by going through all names), an initial beside a
	// common name, three short words joined.
	names = append(names, "YK-AKD", "Lee Hye-jin", "Lin Electronics", "Mohammed M. Rahman", "Muhammad 'ALI,",
		"KIM, Yong Su", "Sinco Trade", "Oboronprom OJSC", "Al Nur Bank", "Hong Kong Lida")
	var mu sync.Mutex
	var lost []string
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for name := range jobs {
				for _, th := range []float64{0.80, 0.60} {
					opts := match.DefaultOptions()
					opts.Threshold, opts.Limit = th, 0
					q := match.Query{Name: name}
					if got, want := resultKey(ix.Search(q, opts)), resultKey(ix.SearchExhaustive(q, opts)); got != want {
						mu.Lock()
						lost = append(lost, fmt.Sprintf("threshold %.2f, %q:\n index:      %s\n exhaustive: %s", th, name, got, want))
						mu.Unlock()
					}
				}
			}
		})
	}
	for _, name := range names {
		jobs <- name
	}
	close(jobs)
	wg.Wait()
	for i, l := range lost {
		if i == 10 {
			break
		}
		t.Error(l)
	}
	if len(lost) > 0 {
		t.Errorf("%d of %d screenings differ between the index and exhaustive scoring", len(lost), 2*len(names))
	}
}

func resultKey(rs []match.Result) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%d:%.4f ", r.Record, r.Score)
	}
	return b.String()
}
