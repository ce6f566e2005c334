package httpapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestScreen: a screening answers what `clearance screen --json` prints
// (the same clearance.Screening, field for field) with the Entity List hit
// and its licence terms, and is in the audit log, by the key's holder and
// under the request id, before the answer.
func TestScreen(t *testing.T) {
	w := newWorld(t)
	r := w.do(request{method: "POST", path: "/v1/screen", key: "screener", body: map[string]string{"name": "Hikvision", "country": "CN"},
		header: map[string]string{"X-Request-Id": "req-screen-1"}})
	wantStatus(t, "screen", r, http.StatusOK)
	if r.header.Get("X-Request-Id") != "req-screen-1" {
		t.Errorf("X-Request-Id echoed as %q", r.header.Get("X-Request-Id"))
	}
	s := decodeAs[clearance.Screening](t, r)
	if len(s.Hits) == 0 || s.Hits[0].EntryID != "el-hikvision" || s.Hits[0].List != clearance.ListEntity ||
		s.Hits[0].Score < 0.99 || s.Hits[0].LicenseRequirement == "" || s.Hits[0].EntryName != hikvision {
		t.Fatalf("screening Hikvision: %+v", s.Hits)
	}
	// Field for field what the command line prints: the API's JSON is the
	// Screening's own marshalling, which `screen --json` writes.
	cli, err := json.Marshal(&s)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := keys(t, r.body), keys(t, cli); !slices.Equal(got, want) {
		t.Errorf("screening fields %v, want those of screen --json %v", got, want)
	}
	recs := w.audit(clearance.AuditQuery{Action: clearance.AuditScreen})
	if len(recs) != 1 || recs[0].Actor != "key:screener" || recs[0].RequestID != "req-screen-1" || recs[0].Subject != "Hikvision" {
		t.Fatalf("audit records of the screening: %+v", recs)
	}
	b := w.do(request{method: "POST", path: "/v1/screen/batch", key: "screener",
		body: map[string]any{"queries": []map[string]string{{"name": "Dahua"}, {"name": "Acme Optical Components"}}}})
	wantStatus(t, "batch", b, http.StatusOK)
	res := decodeAs[batchResponse](t, b)
	if len(res.Results) != 2 || len(res.Results[0].Hits) == 0 || res.Results[0].Hits[0].EntryID != "el-dahua" {
		t.Errorf("batch results: %+v", res.Results)
	}
}

// keys returns the top-level keys of a JSON object, sorted.
func keys(t *testing.T, b []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// audit reads the audit records a query selects.
func (w *world) audit(q clearance.AuditQuery) []clearance.AuditRecord {
	w.t.Helper()
	var out []clearance.AuditRecord
	for r, err := range w.st.AuditRecords(w.t.Context(), q) {
		if err != nil {
			w.t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestNotReady: before the lists are indexed, screenings are 503 and
// /readyz says so.
func TestNotReady(t *testing.T) {
	w := newWorld(t, func(c *Config) { c.Screener = clearance.NewLiveScreener(nil) })
	r := w.do(request{method: "POST", path: "/v1/screen", key: "screener", body: map[string]string{"name": "Hikvision"}})
	wantStatus(t, "screen before indexing", r, http.StatusServiceUnavailable)
	wantStatus(t, "readyz", w.do(request{method: "GET", path: "/readyz"}), http.StatusServiceUnavailable)
	wantStatus(t, "healthz", w.do(request{method: "GET", path: "/healthz"}), http.StatusOK)
}
