package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/clearancehq/clearance"
)

// Problem is an RFC 9457 problem detail, the body of every error response.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Errors lists each invalid field of a request that failed validation.
	Errors []FieldProblem `json:"errors,omitempty"`
}

// FieldProblem names one invalid part of a request.
type FieldProblem struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// kindStatus maps each error kind to its HTTP status and title, once.
var kindStatus = map[clearance.ErrorKind]struct {
	status int
	title  string
}{
	clearance.Invalid:      {http.StatusBadRequest, "The request is invalid"},
	clearance.NotFound:     {http.StatusNotFound, "Not found"},
	clearance.Conflict:     {http.StatusConflict, "Conflict with the current state"},
	clearance.Unauthorized: {http.StatusUnauthorized, "Authentication required"},
	clearance.Forbidden:    {http.StatusForbidden, "Not allowed for this key's role"},
	clearance.Unavailable:  {http.StatusServiceUnavailable, "Temporarily unavailable"},
	clearance.Internal:     {http.StatusInternalServerError, "Internal error"},
}

// StatusOf returns the HTTP status of an error's kind.
func StatusOf(err error) int { return kindStatus[clearance.KindOf(err)].status }

// problemOf builds the problem for err. The detail of an Internal or
// Unavailable error never holds its text, which may name tables, hosts or
// files; the log has it, under the request id.
func problemOf(err error, r *http.Request) Problem {
	kind := clearance.KindOf(err)
	if errors.Is(err, errTooLarge) {
		kind = clearance.Invalid
	}
	ks := kindStatus[kind]
	p := Problem{Type: "/problems/" + kind.String(), Title: ks.title, Status: ks.status, Instance: r.URL.Path,
		RequestID: requestID(r.Context())}
	switch kind {
	case clearance.Internal:
		p.Detail = "Something went wrong on our side. Quote the request id when reporting it."
	case clearance.Unavailable:
		p.Detail = "A dependency is unavailable or the lists are still being indexed. Try again shortly."
	default:
		p.Detail = err.Error()
	}
	var fp fieldProblems
	if errors.As(err, &fp) {
		p.Errors = fp
	}
	return p
}

// fieldProblems is an Invalid error listing invalid fields.
type fieldProblems []FieldProblem

func (f fieldProblems) Error() string {
	if len(f) == 0 {
		return "invalid request"
	}
	msg := f[0].Field + ": " + f[0].Detail
	if len(f) > 1 {
		msg += " (and more: see errors)"
	}
	return msg
}

// writeProblem answers with err as a problem, and logs what the client is
// not told.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err, r)
	if errors.Is(err, errRateLimited) {
		p.Type, p.Title, p.Status = "/problems/rate_limited", "Too many requests", http.StatusTooManyRequests
		p.Detail = "This key exceeded its rate limit. Slow down and retry after a second."
		w.Header().Set("Retry-After", "1")
	}
	if p.Status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", slog.String("request_id", p.RequestID), slog.String("error", err.Error()))
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="clearance"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}
