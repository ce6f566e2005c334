package httpapi

import (
	"net/http"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// screenRequest is the body of POST /v1/screen: a query and optional
// threshold and limit overrides.
type screenRequest struct {
	clearance.Query
	Threshold *float64 `json:"threshold,omitempty"`
	Limit     int      `json:"limit,omitempty"`
}

// screener returns the screener in use, or Unavailable while the lists
// are being indexed.
func (s *Server) screener() (*clearance.Screener, error) {
	if !s.Ready() {
		return nil, clearance.Errorf(clearance.Unavailable, "the lists are being indexed")
	}
	return s.cfg.Screener.Current(), nil
}

func (s *Server) options(threshold *float64, limit int) match.Options {
	opts := s.cfg.Options
	if threshold != nil {
		opts.Threshold = *threshold
	}
	if limit > 0 {
		opts.Limit = limit
	}
	return opts
}

// screen screens one name, records it in the audit log (group commit) and
// answers the screening, shaped as `clearance screen --json` prints it.
func (s *Server) screen(w http.ResponseWriter, r *http.Request) error {
	var req screenRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	sc, err := s.screener()
	if err != nil {
		return err
	}
	res, err := sc.Screen(req.Query, s.options(req.Threshold, req.Limit))
	if err != nil {
		return err
	}
	actor, rid := clearance.ActorFrom(r.Context())
	if err := s.cfg.Audit.Append(r.Context(), clearance.ScreeningRecord(res, actor, rid)); err != nil {
		return err
	}
	s.metrics.screened(res)
	return writeJSON(w, http.StatusOK, res)
}

// batchRequest is the body of POST /v1/screen/batch.
type batchRequest struct {
	Queries   []clearance.Query `json:"queries"`
	Threshold *float64          `json:"threshold,omitempty"`
	Limit     int               `json:"limit,omitempty"`
}

// batchResponse holds one screening per query, in order.
type batchResponse struct {
	Results []*clearance.Screening `json:"results"`
}

// screenBatch screens up to 1,000 names against one list snapshot and
// records each screening.
func (s *Server) screenBatch(w http.ResponseWriter, r *http.Request) error {
	var req batchRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	sc, err := s.screener()
	if err != nil {
		return err
	}
	opts := s.options(req.Threshold, req.Limit)
	actor, rid := clearance.ActorFrom(r.Context())
	out := batchResponse{Results: make([]*clearance.Screening, len(req.Queries))}
	recs := make([]clearance.AuditRecord, len(req.Queries))
	for i, q := range req.Queries {
		res, err := sc.Screen(q, opts)
		if err != nil {
			return clearance.Errorf(clearance.KindOf(err), "queries[%d]: %w", i, err)
		}
		out.Results[i], recs[i] = res, clearance.ScreeningRecord(res, actor, rid)
	}
	if err := s.cfg.Audit.Append(r.Context(), recs...); err != nil {
		return err
	}
	for _, res := range out.Results {
		s.metrics.screened(res)
	}
	return writeJSON(w, http.StatusOK, out)
}
