package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
)

// TestKillDuringOrderSubmissions SIGKILLs a server while clients submit
// orders that draw on one licence, on each database. Every order the
// server answered as submitted must be recorded with that decision, the
// recorded orders and the licence's draws must agree exactly, each
// recorded order must have its one audit record, and the chain must
// verify: a kill loses no committed decision and leaves no half of one.
func TestKillDuringOrderSubmissions(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			dir, flags, _ := b.setup(t)
			lic := writeDoc(t, "licence.json", `{"number":"D-KILL","destination":"CN","parties":["`+hikvisionName+`"],
				"items":[{"eccn":"EAR99","quantity":100000,"unit":"pieces","value":15000000}],"valid_from":"2019-11-01","valid_to":"2030-10-31"}`)
			mustRun(t, dir, append(flags, "licence", "add", lic)...)
			key := lastLine(mustRun(t, dir, append(flags, "keys", "create", "--role", "screener", "--name", "orders")...).stdout)
			base, child := startServer(t, dir, flags, clearance.SourceUSCSL, activeVersion(t, dir, flags, clearance.SourceUSCSL))

			answered := map[string]clearance.Decision{} // order id -> decision the server answered with
			var mu sync.Mutex
			var sent, done atomic.Int64
			client := &http.Client{Timeout: 30 * time.Second}
			var wg sync.WaitGroup
			for w := range 8 {
				wg.Go(func() {
					for i := 0; ; i++ {
						id := fmt.Sprintf("PO-K-%d-%d", w, i)
						doc := fmt.Sprintf(`{"id":%q,"date":"2020-01-15","destination":"CN",
							"parties":[{"role":"end_user","name":%q,"country":"CN"}],
							"items":[{"description":"image sensors","eccn":"EAR99","quantity":%d,"unit":"pieces","value":%d}]}`,
							id, hikvisionName, 1+i%3, 150*(1+i%3))
						req, _ := http.NewRequest("POST", base+"/v1/orders", strings.NewReader(doc))
						req.Header.Set("Authorization", "Bearer "+key)
						req.Header.Set("Content-Type", "application/json")
						sent.Add(1)
						resp, err := client.Do(req)
						if err != nil {
							return // the server is gone
						}
						var d clearance.Decision
						err = json.NewDecoder(resp.Body).Decode(&d)
						resp.Body.Close()
						if resp.StatusCode == http.StatusCreated && err == nil {
							mu.Lock()
							answered[id] = d
							mu.Unlock()
							done.Add(1)
						} else if resp.StatusCode != http.StatusCreated {
							t.Errorf("order %s: HTTP %d", id, resp.StatusCode)
							return
						}
					}
				})
			}
			for deadline := time.Now().Add(time.Minute); done.Load() < 40 && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
			}
			if err := child.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			child.Wait()
			wg.Wait()
			t.Logf("%d orders answered as submitted of %d sent when the server was killed", len(answered), sent.Load())
			if len(answered) < 40 {
				t.Fatalf("only %d orders were answered before the kill", len(answered))
			}

			mustRun(t, dir, append(flags, "audit", "verify")...)
			var recorded []clearance.SubmittedOrder
			if err := json.Unmarshal([]byte(mustRun(t, dir, append(flags, "order", "list", "--json")...).stdout), &recorded); err != nil {
				t.Fatal(err)
			}
			byID := map[string]clearance.SubmittedOrder{}
			var drawn int64
			for _, o := range recorded {
				byID[o.Order.ID] = o
				for _, dr := range o.Decision.Draws {
					drawn += int64(dr.Quantity)
				}
			}
			for id, d := range answered {
				o, ok := byID[id]
				if !ok {
					t.Errorf("order %s was answered as submitted (%s) but is not recorded", id, d.Outcome)
				} else if o.Decision.Outcome != d.Outcome || len(o.Decision.Draws) != len(d.Draws) {
					t.Errorf("order %s is recorded as %s with %d draws, but was answered as %s with %d", id,
						o.Decision.Outcome, len(o.Decision.Draws), d.Outcome, len(d.Draws))
				}
			}
			var bal clearance.LicenceBalance
			if err := json.Unmarshal([]byte(mustRun(t, dir, append(flags, "licence", "show", "--json", "D-KILL")...).stdout), &bal); err != nil {
				t.Fatal(err)
			}
			var balDrawn int64
			for _, dr := range bal.Draws {
				balDrawn += int64(dr.Quantity)
				if _, ok := byID[dr.Order]; !ok {
					t.Errorf("the licence has a draw by order %s, which is not recorded", dr.Order)
				}
			}
			if left := *bal.Lines[0].RemainingQuantity; balDrawn != drawn || left != clearance.Units(100000)-clearance.Quantity(drawn) {
				t.Errorf("recorded orders drew %s, the licence's draws sum to %s and %s is left of 100000",
					clearance.Quantity(drawn), clearance.Quantity(balDrawn), left)
			}
			audited := map[string]int{}
			for _, r := range exportRecords(t, dir, flags) {
				if r.Action == clearance.AuditOrderSubmit {
					audited[r.Subject]++
				}
			}
			for id := range byID {
				if audited[id] != 1 {
					t.Errorf("order %s has %d audit records, want 1", id, audited[id])
				}
			}
			if len(audited) != len(byID) {
				t.Errorf("%d orders have audit records, %d are recorded", len(audited), len(byID))
			}
		})
	}
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
