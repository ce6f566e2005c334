// Package httpapi serves Clearance's JSON API under /v1, its OpenAPI 3.1
// contract at /openapi.yaml, and the operational endpoints /healthz,
// /readyz and /metrics.
//
// The contract comes first: openapi.yaml is embedded, every route is an
// operation of it (a golden test fails when they drift), and each request
// is validated against its operation before a handler sees it. Errors are
// RFC 9457 problem documents mapped from clearance.ErrorKind in one table
// (problem.go); internal error text never reaches a client.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/ownership"
)

// Config is what the API serves from.
type Config struct {
	Store clearance.Store
	// Review is the case workflow; nil when the store keeps no cases.
	Review *clearance.Review
	// ReviewStore is the store's review side; nil when it has none.
	ReviewStore clearance.ReviewStore
	// Screener serves screenings; its Current is nil until the lists are
	// indexed, and the API answers 503 to screenings until then.
	Screener *clearance.LiveScreener
	Keys     *clearance.Keyring
	// Audit appends the records of screenings (group commit).
	Audit *clearance.AuditWriter
	// Options are the configured matching options.
	Options match.Options
	// Gate returns the licence gate over a screener (with the
	// configured review threshold and the ownership data).
	Gate func(ctx context.Context, sc *clearance.Screener) (*clearance.Gatekeeper, error)
	// Import imports list files as a new version of their source, one
	// import at a time, then reloads the screener and re-screens what
	// monitoring watches; nil when the server takes no imports.
	Import func(ctx context.Context, req ImportRequest) (*ImportResult, error)
	// Ownership applies the ownership rules to the data on file; nil when
	// the store keeps none.
	Ownership Ownership
	// ReviewThreshold is the score from which a hit below the hit
	// threshold opens a case when the registry is screened, by Workers in
	// parallel.
	ReviewThreshold float64
	Workers         int
	// Retention is the audit log's retention policy, which a purge
	// applies; zero: clearance.DefaultRetention.
	Retention clearance.RetentionPolicy
	Logger    *slog.Logger
	// Registry receives the API's metrics; nil: a new one.
	Registry *prometheus.Registry
	// RateLimit is the requests per second each key may make, with bursts
	// of RateBurst; zero: DefaultRateLimit.
	RateLimit float64
	RateBurst int
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

// ImportRequest is a list import sent through the API: files of Source
// in Format.
type ImportRequest struct {
	Source clearance.SourceID
	Format string
	Files  []ImportFile
}

// ImportResult is what an import through the API did: the version it
// recorded (or found unchanged) and the monitoring runs it started.
type ImportResult struct {
	Version   clearance.Version `json:"version"`
	Unchanged bool              `json:"unchanged"`
	// Monitoring lists the re-screenings of the registry and the open
	// orders that the import made; MonitoringPending is set when one
	// failed, to be finished by the next import or start.
	Monitoring        []clearance.MonitorRun `json:"monitoring"`
	MonitoringPending bool                   `json:"monitoring_pending,omitempty"`
}

// Ownership applies the ownership rules (the 50% rules) to the ownership
// data on file, resolving owners' names against a screener's lists.
type Ownership interface {
	// Check judges one party as of a date (YYYY-MM-DD).
	Check(ctx context.Context, sc *clearance.Screener, party, asOf string) (*clearance.OwnershipReport, error)
	// Restricted judges every party of the data as of a date and returns
	// those the rules restrict or cannot clear.
	Restricted(ctx context.Context, sc *clearance.Screener, asOf string) ([]ownership.Standing, error)
}

// ImportFile is one uploaded list file.
type ImportFile struct {
	Name string
	Data []byte
}

// DefaultRateLimit is the requests per second a key may make by default:
// high enough for an order system screening at full speed, low enough to
// stop a runaway client from starving the others.
const DefaultRateLimit = 10000

// Limits on requests.
const (
	maxBody       = 1 << 20  // JSON bodies
	maxUploadBody = 64 << 20 // list files, and CSV files of counterparties and ownership
)

// Server is the JSON API.
type Server struct {
	cfg Config
	log *slog.Logger
	doc *openapi3.T
	// checkDoc is doc as the validator reads it: see loadSpec.
	checkDoc *openapi3.T
	metrics  *metrics
	limits   *limiter
	mux      *http.ServeMux
	// replays keeps the screener of the list versions last replayed.
	replays replayCache
	// savedOptions holds the hashes of the matching options saved.
	savedOptions sync.Map
}

// New returns the API over cfg.
func New(cfg Config) (*Server, error) {
	doc, checkDoc, err := loadSpec()
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = int(2 * cfg.RateLimit)
	}
	if cfg.ReviewThreshold == 0 {
		cfg.ReviewThreshold = clearance.DefaultReviewThreshold
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Retention == (clearance.RetentionPolicy{}) {
		cfg.Retention = clearance.DefaultRetention()
	}
	s := &Server{cfg: cfg, log: cfg.Logger, doc: doc, checkDoc: checkDoc, limits: newLimiter(cfg.RateLimit, cfg.RateBurst),
		mux: http.NewServeMux()}
	if s.metrics, err = newMetrics(cfg.Registry, cfg.Store, cfg.ReviewStore, now(cfg.Now)); err != nil {
		return nil, err
	}
	for _, rt := range s.routes() {
		if err := s.handle(rt); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Ready reports whether the lists are indexed.
func (s *Server) Ready() bool { return s.cfg.Screener != nil && s.cfg.Screener.Current() != nil }

// route is one operation of the API.
type route struct {
	method, path string
	// perm is what the key needs; "" for the public endpoints.
	perm clearance.Permission
	h    func(w http.ResponseWriter, r *http.Request) error
	// raw routes are not in the OpenAPI document (the document itself,
	// metrics, health) and are not validated against it.
	raw bool
}

// handle registers a route behind the middleware every request passes:
// request id, panic recovery, access log and metrics, authentication and
// rate limit, validation against the contract.
func (s *Server) handle(rt route) error {
	var op *openapi3.Operation
	if !rt.raw {
		item := s.doc.Paths.Value(rt.path)
		if item == nil || item.GetOperation(rt.method) == nil {
			return clearance.Errorf(clearance.Internal, "route %s %s is not in openapi.yaml", rt.method, rt.path)
		}
		op = item.GetOperation(rt.method)
	}
	pattern := rt.method + " " + rt.path
	h := func(w http.ResponseWriter, r *http.Request) error {
		if rt.perm != "" {
			k, err := s.authenticate(r)
			if err != nil {
				return err
			}
			if !k.Role.Can(rt.perm) {
				return clearance.Errorf(clearance.Forbidden, "key %s has role %s; %s %s needs %s", k.Name, k.Role, rt.method, rt.path,
					clearance.LeastRole(rt.perm))
			}
			if !s.limits.allow(k.Name) {
				return errRateLimited
			}
			r = r.WithContext(withKey(r.Context(), k))
		}
		if op != nil {
			if err := s.validate(r, rt.path, op); err != nil {
				return err
			}
		}
		return rt.h(w, r)
	}
	s.mux.Handle(pattern, s.observe(pattern, h))
	return nil
}

var errRateLimited = &clearance.Error{Kind: clearance.Unavailable, Message: "rate limit exceeded"}

// authenticate finds the request's key: "Authorization: Bearer KEY".
func (s *Server) authenticate(r *http.Request) (*clearance.APIKey, error) {
	h := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if h == "" || !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, clearance.Errorf(clearance.Unauthorized, "send an API key: Authorization: Bearer KEY (create one with clearance keys create)")
	}
	return s.cfg.Keys.Authenticate(r.Context(), strings.TrimSpace(secret))
}

// decode reads a JSON body into v, refusing unknown fields and trailing
// data. The contract has validated the body already; this is the typed
// read.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errNoBody
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge
		}
		return clearance.Errorf(clearance.Invalid, "the body is not the JSON this operation takes: %v", err)
	}
	if dec.More() {
		return clearance.Errorf(clearance.Invalid, "the body holds more than one JSON value")
	}
	return nil
}

var (
	errTooLarge = &clearance.Error{Kind: clearance.Invalid, Message: "the request body is too large"}
	errNoBody   = &clearance.Error{Kind: clearance.Invalid, Message: "the request has no JSON body"}
)

// decodeOptional is decode for an operation whose body may be left out,
// leaving v as it is then.
func decodeOptional(r *http.Request, v any) error {
	if err := decode(r, v); err != nil && err != errNoBody {
		return err
	}
	return nil
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

func now(clock func() time.Time) func() time.Time {
	if clock == nil {
		return time.Now
	}
	return clock
}

// keyKey is the context key of the request's API key.
type keyKey struct{}

func withKey(ctx context.Context, k *clearance.APIKey) context.Context {
	_, rid := clearance.ActorFrom(ctx)
	ctx = context.WithValue(ctx, keyKey{}, k)
	return clearance.WithActor(ctx, k.Actor(), rid)
}

// keyOf returns the request's key; routes with a permission always have one.
func keyOf(ctx context.Context) *clearance.APIKey {
	k, _ := ctx.Value(keyKey{}).(*clearance.APIKey)
	return k
}
