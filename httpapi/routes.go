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

		{method: "GET", path: "/v1/lists", perm: clearance.PermListsRead, h: s.lists},
		{method: "GET", path: "/v1/lists/{source}/versions", perm: clearance.PermListsRead, h: s.sourceVersions},
		{method: "GET", path: "/v1/lists/{source}/delta", perm: clearance.PermListsRead, h: s.delta},
		{method: "POST", path: "/v1/lists/{source}/import", perm: clearance.PermListsImport, h: s.importList},

		{method: "POST", path: "/v1/orders/check", perm: clearance.PermOrdersCheck, h: s.checkOrder},
		{method: "POST", path: "/v1/orders", perm: clearance.PermOrdersSubmit, h: s.submitOrder},
		{method: "GET", path: "/v1/orders", perm: clearance.PermRead, h: s.orders},
		{method: "GET", path: "/v1/orders/{id}", perm: clearance.PermRead, h: s.order},
		{method: "POST", path: "/v1/orders/{id}/ship", perm: clearance.PermOrdersSubmit, h: s.shipOrder},

		{method: "POST", path: "/v1/licences", perm: clearance.PermLicencesWrite, h: s.addLicence},
		{method: "GET", path: "/v1/licences", perm: clearance.PermRead, h: s.licences},
		{method: "GET", path: "/v1/licences/{number}", perm: clearance.PermRead, h: s.licence},
		{method: "POST", path: "/v1/uvl-statements", perm: clearance.PermLicencesWrite, h: s.addUVLStatement},
		{method: "GET", path: "/v1/uvl-statements", perm: clearance.PermRead, h: s.uvlStatements},

		{method: "POST", path: "/v1/counterparties", perm: clearance.PermPartiesWrite, h: s.upsertCounterparties},
		{method: "GET", path: "/v1/counterparties", perm: clearance.PermRead, h: s.counterparties},
		{method: "GET", path: "/v1/counterparties/{id}", perm: clearance.PermRead, h: s.counterparty},
		{method: "POST", path: "/v1/counterparties/screen", perm: clearance.PermPartiesWrite, h: s.screenRegistry},

		{method: "GET", path: "/v1/cases", perm: clearance.PermRead, h: s.cases},
		{method: "GET", path: "/v1/cases/{id}", perm: clearance.PermRead, h: s.getCase},
		{method: "POST", path: "/v1/cases/{id}/assign", perm: clearance.VerbAssign.Permission(), h: s.caseAction(clearance.VerbAssign)},
		{method: "POST", path: "/v1/cases/{id}/escalate", perm: clearance.VerbEscalate.Permission(), h: s.caseAction(clearance.VerbEscalate)},
		{method: "POST", path: "/v1/cases/{id}/clear", perm: clearance.VerbClear.Permission(), h: s.caseAction(clearance.VerbClear)},
		{method: "POST", path: "/v1/cases/{id}/confirm", perm: clearance.VerbConfirm.Permission(), h: s.caseAction(clearance.VerbConfirm)},
		{method: "POST", path: "/v1/cases/{id}/approve", perm: clearance.VerbApprove.Permission(), h: s.caseAction(clearance.VerbApprove)},
		{method: "GET", path: "/v1/reason-codes", perm: clearance.PermRead, h: s.reasonCodes},

		{method: "GET", path: "/v1/events", perm: clearance.PermRead, h: s.events},
		{method: "GET", path: "/v1/monitor/runs", perm: clearance.PermRead, h: s.monitorRuns},

		{method: "GET", path: "/v1/ownership/check", perm: clearance.PermRead, h: s.checkOwnership},
		{method: "GET", path: "/v1/ownership/restricted", perm: clearance.PermRead, h: s.restrictedByOwnership},
		{method: "POST", path: "/v1/ownership", perm: clearance.PermOwnershipWrite, h: s.importOwnership},

		{method: "GET", path: "/v1/audit", perm: clearance.PermAuditRead, h: s.auditRecords},
		{method: "GET", path: "/v1/audit/verify", perm: clearance.PermAuditRead, h: s.verifyAudit},
		{method: "GET", path: "/v1/audit/export", perm: clearance.PermAuditRead, h: s.exportAudit},
		{method: "GET", path: "/v1/audit/holds", perm: clearance.PermAuditRead, h: s.holds},
		{method: "POST", path: "/v1/audit/holds", perm: clearance.PermAdmin, h: s.placeHold},
		{method: "POST", path: "/v1/audit/holds/{id}/release", perm: clearance.PermAdmin, h: s.releaseHold},
		{method: "POST", path: "/v1/audit/purge", perm: clearance.PermAdmin, h: s.purgeAudit},

		{method: "GET", path: "/v1/keys", perm: clearance.PermAdmin, h: s.keys},
		{method: "POST", path: "/v1/keys", perm: clearance.PermAdmin, h: s.createKey},
		{method: "DELETE", path: "/v1/keys/{name}", perm: clearance.PermAdmin, h: s.revokeKey},
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
