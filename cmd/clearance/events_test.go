package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
)

// TestEventsWebhookRetries: a receiver that fails gets each attempt
// recorded and the event again on the next command; the log reads by id
// and by date.
func TestEventsWebhookRetries(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeDoc(t, "config.json", fmt.Sprintf(`{"webhook": {"url": %q, "secret": "s", "backoff": "5ms", "max_attempts": 2}}`, srv.URL))
	r := mustRun(t, dir, "--config", cfg, "counterparties", "import", writeDoc(t, "cp.csv", "id,name\nC-1,Acme\n"))
	if !strings.Contains(r.stderr, "webhook") || !strings.Contains(r.stderr, "not delivered after 2 attempts") {
		t.Errorf("a failing receiver is not reported:\n%s", r.stderr)
	}
	ds := runJSON[[]clearance.Delivery](t, dir, "events", "deliveries", "--json")
	if len(ds) != 2 || ds[0].Status != 503 || ds[1].Attempt != 2 || ds[1].Done {
		t.Fatalf("deliveries after the failure = %+v", ds)
	}
	out := mustRun(t, dir, "--config", cfg, "events", "deliver").stdout
	if !strings.Contains(out, "1 events delivered") || calls.Load() != 3 {
		t.Errorf("events deliver: %s (%d calls)", out, calls.Load())
	}
	out = mustRun(t, dir, "events", "deliveries").stdout
	if !strings.Contains(out, "503") || !strings.Contains(out, "200") {
		t.Errorf("events deliveries:\n%s", out)
	}

	mustRun(t, dir, "counterparties", "import", writeDoc(t, "cp.csv", "id,name\nC-2,Beta\n"))
	if evs := eventsJSON(t, dir, "--since", "1"); len(evs) != 1 || evs[0].ID != 2 || evs[0].Type != clearance.EventCounterpartiesImported {
		t.Errorf("events --since 1 = %+v", evs)
	}
	today := time.Now().Format(time.DateOnly)
	if evs := eventsJSON(t, dir, "--since", today, "--type", "counterparties.imported"); len(evs) != 2 {
		t.Errorf("events --since %s = %d events, want 2", today, len(evs))
	}
	if evs := eventsJSON(t, dir, "--since", time.Now().Add(time.Hour).Format(time.RFC3339)); len(evs) != 0 {
		t.Errorf("events from an hour ahead = %d", len(evs))
	}
	if r := run(t, dir, "events", "--since", "yesterday"); r.code == 0 || !strings.Contains(r.stderr, "--since") {
		t.Errorf("events --since yesterday: %+v", r)
	}
	if r := run(t, dir, "events", "deliver"); r.code == 0 || !strings.Contains(r.stderr, "no webhook is configured") {
		t.Errorf("events deliver without a webhook: %+v", r)
	}
}
