package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/storetest"
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

// TestScreenReplay: a screening is replayed through the API as the command
// line replays it (`screen --as-of --options`): against the list versions
// and with the matching options it recorded, after a newer list dropped
// the entry it found; bad replay fields are problems naming the field.
func TestScreenReplay(t *testing.T) {
	w := newWorld(t)
	first := w.do(request{method: "POST", path: "/v1/screen", key: "screener", body: map[string]any{"name": "Dahua", "threshold": 0.9}})
	wantStatus(t, "screen", first, http.StatusOK)
	was := decodeAs[clearance.Screening](t, first)
	if len(was.Hits) == 0 || was.Hits[0].EntryID != "el-dahua" {
		t.Fatalf("first screening: %+v", was.Hits)
	}
	// A new CSL without Dahua becomes active.
	ctx := t.Context()
	if _, err := w.st.Import(ctx, storetest.Request(clearance.SourceUSCSL, "v2", entity("el-hikvision", hikvision, "Hikvision"))); err != nil {
		t.Fatal(err)
	}
	if _, err := w.cfg.Screener.Reload(ctx, w.st); err != nil {
		t.Fatal(err)
	}
	now := decodeAs[clearance.Screening](t, w.do(request{method: "POST", path: "/v1/screen", key: "screener", body: map[string]any{"name": "Dahua"}}))
	if len(now.Hits) != 0 {
		t.Fatalf("Dahua is still found after the new list: %+v", now.Hits)
	}
	replay := func(body map[string]any) reply {
		t.Helper()
		return w.do(request{method: "POST", path: "/v1/screen", key: "screener", body: body})
	}
	for range 2 { // the second replay reuses the screener of the first
		r := replay(map[string]any{"name": "Dahua", "as_of": clearance.AsOfSpec(was.Versions), "options": was.OptionsHash})
		wantStatus(t, "replay", r, http.StatusOK)
		got := decodeAs[clearance.Screening](t, r)
		if len(got.Hits) == 0 || got.Hits[0].EntryID != "el-dahua" || got.Hits[0].Score != was.Hits[0].Score ||
			got.OptionsHash != was.OptionsHash || got.Threshold != 0.9 || clearance.AsOfSpec(got.Versions) != clearance.AsOfSpec(was.Versions) {
			t.Fatalf("replay: %+v\nwant as %+v", got, was)
		}
	}
	// The batch takes the same fields.
	b := w.do(request{method: "POST", path: "/v1/screen/batch", key: "screener",
		body: map[string]any{"queries": []map[string]string{{"name": "Dahua"}}, "as_of": "us-csl:1"}})
	wantStatus(t, "batch replay", b, http.StatusOK)
	if res := decodeAs[batchResponse](t, b); len(res.Results) != 1 || len(res.Results[0].Hits) == 0 {
		t.Errorf("batch replay as of us-csl:1: %+v", res.Results)
	}
	for _, tt := range []struct {
		name   string
		body   map[string]any
		status int
		want   string
	}{
		{"bad as_of", map[string]any{"name": "Dahua", "as_of": "last week"}, http.StatusBadRequest, "as of"},
		{"no such version", map[string]any{"name": "Dahua", "as_of": "us-csl:9"}, http.StatusNotFound, "no version 9"},
		{"before any list", map[string]any{"name": "Dahua", "as_of": "2000-01-01"}, http.StatusNotFound, "no list"},
		{"unknown options", map[string]any{"name": "Dahua", "options": "0123456789ab"}, http.StatusNotFound, ""},
		{"options and threshold", map[string]any{"name": "Dahua", "options": was.OptionsHash, "threshold": 0.5}, http.StatusBadRequest, "threshold"},
		{"malformed options", map[string]any{"name": "Dahua", "options": "not-a-hash"}, http.StatusBadRequest, "options"},
	} {
		r := replay(tt.body)
		wantStatus(t, tt.name, r, tt.status)
		if p := r.problem(t); !strings.Contains(p.Detail+fmt.Sprint(p.Errors), tt.want) {
			t.Errorf("%s: problem %+v does not say %q", tt.name, p, tt.want)
		}
	}
}
