package httpapi

import (
	"net/http"

	"github.com/clearancehq/clearance"
)

// routes lists every route the API serves. Each non-raw route is an
// operation of openapi.yaml; TestRoutesMatchSpec keeps the two equal.
func (s *Server) routes() []route {
	return []route{
		{method: "GET", path: "/healthz", h: s.healthz, raw: true},
		{method: "GET", path: "/readyz", h: s.readyz, raw: true},
		{method: "GET", path: "/metrics", h: s.serveMetrics, raw: true},
		{method: "GET", path: "/openapi.yaml", h: s.openapi, raw: true},

		{method: "POST", path: "/v1/screen", perm: clearance.PermScreen, h: s.screen},
		{method: "POST", path: "/v1/screen/batch", perm: clearance.PermScreen, h: s.screenBatch},
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 once the lists are indexed, 503 before.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if !s.Ready() {
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "indexing lists"})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "list_versions": s.cfg.Screener.Current().Versions()})
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.handler().ServeHTTP(w, r)
	return nil
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/yaml")
	_, err := w.Write(Spec)
	return err
}
