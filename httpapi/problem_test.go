package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestInvalidBodies: a body that breaks the contract or a document's rules
// is a 400 problem whose errors name each field at fault.
func TestInvalidBodies(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct {
		name, path string
		body       any
		fields     []string
	}{
		{"unknown field", "/v1/screen", map[string]any{"name": "Acme", "colour": "red"}, []string{"colour"}},
		{"no name", "/v1/screen", map[string]any{"country": "CN"}, []string{"name"}},
		{"wrong types", "/v1/screen", map[string]any{"name": 7, "threshold": "high"}, []string{"name", "threshold"}},
		{"out of range", "/v1/screen/batch", map[string]any{"queries": []any{}, "limit": 1000}, []string{"queries", "limit"}},
		{"not JSON", "/v1/screen", "{name:", []string{"body"}},
		{"order rules", "/v1/orders/check", map[string]any{"id": "PO-1", "date": "2019-10-15", "destination": "Atlantis",
			"parties": []any{map[string]any{"role": "boss", "name": "Acme"}},
			"items":   []any{map[string]any{"description": "x", "eccn": "9Z999", "quantity": 1, "value": 1}}},
			[]string{"destination", "parties[0].role", "items[0].eccn"}},
	} {
		r := w.do(request{method: "POST", path: tt.path, key: "screener", body: tt.body, contentType: "application/json"})
		wantStatus(t, tt.name, r, http.StatusBadRequest)
		p := r.problem(t)
		var got []string
		for _, e := range p.Errors {
			got = append(got, e.Field)
			if e.Detail == "" {
				t.Errorf("%s: field %s has no detail", tt.name, e.Field)
			}
		}
		for _, f := range tt.fields {
			if !containsPrefix(got, f) {
				t.Errorf("%s: errors name %v, want %s among them (detail %q)", tt.name, got, f, p.Detail)
			}
		}
		if p.Type != "/problems/invalid" || p.Status != 400 || p.Instance != tt.path {
			t.Errorf("%s: problem %+v", tt.name, p)
		}
	}
}

func containsPrefix(fields []string, f string) bool {
	for _, g := range fields {
		if g == f || strings.HasPrefix(g, f+".") {
			return true
		}
	}
	return false
}

// TestOversizeBody: a body over the limit is refused with 413 before it is
// read whole.
func TestOversizeBody(t *testing.T) {
	w := newWorld(t)
	big := `{"name":"` + strings.Repeat("a", maxBody) + `"}`
	r := w.do(request{method: "POST", path: "/v1/screen", key: "screener", body: big, contentType: "application/json"})
	wantStatus(t, "oversize screen", r, http.StatusRequestEntityTooLarge)
	if p := r.problem(t); p.Type != "/problems/too_large" {
		t.Errorf("oversize: problem %+v", p)
	}
	doc := `{"number":"` + strings.Repeat("9", maxBody) + `"}`
	wantStatus(t, "oversize licence", w.do(request{method: "POST", path: "/v1/licences", key: "approver", body: doc, contentType: "application/json"}),
		http.StatusRequestEntityTooLarge)
}

// TestInternalErrorsHidden: what a failing dependency says reaches the log
// under the request id, never the client; a panic is a 500 problem too.
func TestInternalErrorsHidden(t *testing.T) {
	const secret = "open /var/lib/clearance/secret.db: table licences_v2 is locked by pid 4242"
	w := newWorld(t, func(c *Config) {
		c.Gate = func(context.Context, *clearance.Screener) (*clearance.Gatekeeper, error) {
			return nil, errors.New(secret)
		}
		c.Ownership = panicky{}
	})
	order := map[string]any{"id": "PO-1", "date": "2019-10-15", "destination": "CN",
		"parties": []any{map[string]any{"role": "end_user", "name": "Acme"}},
		"items":   []any{map[string]any{"description": "x", "eccn": "EAR99", "quantity": 1, "value": 1}}}
	r := w.do(request{method: "POST", path: "/v1/orders/check", key: "screener", body: order,
		header: map[string]string{"X-Request-Id": "trace-me-1"}})
	wantStatus(t, "failing gate", r, http.StatusInternalServerError)
	p := r.problem(t)
	if strings.Contains(string(r.body), "secret.db") || strings.Contains(string(r.body), "4242") || p.RequestID != "trace-me-1" {
		t.Errorf("the problem leaks the cause or lacks the request id:\n%s", r.body)
	}
	if log := w.log.String(); !strings.Contains(log, "secret.db") || !strings.Contains(log, "trace-me-1") {
		t.Errorf("the log lacks the cause under the request id:\n%s", log)
	}
	r = w.do(request{method: "GET", path: "/v1/ownership/check?name=Acme", key: "analyst"})
	wantStatus(t, "panicking handler", r, http.StatusInternalServerError)
	if strings.Contains(string(r.body), "kaboom") {
		t.Errorf("the problem leaks the panic:\n%s", r.body)
	}
}

type panicky struct{ Ownership }

func (panicky) Check(context.Context, *clearance.Screener, string, string) (*clearance.OwnershipReport, error) {
	panic("kaboom")
}

// TestNotKept: data the store does not keep is a 501 problem that says so.
func TestNotKept(t *testing.T) {
	w := newWorld(t, func(c *Config) { c.ReviewStore, c.Review, c.Import = nil, nil, nil })
	for _, path := range []string{"/v1/cases", "/v1/events", "/v1/counterparties"} {
		r := w.do(request{method: "GET", path: path, key: "analyst"})
		wantStatus(t, path, r, http.StatusNotImplemented)
		if p := r.problem(t); !strings.Contains(p.Detail, "does not keep") {
			t.Errorf("%s: detail %q", path, p.Detail)
		}
	}
	wantStatus(t, "ownership", w.do(request{method: "GET", path: "/v1/ownership/check?name=Acme", key: "analyst"}), http.StatusNotImplemented)
}
