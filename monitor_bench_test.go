package clearance_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/store/sqlite"
	"github.com/clearancehq/clearance/store/storetest"
)

// BenchmarkMonitorRescreen measures the target: re-screening
// 100,000 counterparties after the 28-entry delta of 84 FR 54002. The store
// holds the CSL without the rule as version 1, the registry (Hikvision,
// Dahua and ordinary companies), and the full CSL as version 2; one
// operation is the Monitor's run over that update. "warm" has the full
// screener in memory already, as a server would; "cold" loads it, as the
// command line does after an import.
//
//	go test -run '^$' -bench MonitorRescreen -benchtime 3x .
func BenchmarkMonitorRescreen(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	db := monitorFixture(b, n)
	for _, warm := range []bool{true, false} {
		name := "cold"
		if warm {
			name = "warm"
		}
		b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
			var cpu time.Duration // the process's CPU time in Run, which other processes do not inflate
			for b.Loop() {
				b.StopTimer()
				st := copyStore(b, db)
				full := func(ctx context.Context) (*clearance.Screener, error) { return clearance.LoadScreener(ctx, st) }
				if warm {
					s, err := full(context.Background())
					if err != nil {
						b.Fatal(err)
					}
					full = func(context.Context) (*clearance.Screener, error) { return s, nil }
				}
				m := &clearance.Monitor{Store: st, Screener: full, Options: match.DefaultOptions(),
					ReviewThreshold: clearance.DefaultReviewThreshold, Workers: 2}
				b.StartTimer()
				start := processCPU()
				runs, err := m.Run(context.Background())
				cpu += processCPU() - start
				b.StopTimer()
				if err != nil || len(runs) != 1 || runs[0].Stats.Counterparties != n+2 || runs[0].Stats.CasesOpened != 2 {
					b.Fatalf("Run = %+v, %v; want %d counterparties re-screened and 2 cases", runs, err, n+2)
				}
				st.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// monitorFixture builds the benchmark's database once and returns its path.
func monitorFixture(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "clearance.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	all := shippedCSL(b)
	without := slices.DeleteFunc(slices.Clone(all), func(e *clearance.Entry) bool {
		return e.List == clearance.ListEntity && e.StartDate == "2019-10-09" && slices.Contains(e.FederalRegister, "84 FR 54002")
	})
	ctx := context.Background()
	if _, err := st.Import(ctx, storetest.Request(clearance.SourceUSCSL, "before", without...)); err != nil {
		b.Fatal(err)
	}
	if _, err := (&clearance.Monitor{Store: st}).Run(ctx); err != nil { // the first import, with an empty registry
		b.Fatal(err)
	}
	cps := []clearance.Counterparty{storetest.Counterparty("HIK", hikvision), storetest.Counterparty("DAHUA", "Zhejiang Dahua Technology Co., Ltd.")}
	g := benchmark.NewGenerator(100, nil)
	for len(cps) < n+2 {
		if name := g.Next(); name.Origin == benchmark.Company {
			c := storetest.Counterparty(fmt.Sprintf("CP-%06d", len(cps)), name.Text)
			c.Country = name.Country
			cps = append(cps, c)
		}
	}
	if _, err := st.UpsertCounterparties(ctx, cps, "bench"); err != nil {
		b.Fatal(err)
	}
	if _, err := st.Import(ctx, storetest.Request(clearance.SourceUSCSL, "after", all...)); err != nil {
		b.Fatal(err)
	}
	return path
}

func copyStore(b *testing.B, path string) *sqlite.Store {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	dst := filepath.Join(b.TempDir(), "clearance.db")
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), dst)
	if err != nil {
		b.Fatal(err)
	}
	return st
}
