package clearance_test

import (
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/store/storetest"
)

// TestLiveScreenerReload screens without pause on several goroutines while
// a new list version is imported and swapped in: every query is answered,
// each by one whole screener (old or new, never a mix), and once Reload
// returns every new query sees the new version.
func TestLiveScreenerReload(t *testing.T) {
	ctx := t.Context()
	st := openStore(t, filepath.Join(t.TempDir(), "live.db"))
	src := clearance.SourceUSCSL
	old := storetest.NewEntry(src, "a", "Rosoboronexport")
	if _, err := st.Import(ctx, storetest.Request(src, "v1", old)); err != nil {
		t.Fatal(err)
	}
	s, err := clearance.LoadScreener(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	live := clearance.NewLiveScreener(s)
	if swapped, err := live.Reload(ctx, st); err != nil || swapped {
		t.Fatalf("Reload with the versions in use = %v, %v; want no swap", swapped, err)
	}
	opts := match.DefaultOptions()
	var stop atomic.Bool
	var wg sync.WaitGroup
	var queries atomic.Int64
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				res, err := live.Screen(clearance.Query{Name: "Rosoboronexport"}, opts)
				if err != nil {
					t.Error(err)
					return
				}
				v := res.Versions[0].Version
				if want := map[int]int{1: 1, 2: 2}[v]; len(res.Hits) != want {
					t.Errorf("version %d answered with %d hits, want %d", v, len(res.Hits), want)
					return
				}
				queries.Add(1)
			}
		})
	}
	// On a loaded machine the workers may not have run yet: the import
	// waits for them, so that the swap happens while they screen.
	waitQueries := func(after int64) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); queries.Load() <= after; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				stop.Store(true)
				wg.Wait()
				t.Fatalf("the workers answered no query after the %d-th in 30 s", after)
			}
		}
	}
	waitQueries(0)
	twin := storetest.NewEntry(src, "b", "Rosoboronexport JSC")
	if _, err := st.Import(ctx, storetest.Request(src, "v2", old, twin)); err != nil {
		t.Fatal(err)
	}
	if swapped, err := live.Reload(ctx, st); err != nil || !swapped {
		t.Fatalf("Reload after an import = %v, %v; want a swap", swapped, err)
	}
	res, err := live.Screen(clearance.Query{Name: "Rosoboronexport"}, opts)
	if err != nil || res.Versions[0].Version != 2 || len(res.Hits) != 2 {
		t.Fatalf("after Reload: %+v, %v; want version 2 with 2 hits", res, err)
	}
	waitQueries(queries.Load()) // and go on screening after it
	stop.Store(true)
	wg.Wait()
}

// TestLiveScreenerReloadReusesSources: a reload after one source's import
// reads only that source; the other sources' entries are taken over as
// they were, and screening sees both.
func TestLiveScreenerReloadReusesSources(t *testing.T) {
	ctx := t.Context()
	st := openStore(t, filepath.Join(t.TempDir(), "live.db"))
	csl, sdn := clearance.SourceUSCSL, clearance.SourceOFACSDN
	if _, err := st.Import(ctx, storetest.Request(csl, "v1", storetest.NewEntry(csl, "a", "Rosoboronexport"))); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Import(ctx, storetest.Request(sdn, "v1", storetest.NewEntry(sdn, "s", "Hikvision"))); err != nil {
		t.Fatal(err)
	}
	live := clearance.NewLiveScreener(nil)
	if _, err := live.Reload(ctx, st); err != nil {
		t.Fatal(err)
	}
	before := live.Current()
	if _, err := st.Import(ctx, storetest.Request(csl, "v2", storetest.NewEntry(csl, "a", "Rosoboronexport"),
		storetest.NewEntry(csl, "b", "Dahua"))); err != nil {
		t.Fatal(err)
	}
	if swapped, err := live.Reload(ctx, st); err != nil || !swapped {
		t.Fatalf("Reload = %v, %v; want a swap", swapped, err)
	}
	after := live.Current()
	if !clearance.SameEntry(before, after, sdn, "s") {
		t.Error("the unchanged source's entry was read again, not reused")
	}
	if clearance.SameEntry(before, after, csl, "a") {
		t.Error("the imported source's entry was reused, not read")
	}
	for _, name := range []string{"Hikvision", "Dahua", "Rosoboronexport"} {
		if res, err := after.Screen(clearance.Query{Name: name}, match.DefaultOptions()); err != nil || len(res.Hits) != 1 {
			t.Errorf("Screen(%q) after the reload: %v, %v; want one hit", name, res, err)
		}
	}
}
