package httpapi

import (
	"context"
	"net/http"
	"sync"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// screenRequest is the body of POST /v1/screen: a query and optional
// threshold and limit overrides, or a replay (as_of, options).
type screenRequest struct {
	clearance.Query
	replay
}

// replay holds the fields that choose how a screening runs: the list
// versions (as_of, as `clearance screen --as-of` takes them), recorded
// matching options by their hash (as `--options`), or overrides of the
// configured threshold and limit.
type replay struct {
	Threshold *float64 `json:"threshold,omitempty"`
	Limit     int      `json:"limit,omitempty"`
	AsOf      string   `json:"as_of,omitempty"`
	Options   string   `json:"options,omitempty"`
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

// prepare returns the screener and options a request asks for: the active
// lists with the configured options by default; with as_of, a screener
// over those list versions (built once and kept for the next requests of
// the same versions); with options, the options recorded under that hash.
func (s *Server) prepare(ctx context.Context, rp replay) (*clearance.Screener, match.Options, error) {
	sc, err := s.screener()
	if err != nil {
		return nil, match.Options{}, err
	}
	opts := s.options(rp.Threshold, rp.Limit)
	if rp.Options != "" {
		if rp.Threshold != nil {
			return nil, match.Options{}, clearance.Errorf(clearance.Invalid, "threshold and options: the recorded options hold their own threshold")
		}
		if s.cfg.ReviewStore == nil {
			return nil, match.Options{}, clearance.Errorf(clearance.Unavailable, "this store keeps no matching options")
		}
		if opts, err = s.cfg.ReviewStore.Options(ctx, rp.Options); err != nil {
			return nil, match.Options{}, err
		}
		if opts.Hash() != rp.Options {
			return nil, match.Options{}, clearance.Errorf(clearance.Conflict,
				"the options recorded under %s no longer hash to it (this build's options have other fields): the screening cannot be reproduced exactly", rp.Options)
		}
		if rp.Limit > 0 {
			opts.Limit = rp.Limit
		}
	}
	if rp.AsOf != "" {
		if sc, err = s.replays.screener(ctx, s.cfg.Store, sc, rp.AsOf); err != nil {
			return nil, match.Options{}, err
		}
	}
	return sc, opts, nil
}

// keepOptions saves the options of a screening under their hash, once per
// process, so that a screening the audit log records can be replayed by
// its options_hash.
func (s *Server) keepOptions(ctx context.Context, opts match.Options, hash string) error {
	if s.cfg.ReviewStore == nil {
		return nil
	}
	if _, done := s.savedOptions.Load(hash); done {
		return nil
	}
	if err := s.cfg.ReviewStore.SaveOptions(ctx, opts); err != nil {
		return err
	}
	s.savedOptions.Store(hash, true)
	return nil
}

// replayCache keeps the screener of the list versions last replayed:
// building one takes seconds, and an auditor replays many screenings of
// one day.
type replayCache struct {
	mu   sync.Mutex
	spec string
	sc   *clearance.Screener
}

// screener returns a screener over the versions asOf names, or current
// when they are the versions it holds.
func (c *replayCache) screener(ctx context.Context, st clearance.ListStore, current *clearance.Screener, asOf string) (*clearance.Screener, error) {
	versions, err := clearance.ResolveAsOf(ctx, st, asOf)
	if err != nil {
		return nil, err
	}
	refs := make([]clearance.VersionRef, len(versions))
	for i, v := range versions {
		refs[i] = clearance.VersionRef{Source: v.Source, Version: v.Number}
	}
	spec := clearance.AsOfSpec(refs)
	if clearance.AsOfSpec(current.Versions()) == spec {
		return current, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.spec == spec {
		return c.sc, nil
	}
	sc, err := clearance.LoadScreenerAt(ctx, st, versions)
	if err != nil {
		return nil, err
	}
	c.spec, c.sc = spec, sc
	return sc, nil
}

// screen screens one name, records it in the audit log (group commit) and
// answers the screening, shaped as `clearance screen --json` prints it.
func (s *Server) screen(w http.ResponseWriter, r *http.Request) error {
	var req screenRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	sc, opts, err := s.prepare(r.Context(), req.replay)
	if err != nil {
		return err
	}
	res, err := sc.Screen(req.Query, opts)
	if err != nil {
		return err
	}
	if err := s.keepOptions(r.Context(), opts, res.OptionsHash); err != nil {
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
	Queries []clearance.Query `json:"queries"`
	replay
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
	sc, opts, err := s.prepare(r.Context(), req.replay)
	if err != nil {
		return err
	}
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
	if len(out.Results) > 0 {
		if err := s.keepOptions(r.Context(), opts, out.Results[0].OptionsHash); err != nil {
			return err
		}
	}
	if err := s.cfg.Audit.Append(r.Context(), recs...); err != nil {
		return err
	}
	for _, res := range out.Results {
		s.metrics.screened(res)
	}
	return writeJSON(w, http.StatusOK, out)
}
