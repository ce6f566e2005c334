package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

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
	} else if kind == clearance.Invalid {
		p.Errors = documentProblems(err)
	}
	if errors.Is(err, errTooLarge) {
		p.Type, p.Title, p.Status = "/problems/too_large", "The request body is too large", http.StatusRequestEntityTooLarge
		p.Detail = fmt.Sprintf("Bodies are limited to %d MiB (%d MiB for files).", maxBody>>20, maxUploadBody>>20)
	}
	var nk *notKept
	if errors.As(err, &nk) {
		p.Type, p.Title, p.Status = "/problems/not_implemented", "Not kept by this server's store", http.StatusNotImplemented
		p.Detail = nk.Error()
	}
	return p
}

// notKept is the error of an operation this server cannot do: on data its
// store does not keep (the PostgreSQL store keeps no review cases yet), or
// an import it does not take. 501 Not Implemented, saying why.
type notKept struct{ why string }

func (e *notKept) Error() string { return e.why }

// notInStore is the notKept error of data the store does not keep.
func notInStore(what string) error {
	return &notKept{why: "this server's store does not keep " + what + "; the SQLite store does"}
}

// documentProblems lists the fields a document's parser found invalid
// (clearance.FieldError, clearance.ParseError), for the problem's errors.
func documentProblems(err error) []FieldProblem {
	var out []FieldProblem
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case *clearance.FieldError:
			field := e.Field
			if field == "" {
				field = "body"
			}
			out = append(out, FieldProblem{Field: field, Detail: e.Err.Error()})
			return
		case *clearance.ParseError:
			field := e.Field
			if e.Line > 0 {
				field = strings.TrimSpace(fmt.Sprintf("line %d %s", e.Line, e.Field))
			}
			if field == "" {
				field = "body"
			}
			out = append(out, FieldProblem{Field: field, Detail: e.Err.Error()})
			return
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
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
	if p.Status >= 500 && p.Status != http.StatusNotImplemented {
		s.log.ErrorContext(r.Context(), "request failed", slog.String("request_id", p.RequestID), slog.String("error", err.Error()))
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="clearance"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}
