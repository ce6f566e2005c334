// Package web serves the analysts' web UI: server-rendered pages to screen
// names, work the case queue, check orders, see what each list update
// changed and read the audit log.
//
// Pages are html/template over embedded templates and assets (no framework,
// nothing fetched from elsewhere, so it works offline). An analyst signs in
// with an API key; the session cookie holds the key and every request
// authenticates it through the Keyring, so a revoked key stops working and
// any instance serves any session. Every form carries a token derived from
// the key (session.go) and every POST checks it. Errors reach the person as
// friendly messages: internal error text is logged, never shown.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// Config is what the web UI serves from.
type Config struct {
	Store clearance.Store
	// ReviewStore is the store's review side; nil when it keeps no cases
	// (the case pages then say so).
	ReviewStore clearance.ReviewStore
	// Review is the case workflow; nil makes the case pages read-only.
	Review *clearance.Review
	// Screener serves screenings; its Current is nil until the lists are
	// indexed, and searches are refused politely until then.
	Screener *clearance.LiveScreener
	Keys     *clearance.Keyring
	// Options are the configured matching options.
	Options match.Options
	// Gate returns the licence gate over a screener.
	Gate func(ctx context.Context, sc *clearance.Screener) (*clearance.Gatekeeper, error)
	// Audit records each screening.
	Audit  *clearance.AuditWriter
	Logger *slog.Logger
	// Now is the clock, for the age of list data; nil: time.Now.
	Now func() time.Time
	// TrustProxy says a reverse proxy that terminates TLS stands in front
	// and sets X-Forwarded-Proto and X-Forwarded-For: cookies are then
	// Secure when it says https, and sign-ins record the client's address.
	TrustProxy bool
}

// server is the web UI.
type server struct {
	cfg    Config
	log    *slog.Logger
	pages  pages
	mux    *http.ServeMux
	verify verifyCache
}

// New returns the web UI over cfg.
func New(cfg Config) (http.Handler, error) {
	if cfg.Store == nil || cfg.Screener == nil || cfg.Keys == nil || cfg.Audit == nil || cfg.Gate == nil {
		return nil, clearance.Errorf(clearance.Internal, "web: Store, Screener, Keys, Audit and Gate are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, log: cfg.Logger, pages: p, mux: http.NewServeMux()}
	s.routes()
	return http.NewCrossOriginProtection().Handler(s), nil
}

// routes registers every page. The permission is the one the JSON API asks
// for the same thing.
func (s *server) routes() {
	s.mux.Handle("GET /static/", staticHandler())
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/search", http.StatusSeeOther)
	})
	s.mux.HandleFunc("GET /signin", s.signInPage)
	s.mux.HandleFunc("POST /signin", s.signIn)
	s.handle("POST /signout", "", s.signOut)

	s.handle("GET /search", clearance.PermScreen, s.searchPage)
	s.handle("POST /search", clearance.PermScreen, s.search)
	s.handle("GET /cases", clearance.PermRead, s.casesPage)
	s.handle("GET /cases/{id}", clearance.PermRead, s.casePage)
	s.handle("POST /cases/{id}/{action}", clearance.PermCasesAct, s.caseAction)
	s.handle("GET /orders", clearance.PermOrdersCheck, s.orderPage)
	s.handle("POST /orders", clearance.PermOrdersCheck, s.orderCheck)
	s.handle("GET /lists", clearance.PermListsRead, s.listsPage)
	s.handle("GET /lists/{source}/{version}", clearance.PermListsRead, s.deltaPage)
	s.handle("GET /audit", clearance.PermAuditRead, s.auditPage)
	s.handle("POST /audit/verify", clearance.PermAuditRead, s.auditVerify)
	s.handle("/", "", func(w http.ResponseWriter, r *http.Request, v *view) error {
		return clearance.Errorf(clearance.NotFound, "There is no page %s.", r.URL.Path)
	})
}

// ServeHTTP serves a page with the headers every page carries: no caching
// of what may hold names and decisions, no framing, and a content security
// policy that admits only the UI's own assets.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
}

// handler is a page that needs a signed-in key.
type handler func(w http.ResponseWriter, r *http.Request, v *view) error

// handle registers a page behind the session: the request's key must be
// valid and hold perm ("" for any key), and a POST must carry the form
// token. A returned error becomes a friendly error page.
func (s *server) handle(pattern string, perm clearance.Permission, h handler) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(clearance.WithActor(r.Context(), "", newRequestID()))
		sess, err := s.session(r)
		if err != nil {
			s.signInAgain(w, r, err)
			return
		}
		r = r.WithContext(clearance.WithActor(r.Context(), sess.key.Actor(), requestID(r)))
		v := &view{Key: sess.key, CSRF: sess.csrf, Path: r.URL.Path}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if r.ParseForm() != nil {
				s.fail(w, r, v, errBadForm)
				return
			}
		}
		switch {
		case perm != "" && !sess.key.Role.Can(perm):
			err = clearance.Errorf(clearance.Forbidden, "Your key %s has the role %s; this needs the role %s or higher.",
				sess.key.Name, sess.key.Role, clearance.LeastRole(perm))
		case r.Method == http.MethodPost && !sess.validToken(r.PostFormValue(csrfField)):
			err = errBadToken
		default:
			err = h(w, r, v)
		}
		if err != nil {
			s.fail(w, r, v, err)
		}
	})
}

// maxForm bounds a form's body: an order document is the largest.
const maxForm = 2 << 20

var errBadForm = &clearance.Error{Kind: clearance.Invalid, Message: "The form could not be read: it is larger than 2 MB or malformed."}

// requestID returns the id the request's context carries.
func requestID(r *http.Request) string {
	_, id := clearance.ActorFrom(r.Context())
	return id
}

func newRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
