package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/gate"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/store/sqlite"
	"github.com/clearancehq/clearance/store/storetest"
)

// world is an API over a real SQLite store holding a small CSL, served on
// loopback, with a key of each role.
type world struct {
	t   *testing.T
	st  *sqlite.Store
	api *Server
	srv *httptest.Server
	cfg Config
	// keys holds the secret of each key by name: screener, analyst,
	// alice (analyst), approver, bob (approver), admin.
	keys map[string]string
	log  *syncBuffer
}

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const hikvision = "Hangzhou Hikvision Digital Technology Co., Ltd."

// entity returns an Entity List entry of the CSL with the given names.
var entity = storetest.EntityListEntry

// smallList is the CSL the world screens against.
func smallList() []*clearance.Entry {
	return []*clearance.Entry{
		entity("el-hikvision", hikvision, "Hikvision"),
		entity("el-dahua", "Zhejiang Dahua Technology Co., Ltd.", "Dahua"),
	}
}

func newWorld(t *testing.T, configure ...func(*Config)) *world {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "clearance.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Import(ctx, storetest.Request(clearance.SourceUSCSL, "v1", smallList()...)); err != nil {
		t.Fatal(err)
	}
	live := clearance.NewLiveScreener(nil)
	if _, err := live.Reload(ctx, st); err != nil {
		t.Fatal(err)
	}
	audit := &clearance.AuditWriter{Log: st}
	t.Cleanup(audit.Close)
	w := &world{t: t, st: st, keys: map[string]string{}, log: &syncBuffer{}}
	w.cfg = Config{Store: st, ReviewStore: st, Review: &clearance.Review{Store: st}, Screener: live,
		Keys: &clearance.Keyring{Store: st}, Audit: audit, Options: match.DefaultOptions(),
		Gate: func(ctx context.Context, sc *clearance.Screener) (*clearance.Gatekeeper, error) {
			g, err := gate.New(gate.Current)
			if err != nil {
				return nil, err
			}
			return &clearance.Gatekeeper{Screener: sc, Decider: g, Store: st, Options: match.DefaultOptions(),
				ReviewThreshold: clearance.DefaultReviewThreshold}, nil
		},
		Logger: slog.New(slog.NewJSONHandler(w.log, nil))}
	for _, c := range configure {
		c(&w.cfg)
	}
	if w.api, err = New(w.cfg); err != nil {
		t.Fatal(err)
	}
	for name, role := range map[string]clearance.Role{"screener": clearance.RoleScreener, "analyst": clearance.RoleAnalyst,
		"alice": clearance.RoleAnalyst, "approver": clearance.RoleApprover, "bob": clearance.RoleApprover, "admin": clearance.RoleAdmin} {
		w.keys[name] = w.createKey(name, role)
	}
	w.srv = httptest.NewServer(w.api)
	t.Cleanup(w.srv.Close)
	return w
}

// createKey records a key directly in the store and returns its secret.
func (w *world) createKey(name string, role clearance.Role) string {
	secret, k, err := clearance.NewKeySecret(name, role, "test")
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.st.CreateKey(w.t.Context(), k); err != nil {
		w.t.Fatal(err)
	}
	return secret
}

// reply is a response, read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a value of type T.
func decodeAs[T any](t *testing.T, r reply) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("response is not the JSON expected (%v):\n%s", err, r.body)
	}
	return v
}

func (r reply) problem(t *testing.T) Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("status %d with Content-Type %q, want a problem:\n%s", r.status, ct, r.body)
	}
	return decodeAs[Problem](t, r)
}

// request is one request to the world's server.
type request struct {
	method, path string
	key          string // the key's name; "" sends none
	body         any    // marshalled as JSON unless []byte or string
	contentType  string
	header       map[string]string
}

// do sends the request and checks the response against the operation's
// responses in openapi.yaml: its status is documented and its body
// follows the schema.
func (w *world) do(rq request) reply {
	w.t.Helper()
	var body []byte
	switch b := rq.body.(type) {
	case nil:
	case []byte:
		body = b
	case string:
		body = []byte(b)
	default:
		var err error
		if body, err = json.Marshal(b); err != nil {
			w.t.Fatal(err)
		}
		if rq.contentType == "" {
			rq.contentType = "application/json"
		}
	}
	req, err := http.NewRequestWithContext(w.t.Context(), rq.method, w.srv.URL+rq.path, bytes.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	if rq.contentType != "" {
		req.Header.Set("Content-Type", rq.contentType)
	}
	if rq.key != "" {
		secret, ok := w.keys[rq.key]
		if !ok {
			secret = rq.key
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for k, v := range rq.header {
		req.Header.Set(k, v)
	}
	resp, err := w.srv.Client().Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, body: got}
	w.checkResponse(req, r)
	return r
}

// checkResponse validates a response against the contract, when its
// request is an operation of it and was authenticated (a problem answered
// before the key is known is the middleware's, and documented as such).
func (w *world) checkResponse(req *http.Request, r reply) {
	w.t.Helper()
	doc := w.api.doc
	path, params, item := findPath(doc, req.URL.Path)
	if item == nil {
		return
	}
	op := item.GetOperation(req.Method)
	if op == nil {
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params,
			Route: &routers.Route{Spec: doc, Path: path, PathItem: item, Method: req.Method, Operation: op}},
		Status: r.status, Header: r.header, Body: io.NopCloser(bytes.NewReader(r.body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(w.t.Context(), in); err != nil {
		w.t.Errorf("%s %s: response %d breaks the contract: %v\n%s", req.Method, req.URL.Path, r.status, err, truncate(r.body))
	}
}

func truncate(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "..."
	}
	return string(b)
}

// findPath finds the path template of openapi.yaml a request path matches,
// with its parameters.
func findPath(doc *openapi3.T, p string) (string, map[string]string, *openapi3.PathItem) {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	var best string
	var bestParams map[string]string
	for tmpl := range doc.Paths.Map() {
		ts := strings.Split(strings.Trim(tmpl, "/"), "/")
		if len(ts) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i, t := range ts {
			switch {
			case strings.HasPrefix(t, "{"):
				params[strings.Trim(t, "{}")] = segs[i]
			case t != segs[i]:
				ok = false
			}
		}
		// A literal segment wins over a parameter (/orders/check over /orders/{id}).
		if ok && (best == "" || len(params) < len(bestParams)) {
			best, bestParams = tmpl, params
		}
	}
	if best == "" {
		return "", nil, nil
	}
	return best, bestParams, doc.Paths.Value(best)
}

func init() {
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.PlainBodyDecoder)
}

// wantStatus fails unless the reply has the status.
func wantStatus(t *testing.T, what string, r reply, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d:\n%s", what, r.status, status, truncate(r.body))
	}
}
