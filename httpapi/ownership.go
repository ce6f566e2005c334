package httpapi

import (
	"net/http"
	"time"

	"github.com/clearancehq/clearance"
)

// asOf returns the as_of query parameter, a date, or today.
func (s *Server) asOf(r *http.Request) (string, error) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return now(s.cfg.Now)().UTC().Format(time.DateOnly), nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", clearance.Errorf(clearance.Invalid, "as_of %q: want a date as YYYY-MM-DD", v)
	}
	return v, nil
}

// ownershipJudge returns the ownership rules with the lists in use, and
// the date the request judges as of.
func (s *Server) ownershipJudge(r *http.Request) (Ownership, *clearance.Screener, string, error) {
	date, err := s.asOf(r)
	if err != nil {
		return nil, nil, "", err
	}
	if s.cfg.Ownership == nil {
		return nil, nil, "", notInStore("ownership data")
	}
	sc, err := s.screener()
	return s.cfg.Ownership, sc, date, err
}

// checkOwnership says whether listed parties' ownership restricts a party,
// with the chain of stakes.
func (s *Server) checkOwnership(w http.ResponseWriter, r *http.Request) error {
	judge, sc, date, err := s.ownershipJudge(r)
	if err != nil {
		return err
	}
	rep, err := judge.Check(r.Context(), sc, r.URL.Query().Get("name"), date)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// restrictedByOwnership lists every party of the ownership data that the
// rules restrict or cannot clear.
func (s *Server) restrictedByOwnership(w http.ResponseWriter, r *http.Request) error {
	judge, sc, date, err := s.ownershipJudge(r)
	if err != nil {
		return err
	}
	all, err := judge.Restricted(r.Context(), sc, date)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listing(all))
}

// importOwnership records ownership edges from a CSV file or a JSON array
// (see clearance.ParseOwnership). A file with any invalid row records
// nothing.
func (s *Server) importOwnership(w http.ResponseWriter, r *http.Request) error {
	st, ok := s.cfg.Store.(clearance.OwnershipStore)
	if !ok {
		return notInStore("ownership data")
	}
	name := r.URL.Query().Get("file")
	if name == "" {
		name = "upload by " + actor(r)
	}
	f, err := readDocument(r, name, clearance.ReadOwnershipFile)
	if err != nil {
		return err
	}
	imp, err := f.Import(r.Context(), st)
	if err != nil {
		return err
	}
	if imp.Added > 0 && s.cfg.ReviewStore != nil && s.cfg.Gate != nil && s.Ready() {
		// Open orders are decided again with the new data; those that
		// become stricter are recorded (order.decision_changed events);
		// counterparties the data restricts get cases (case.opened).
		gk, err := s.cfg.Gate(r.Context(), s.cfg.Screener.Current())
		if err != nil {
			return err
		}
		today := now(s.cfg.Now)().UTC()
		if _, err := clearance.ReconsiderOwnership(r.Context(), s.cfg.ReviewStore, gk, today.Format(time.DateOnly)); err != nil {
			return err
		}
		if _, err := clearance.OwnershipCases(r.Context(), s.cfg.ReviewStore, gk, today.Format(time.DateOnly), today); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, imp)
}
