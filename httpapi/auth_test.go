package httpapi

import (
	"net/http"
	"strings"
	"testing"
)

// TestNoKey: an operation asked without a key, with a malformed header or
// an unknown key is refused with 401 and a challenge.
func TestNoKey(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct {
		name   string
		header map[string]string
	}{
		{"no header", nil},
		{"not bearer", map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}},
		{"unknown key", map[string]string{"Authorization": "Bearer clr_notakeyatall"}},
		{"not a key", map[string]string{"Authorization": "Bearer hunter2"}},
	} {
		r := w.do(request{method: "POST", path: "/v1/screen", body: map[string]string{"name": "Hikvision"}, header: tt.header})
		wantStatus(t, tt.name, r, http.StatusUnauthorized)
		p := r.problem(t)
		if p.Type != "/problems/unauthorized" || r.header.Get("WWW-Authenticate") == "" || p.RequestID == "" {
			t.Errorf("%s: problem %+v, WWW-Authenticate %q", tt.name, p, r.header.Get("WWW-Authenticate"))
		}
	}
}

// TestRoles: each role reaches what it may and is refused the rest with a
// 403 naming the role needed.
func TestRoles(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct {
		key, method, path string
		body              any
		status            int
	}{
		{"screener", "GET", "/v1/lists", nil, http.StatusOK},
		{"screener", "GET", "/v1/cases", nil, http.StatusForbidden},
		{"screener", "POST", "/v1/cases/1/clear", map[string]string{"reason": "name_only_similarity"}, http.StatusForbidden},
		{"analyst", "GET", "/v1/cases", nil, http.StatusOK},
		{"analyst", "POST", "/v1/cases/1/approve", nil, http.StatusForbidden},
		{"analyst", "POST", "/v1/licences", map[string]string{}, http.StatusForbidden},
		{"approver", "GET", "/v1/keys", nil, http.StatusForbidden},
		{"approver", "POST", "/v1/lists/us-csl/import", nil, http.StatusForbidden},
		{"admin", "GET", "/v1/keys", nil, http.StatusOK},
	} {
		r := w.do(request{method: tt.method, path: tt.path, key: tt.key, body: tt.body})
		if r.status != tt.status {
			t.Errorf("%s %s as %s: status %d, want %d:\n%s", tt.method, tt.path, tt.key, r.status, tt.status, r.body)
			continue
		}
		if tt.status == http.StatusForbidden {
			if p := r.problem(t); !strings.Contains(p.Detail, "has role "+tt.key) || !strings.Contains(p.Detail, "needs") {
				t.Errorf("%s %s as %s: detail %q does not say which role is needed", tt.method, tt.path, tt.key, p.Detail)
			}
		}
	}
}

// TestRateLimit: a key over its rate limit gets 429 with Retry-After;
// another key is not affected.
func TestRateLimit(t *testing.T) {
	w := newWorld(t, func(c *Config) { c.RateLimit, c.RateBurst = 0.001, 3 })
	for i := range 3 {
		wantStatus(t, "request within the burst", w.do(request{method: "GET", path: "/v1/lists", key: "screener"}), http.StatusOK)
		_ = i
	}
	r := w.do(request{method: "GET", path: "/v1/lists", key: "screener"})
	wantStatus(t, "request over the limit", r, http.StatusTooManyRequests)
	if p := r.problem(t); p.Type != "/problems/rate_limited" || r.header.Get("Retry-After") == "" {
		t.Errorf("over the limit: problem %+v, Retry-After %q", p, r.header.Get("Retry-After"))
	}
	wantStatus(t, "another key", w.do(request{method: "GET", path: "/v1/lists", key: "analyst"}), http.StatusOK)
}

// TestKeys: an admin creates a key, whose secret works at once and is
// shown once; revoking it refuses it at once on this server; the key's
// name stays taken.
func TestKeys(t *testing.T) {
	w := newWorld(t)
	r := w.do(request{method: "POST", path: "/v1/keys", key: "admin", body: map[string]string{"name": "erp", "role": "screener"}})
	wantStatus(t, "create key", r, http.StatusCreated)
	created := decodeAs[createdKey](t, r)
	if !strings.HasPrefix(created.Secret, "clr_") || created.Key.CreatedBy != "key:admin" || created.Key.Role != "screener" {
		t.Fatalf("created key %+v", created)
	}
	w.keys["erp"] = created.Secret
	wantStatus(t, "the new key screens", w.do(request{method: "POST", path: "/v1/screen", key: "erp", body: map[string]string{"name": "Acme"}}), http.StatusOK)
	list := w.do(request{method: "GET", path: "/v1/keys", key: "admin"})
	if strings.Contains(string(list.body), created.Secret) || !strings.Contains(string(list.body), `"erp"`) {
		t.Errorf("key list shows a secret or lacks the key:\n%s", list.body)
	}
	again := w.do(request{method: "POST", path: "/v1/keys", key: "admin", body: map[string]string{"name": "erp", "role": "admin"}})
	wantStatus(t, "a name taken", again, http.StatusConflict)
	wantStatus(t, "revoke", w.do(request{method: "DELETE", path: "/v1/keys/erp", key: "admin"}), http.StatusOK)
	wantStatus(t, "the revoked key", w.do(request{method: "POST", path: "/v1/screen", key: "erp", body: map[string]string{"name": "Acme"}}), http.StatusUnauthorized)
	wantStatus(t, "revoke again", w.do(request{method: "DELETE", path: "/v1/keys/erp", key: "admin"}), http.StatusConflict)
	wantStatus(t, "revoke unknown", w.do(request{method: "DELETE", path: "/v1/keys/nobody", key: "admin"}), http.StatusNotFound)
	bad := w.do(request{method: "POST", path: "/v1/keys", key: "admin", body: map[string]string{"name": "erp", "role": "root"}})
	wantStatus(t, "an unknown role", bad, http.StatusBadRequest)
}
