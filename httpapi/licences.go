package httpapi

import (
	"net/http"
	"strconv"

	"github.com/clearancehq/clearance"
)

// addLicence records a licence from its JSON document, as `clearance
// licence add` reads it.
func (s *Server) addLicence(w http.ResponseWriter, r *http.Request) error {
	l, err := readDocument(r, "licence", clearance.ParseLicence)
	if err != nil {
		return err
	}
	bal, err := s.cfg.Store.AddLicence(r.Context(), l)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/licences/"+l.Number)
	return writeJSON(w, http.StatusCreated, bal)
}

// licences lists the licences with what remains of them, by number.
func (s *Server) licences(w http.ResponseWriter, r *http.Request) error {
	all, err := s.cfg.Store.Licences(r.Context())
	if err != nil {
		return err
	}
	return writePage(w, r, all, func(b *clearance.LicenceBalance) string { return b.Licence.Number })
}

// licence answers a licence, its balance and the orders that drew on it.
func (s *Server) licence(w http.ResponseWriter, r *http.Request) error {
	b, err := s.cfg.Store.Licence(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// addUVLStatement records a signed UVL statement from its JSON document.
func (s *Server) addUVLStatement(w http.ResponseWriter, r *http.Request) error {
	st, err := readDocument(r, "statement", clearance.ParseUVLStatement)
	if err != nil {
		return err
	}
	rec, err := s.cfg.Store.AddUVLStatement(r.Context(), st)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rec)
}

// uvlStatements lists the UVL statements on file, by id.
func (s *Server) uvlStatements(w http.ResponseWriter, r *http.Request) error {
	all, err := s.cfg.Store.UVLStatements(r.Context())
	if err != nil {
		return err
	}
	return writePage(w, r, all, func(st *clearance.UVLStatement) string { return strconv.FormatInt(st.ID, 10) })
}
