package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/clearancehq/clearance"
)

// requestIDHeader carries a request's id: the client's, when it sends a
// sane one, else a new one; the response echoes it, and the audit log and
// the access log record it.
const requestIDHeader = "X-Request-Id"

// requestID returns the request id the context carries.
func requestID(ctx context.Context) string {
	_, id := clearance.ActorFrom(ctx)
	return id
}

func newRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// saneID accepts 1 to 64 characters of [A-Za-z0-9._-].
func saneID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe wraps a route's handler: it gives the request its id, turns a
// returned error or a panic into a problem, and logs and counts the
// request under its route pattern (never its raw path, whose ids would
// make every request a new series).
func (s *Server) observe(pattern string, h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := r.Header.Get(requestIDHeader)
		if !saneID(rid) {
			rid = newRequestID()
		}
		w.Header().Set(requestIDHeader, rid)
		r = r.WithContext(clearance.WithActor(r.Context(), "", rid))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.writeProblem(sw, r, fmt.Errorf("panic: %v", p))
			}
			d := time.Since(start)
			s.metrics.observe(pattern, r.Method, sw.status, d)
			level := slog.LevelInfo
			switch {
			case sw.status == http.StatusServiceUnavailable || sw.status == http.StatusNotImplemented:
				level = slog.LevelWarn
			case sw.status >= 500:
				level = slog.LevelError
			}
			attrs := []slog.Attr{slog.String("request_id", rid), slog.String("method", r.Method), slog.String("route", pattern),
				slog.String("path", r.URL.Path), slog.Int("status", sw.status), slog.Float64("ms", float64(d.Microseconds())/1000)}
			if k := keyOf(r.Context()); k != nil {
				attrs = append(attrs, slog.String("key", k.Name))
			}
			s.log.LogAttrs(r.Context(), level, "request", attrs...)
		}()
		if err := h(sw, r); err != nil {
			s.writeProblem(sw, r, err)
		}
	})
}
