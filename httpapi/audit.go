package httpapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/clearancehq/clearance"
)

// auditQuery reads the period and action a request selects records by.
func auditQuery(r *http.Request) (clearance.AuditQuery, error) {
	var q clearance.AuditQuery
	var err error
	if q.From, err = queryTime(r, "from", false); err != nil {
		return q, err
	}
	if q.To, err = queryTime(r, "to", true); err != nil {
		return q, err
	}
	q.Action = clearance.AuditAction(r.URL.Query().Get("action"))
	return q, nil
}

// auditRecords answers a page of the audit log, oldest first, of a period,
// an action and an actor.
func (s *Server) auditRecords(w http.ResponseWriter, r *http.Request) error {
	q, err := auditQuery(r)
	if err != nil {
		return err
	}
	limit, err := limitOf(r)
	if err != nil {
		return err
	}
	if c := r.URL.Query().Get("cursor"); c != "" {
		if q.AfterSeq, err = strconv.ParseInt(c, 10, 64); err != nil || q.AfterSeq < 0 {
			return clearance.Errorf(clearance.Invalid, "cursor %q names no record", c)
		}
	}
	who := r.URL.Query().Get("actor")
	if who == "" {
		q.Limit = limit + 1 // else the store cannot count what the filter keeps
	}
	recs := []clearance.AuditRecord{}
	for rec, err := range s.cfg.Store.AuditRecords(r.Context(), q) {
		if err != nil {
			return err
		}
		if who != "" && rec.Actor != who {
			continue
		}
		if recs = append(recs, rec); len(recs) > limit {
			break
		}
	}
	return writeJSON(w, http.StatusOK, trim(recs, limit, func(rec *clearance.AuditRecord) string { return strconv.FormatInt(rec.Seq, 10) }))
}

// auditVerification is the answer of a verification of the chain.
type auditVerification struct {
	Intact bool `json:"intact"`
	clearance.AuditVerification
	// BrokenAt is the first record that does not verify, Reason why.
	BrokenAt int64  `json:"broken_at,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// verifyAudit checks the audit log's hash chain. A broken chain is an
// answer, not an error of the request.
func (s *Server) verifyAudit(w http.ResponseWriter, r *http.Request) error {
	v, err := clearance.VerifyAudit(r.Context(), s.cfg.Store)
	out := auditVerification{Intact: err == nil, AuditVerification: v}
	var brk *clearance.AuditBreak
	switch {
	case errors.As(err, &brk):
		out.BrokenAt, out.Reason = brk.Seq, brk.Reason
	case err != nil:
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// exportAudit streams the records of a period as JSON lines or CSV.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request) error {
	q, err := auditQuery(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "jsonl"
	}
	ct, ext := "application/x-ndjson", "jsonl"
	if format == "csv" {
		ct, ext = "text/csv; charset=utf-8", "csv"
	}
	cw := &countingWriter{w: w, start: func() {
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", `attachment; filename="audit.`+ext+`"`)
	}}
	if _, err := clearance.ExportAudit(r.Context(), s.cfg.Store, q, cw, format); err != nil {
		if cw.n == 0 {
			return err
		}
		// The answer has begun: the client must see it cut, not complete.
		s.log.ErrorContext(r.Context(), "audit export failed after it began", "request_id", requestID(r.Context()), "error", err.Error())
		panic(http.ErrAbortHandler)
	}
	return nil
}

// countingWriter counts what is written, and sets the headers before the
// first write.
type countingWriter struct {
	w     http.ResponseWriter
	start func()
	n     int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.n == 0 && len(p) > 0 {
		c.start()
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// holds lists the legal holds, by id.
func (s *Server) holds(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.cfg.Store.Holds(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listing(hs))
}

// holdRequest is the body of POST /v1/audit/holds.
type holdRequest struct {
	Reason string `json:"reason"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// placeHold places a legal hold: no record of the period is purged until
// it is released.
func (s *Server) placeHold(w http.ResponseWriter, r *http.Request) error {
	var req holdRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	h, err := clearance.NewAuditHold(req.Reason, actor(r), req.From, req.To)
	if err != nil {
		return err
	}
	if h, err = s.cfg.Store.PlaceHold(r.Context(), h); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, h)
}

// releaseHold releases a legal hold.
func (s *Server) releaseHold(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt64(r, "id", "legal hold")
	if err != nil {
		return err
	}
	h, err := s.cfg.Store.ReleaseHold(r.Context(), id, actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

// purgeResult is what a purge did: the record of it when it deleted any.
type purgeResult struct {
	Purged int64                  `json:"purged"`
	Anchor clearance.AuditHead    `json:"anchor"`
	Record *clearance.AuditRecord `json:"record,omitempty"`
}

// purgeAudit deletes the oldest records past their retention and under no
// legal hold, recording the purge.
func (s *Server) purgeAudit(w http.ResponseWriter, r *http.Request) error {
	res, err := s.cfg.Store.PurgeAudit(r.Context(), s.cfg.Retention, now(s.cfg.Now)(), actor(r))
	if err != nil {
		return err
	}
	out := purgeResult{Purged: res.Purged, Anchor: res.Anchor}
	if res.Purged > 0 {
		out.Record = &res.Record
	}
	return writeJSON(w, http.StatusOK, out)
}
