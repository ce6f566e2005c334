package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

//go:embed templates static
var assets embed.FS

// pages holds one template per page, each the layout with the page's
// "content".
type pages map[string]*template.Template

func parsePages() (pages, error) {
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, clearance.Errorf(clearance.Internal, "web templates: %w", err)
	}
	p := pages{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		// Each page is the layout, the shared partials and its own content.
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials/*.html", f)
		if err != nil {
			return nil, clearance.Errorf(clearance.Internal, "web template %s: %w", f, err)
		}
		p[name] = t
	}
	return p, nil
}

// staticHandler serves the embedded CSS and script.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(assets, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})
}

// view is what every page renders: the signed-in key, the form token, a
// notice or a problem to show, and the page's own data.
type view struct {
	Title   string
	Key     *clearance.APIKey // nil on the sign-in and some error pages
	CSRF    string
	Path    string // the request's path, to mark the current section
	Notice  string // what just succeeded
	Problem string // what went wrong, fit to show
	Page    any
}

// Can reports whether the signed-in key holds the permission named p.
func (v *view) Can(p string) bool { return v.Key != nil && v.Key.Role.Can(clearance.Permission(p)) }

// Section reports whether the page is under prefix, for the navigation.
func (v *view) Section(prefix string) bool { return strings.HasPrefix(v.Path, prefix) }

// render writes a page. Pages may hold names and decisions: no cache keeps
// them.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) error {
	t, ok := s.pages[name]
	if !ok {
		return clearance.Errorf(clearance.Internal, "web: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		return clearance.Errorf(clearance.Internal, "render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes()) // an error here is the client gone: nothing to tell it
	return nil
}

// renderProblem renders a page with a problem shown above it, with the
// status of the problem's kind: a form keeps what was typed.
func (s *server) renderProblem(w http.ResponseWriter, r *http.Request, name string, v *view, err error) error {
	return s.render(w, r, s.problem(r, v, err), name, v)
}

// fail renders an error page for err.
func (s *server) fail(w http.ResponseWriter, r *http.Request, v *view, err error) {
	status := s.problem(r, v, err)
	v.Title = http.StatusText(status)
	if rerr := s.render(w, r, status, "error", v); rerr != nil {
		s.log.ErrorContext(r.Context(), "render error page", slog.String("error", rerr.Error()))
		http.Error(w, "Something went wrong.", http.StatusInternalServerError)
	}
}

// kindStatus is the HTTP status of each error kind.
var kindStatus = map[clearance.ErrorKind]int{
	clearance.Invalid:      http.StatusBadRequest,
	clearance.NotFound:     http.StatusNotFound,
	clearance.Conflict:     http.StatusConflict,
	clearance.Unauthorized: http.StatusUnauthorized,
	clearance.Forbidden:    http.StatusForbidden,
	clearance.Unavailable:  http.StatusServiceUnavailable,
	clearance.Internal:     http.StatusInternalServerError,
}

// problem puts err on the page as a person should read it and returns its
// status. The domain's Invalid, NotFound, Conflict and Forbidden messages
// are written for the person who caused them; anything else may name
// tables, hosts or files, so the page gives a reference and the log the
// text.
func (s *server) problem(r *http.Request, v *view, err error) int {
	kind := clearance.KindOf(err)
	switch kind {
	case clearance.Invalid, clearance.NotFound, clearance.Conflict, clearance.Forbidden:
		v.Problem = err.Error()
	case clearance.Unauthorized:
		v.Problem = "This key is unknown or was revoked. Sign in again."
	case clearance.Unavailable:
		v.Problem = "The lists are still being loaded, or the database is unavailable. Try again in a moment."
	default:
		v.Problem = fmt.Sprintf("Something went wrong on our side. It has been logged; quote reference %s when reporting it.", requestID(r))
	}
	status := kindStatus[kind]
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "web request failed", slog.String("request_id", requestID(r)),
			slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	return status
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"score": func(f float64) string { return fmt.Sprintf("%.3f", f) },
	"num":   func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"signed": func(f float64) string {
		return fmt.Sprintf("%+.2f", f)
	},
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"join":    func(s []string, sep string) string { return strings.Join(s, sep) },
	"inc":     func(i int) int { return i + 1 },
	"dec":     func(i int) int { return i - 1 },
	"inc64":   func(i int64) int64 { return i + 1 },
	"country": clearance.CountryName,
	"upper":   strings.ToUpper,
}
