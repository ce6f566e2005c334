package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/webhook"
)

// TestServeDeliversEvents: two servers on one database, with a webhook
// receiver configured, deliver the events a third process records (it has
// no receiver configured) on their own, within seconds, and each event
// exactly once: one server at a time holds the receiver's claim.
func TestServeDeliversEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			dir, flags, _ := b.setup(t)
			csl := filepath.Join(t.TempDir(), "consolidated.csv")
			writeCSLWithout(t, csl, rule84FR54002(t))
			mustRun(t, dir, append(flags, "lists", "import", "--format", "csl", csl)...)
			v := activeVersion(t, dir, flags, clearance.SourceUSCSL)

			var mu sync.Mutex
			got := map[string]int{}
			recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				got[r.Header.Get(webhook.HeaderDelivery)]++
				mu.Unlock()
			}))
			defer recv.Close()
			cfg := writeDoc(t, "config.json", fmt.Sprintf(`{"webhook": {"url": %q, "secret": "s", "interval": "100ms"}}`, recv.URL))
			events := func() []clearance.Event {
				return runJSON[[]clearance.Event](t, dir, append(append([]string{}, flags...), "events", "list", "--json")...)
			}
			// A receiver gets the events recorded from its registration on,
			// when the first server starts.
			last := int64(0)
			for _, e := range events() {
				last = max(last, e.ID)
			}
			var children []*exec.Cmd
			for range 2 {
				_, c := startServer(t, dir, append(append([]string{}, flags...), "--config", cfg), clearance.SourceUSCSL, v)
				children = append(children, c)
			}
			for i := range 3 {
				mustRun(t, dir, append(flags, "counterparties", "import", writeDoc(t, "cp.csv", fmt.Sprintf("id,name\nC-%d,Acme %d\n", i, i)))...)
			}
			var evs []clearance.Event
			for _, e := range events() {
				if e.ID > last {
					evs = append(evs, e)
				}
			}
			if len(evs) != 3 {
				t.Fatalf("%d events recorded after the servers started, want 3: %+v", len(evs), evs)
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				mu.Lock()
				n := len(got)
				mu.Unlock()
				if n >= len(evs) || time.Now().After(deadline) {
					t.Logf("%d events delivered %s after the test listed them", n, time.Since(deadline.Add(-30*time.Second)).Round(time.Millisecond))
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			time.Sleep(500 * time.Millisecond) // time for a second delivery, were there one
			mu.Lock()
			defer mu.Unlock()
			if len(got) != len(evs) {
				t.Errorf("received %v, want events %d to %d once each", got, last+1, last+int64(len(evs)))
			}
			for _, e := range evs {
				if n := got[fmt.Sprint(e.ID)]; n != 1 {
					t.Errorf("event %d (%s) delivered %d times, want once (received %v)", e.ID, e.Type, n, got)
				}
			}
			for i, c := range children {
				c.Process.Signal(syscall.SIGTERM)
				if err := c.Wait(); err != nil {
					t.Errorf("server %d after SIGTERM: %v\n%s", i, err, c.Stderr)
				}
			}
		})
	}
}
