package httpapi

import (
	"bytes"
	"mime"
	"net/http"

	"github.com/clearancehq/clearance"
)

// reviewStore returns the store's review side: the counterparty registry,
// cases, events and monitoring.
func (s *Server) reviewStore() (clearance.ReviewStore, error) {
	if s.cfg.ReviewStore == nil {
		return nil, notInStore("counterparties, cases, events or monitoring runs")
	}
	return s.cfg.ReviewStore, nil
}

// upsertCounterparties adds and updates counterparties (upsert by id) from
// a JSON array or, as `clearance counterparties import` reads it, a CSV
// file. A document with any invalid row records nothing.
func (s *Server) upsertCounterparties(w http.ResponseWriter, r *http.Request) error {
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	b, err := readBody(r)
	if err != nil {
		return err
	}
	var cps []clearance.Counterparty
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "text/csv" {
		cps, err = clearance.ParseCounterparties("counterparties.csv", bytes.NewReader(b))
	} else {
		cps, err = clearance.ParseCounterpartiesJSON("counterparties", b)
	}
	if err != nil {
		return err
	}
	res, err := st.UpsertCounterparties(r.Context(), cps, actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// counterparties lists the registry by id.
func (s *Server) counterparties(w http.ResponseWriter, r *http.Request) error {
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	limit, err := limitOf(r)
	if err != nil {
		return err
	}
	cps, err := st.Counterparties(r.Context(), clearance.CounterpartyFilter{After: r.URL.Query().Get("cursor"), Limit: limit + 1})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, trim(cps, limit, func(c *clearance.Counterparty) string { return c.ID }))
}

// counterparty answers one counterparty.
func (s *Server) counterparty(w http.ResponseWriter, r *http.Request) error {
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	cp, err := st.Counterparty(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cp)
}

// screenRegistryRequest is the body of POST /v1/counterparties/screen.
type screenRegistryRequest struct {
	All bool `json:"all"`
}

// screenRegistry screens the counterparties never screened or changed
// since (or all of them) against the lists in use and opens cases for
// their hits, as `clearance counterparties screen` does.
func (s *Server) screenRegistry(w http.ResponseWriter, r *http.Request) error {
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	var req screenRegistryRequest
	if err := decodeOptional(r, &req); err != nil {
		return err
	}
	sc, err := s.screener()
	if err != nil {
		return err
	}
	rs := &clearance.RegistryScreening{Store: st, Screener: sc, Options: s.cfg.Options,
		ReviewThreshold: s.cfg.ReviewThreshold, Workers: s.cfg.Workers}
	rep, err := rs.Run(r.Context(), req.All)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}
