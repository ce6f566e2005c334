package httpapi

import (
	"net/http"

	"github.com/clearancehq/clearance"
)

// keys lists the API keys, never their secrets.
func (s *Server) keys(w http.ResponseWriter, r *http.Request) error {
	ks, err := s.cfg.Store.Keys(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listing(ks))
}

// keyRequest is the body of POST /v1/keys.
type keyRequest struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// createdKey is a new key with its secret, shown this once.
type createdKey struct {
	Key    *clearance.APIKey `json:"key"`
	Secret string            `json:"secret"`
}

// createKey creates a key and answers its secret, which is never shown
// again.
func (s *Server) createKey(w http.ResponseWriter, r *http.Request) error {
	var req keyRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	role, err := clearance.ParseRole(req.Role)
	if err != nil {
		return err
	}
	secret, k, err := clearance.NewKeySecret(req.Name, role, actor(r))
	if err != nil {
		return err
	}
	if k, err = s.cfg.Store.CreateKey(r.Context(), k); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusCreated, createdKey{Key: k, Secret: secret})
}

// revokeKey revokes a key; this server refuses it at once, others within
// clearance.DefaultKeyTTL.
func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.cfg.Store.RevokeKey(r.Context(), r.PathValue("name"), actor(r))
	if err != nil {
		return err
	}
	s.cfg.Keys.Forget()
	return writeJSON(w, http.StatusOK, k)
}
