package main

import (
	"net/http"

	"github.com/clearancehq/clearance/httpapi"
	"github.com/clearancehq/clearance/web"
)

// apiPaths are the paths the JSON API serves; the web UI serves the rest.
var apiPaths = []string{"/v1/", "/healthz", "/readyz", "/metrics", "/openapi.yaml"}

// webUI returns the web UI over what the API serves from: the same store,
// screener, keyring (so a key revoked through either takes effect in both)
// and audit writer.
func webUI(cfg httpapi.Config, trustProxy bool) (http.Handler, error) {
	return web.New(web.Config{Store: cfg.Store, ReviewStore: cfg.ReviewStore, Review: cfg.Review, Screener: cfg.Screener,
		Keys: cfg.Keys, Options: cfg.Options, Gate: cfg.Gate, Audit: cfg.Audit, Logger: cfg.Logger, TrustProxy: trustProxy})
}

// withWebUI serves the API at its paths and the web UI at every other.
func withWebUI(api, ui http.Handler) http.Handler {
	mux := http.NewServeMux()
	for _, p := range apiPaths {
		mux.Handle(p, api)
	}
	mux.Handle("/", ui)
	return mux
}
