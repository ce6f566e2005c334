package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
	"github.com/clearancehq/clearance/webhook"
)

// The scenario of the review and monitoring issue. A data directory holds
// the CSL of 2022 without the 28 entries of 84 FR 54002 (version 2 over the
// shipped version 1), a registry of Hikvision, Dahua and 2,500 ordinary
// companies, and open orders to both; it is built once and copied.

const (
	hikID     = "Z-HIK"   // last in id order: in the last batch of a re-screen
	dahuaID   = "A-DAHUA" // first in id order
	dahua     = "Zhejiang Dahua Technology Co., Ltd."
	nOrdinary = 2500
)

var before2019 sharedData

func before2019Data(t *testing.T) string {
	t.Helper()
	return before2019.copy(t, func(dir string) error {
		if err := copyDB(cslData(t), dir); err != nil {
			return err
		}
		csl := filepath.Join(dir, "consolidated-before.csv")
		writeCSLWithout(t, csl, rule84FR54002(t))
		steps := [][]string{
			{"lists", "import", "--format", "csl", csl},
			{"counterparties", "import", "--by", "onboarding", writeRegistry(t, dir)},
			{"order", "submit", hikvisionOrder(t, "PO-HIK", "2019-10-15", "EAR99", 10)},
			{"order", "submit", orderDoc(t, "PO-DAHUA", "2019-10-15", "CN", "EAR99", 5, "end_user", dahua, "CN")},
		}
		for _, args := range steps {
			var out, errb bytes.Buffer
			if code := Run(context.Background(), append([]string{"--data", dir}, args...), &out, &errb); code != 0 {
				return fmt.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, errb.String())
			}
		}
		return nil
	})
}

func copyDB(from, to string) error {
	b, err := os.ReadFile(filepath.Join(from, "clearance.db"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(to, "clearance.db"), b, 0o600)
}

// writeRegistry writes the registry CSV: Hikvision, Dahua and ordinary
// companies made by the benchmark's generator.
func writeRegistry(t *testing.T, dir string) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"id", "name", "country", "address", "type"})
	w.Write([]string{hikID, hikvisionName, "CN", "No. 555 Qianmo Road, Hangzhou", "company"})
	w.Write([]string{dahuaID, dahua, "China", "", "company"})
	g := benchmark.NewGenerator(2019, nil)
	for n := 0; n < nOrdinary; {
		name := g.Next()
		if name.Origin != benchmark.Company {
			continue
		}
		n++
		w.Write([]string{fmt.Sprintf("CP-%04d", n), name.Text, name.Country, "", "company"})
	}
	w.Flush()
	path := filepath.Join(dir, "counterparties.csv")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// hook is a webhook receiver on 127.0.0.1 that checks each signature.
type hook struct {
	t      *testing.T
	mu     sync.Mutex
	events []clearance.Event
	srv    *httptest.Server
}

const hookSecret = "whsec-test"

func newHook(t *testing.T) *hook {
	h := &hook{t: t}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !webhook.Verify([]byte(hookSecret), body, r.Header.Get(webhook.HeaderSignature)) {
			t.Errorf("webhook POST with a bad signature %q", r.Header.Get(webhook.HeaderSignature))
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var e clearance.Event
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("webhook body is not an event: %v", err)
		}
		h.mu.Lock()
		h.events = append(h.events, e)
		h.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hook) received() []clearance.Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]clearance.Event(nil), h.events...)
}

// config writes a configuration file sending events to the hook.
func (h *hook) config(t *testing.T) string {
	return writeDoc(t, "config.json", fmt.Sprintf(`{"webhook": {"url": %q, "secret": %q, "backoff": "10ms"}}`, h.srv.URL, hookSecret))
}

// runJSON runs a command and decodes what it prints as JSON.
func runJSON[T any](t *testing.T, dir string, args ...string) T {
	t.Helper()
	out := mustRun(t, dir, args...).stdout
	var v T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return v
}

// casesJSON lists cases as JSON, checking the fields the issue requires.
func casesJSON(t *testing.T, dir string, args ...string) []clearance.Case {
	t.Helper()
	args = append([]string{"cases", "list", "--json"}, args...)
	for _, c := range runJSON[[]map[string]any](t, dir, args...) {
		for _, k := range []string{"id", "state", "entry_name", "source", "score", "opened_at"} {
			if _, ok := c[k]; !ok {
				t.Errorf("cases list --json: a case lacks %q", k)
			}
		}
		if c["counterparty_id"] == nil && c["order_id"] == nil {
			t.Errorf("cases list --json: a case has neither counterparty_id nor order_id: %v", c["id"])
		}
	}
	return runJSON[[]clearance.Case](t, dir, args...)
}

func eventsJSON(t *testing.T, dir string, args ...string) []clearance.Event {
	t.Helper()
	return runJSON[[]clearance.Event](t, dir, append([]string{"events", "list", "--json"}, args...)...)
}

// realCSL writes the shipped CSL, with edit applied to each row.
func realCSL(t *testing.T, name string, edit func(row []string) []string) string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(shippedCSL(t))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for i, row := range rows {
		if i > 0 && edit != nil {
			row = edit(row)
		}
		w.Write(row)
	}
	w.Flush()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// byEntry indexes cases by counterparty or order and list.
func byEntry(cs []clearance.Case) map[string]clearance.Case {
	m := map[string]clearance.Case{}
	for _, c := range cs {
		m[c.CounterpartyID+c.OrderID+"/"+string(c.List)] = c
	}
	return m
}
