package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/clearancehq/clearance"
)

// cases lists the cases a filter selects, by id.
func (s *Server) cases(w http.ResponseWriter, r *http.Request) error {
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	cs, err := st.Cases(r.Context(), clearance.CaseFilter{State: clearance.CaseState(q.Get("state")), Assignee: q.Get("assignee"),
		CounterpartyID: q.Get("counterparty"), OrderID: q.Get("order")})
	if err != nil {
		return err
	}
	return writePage(w, r, cs, func(c *clearance.Case) string { return strconv.FormatInt(c.ID, 10) })
}

// getCase answers a case with its ETag, its version, for If-Match.
func (s *Server) getCase(w http.ResponseWriter, r *http.Request) error {
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	id, err := pathInt64(r, "id", "case")
	if err != nil {
		return err
	}
	c, err := st.Case(r.Context(), id)
	if err != nil {
		return err
	}
	return writeCase(w, c)
}

func writeCase(w http.ResponseWriter, c *clearance.Case) error {
	w.Header().Set("ETag", etag(c.Version()))
	return writeJSON(w, http.StatusOK, c)
}

// etag is the entity tag of a case's version.
func etag(version int) string { return strconv.Quote(strconv.Itoa(version)) }

// caseActionRequest is the body of an action on a case; each action's
// schema in the contract says which fields it takes.
type caseActionRequest struct {
	To              string `json:"to"`
	Reason          string `json:"reason"`
	Comment         string `json:"comment"`
	ExpectedVersion int    `json:"expected_version"`
}

// caseAction returns the handler of one action on a case. The actor is
// always the key's holder, never a name in the body: four-eyes approval
// takes a second key. An action decided on an older version of the case
// (expected_version, or If-Match with the case's ETag) is refused with
// 409 when the case changed since.
func (s *Server) caseAction(verb clearance.CaseVerb) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Review == nil {
			return notInStore("cases")
		}
		id, err := pathInt64(r, "id", "case")
		if err != nil {
			return err
		}
		var req caseActionRequest
		if err := decodeOptional(r, &req); err != nil {
			return err
		}
		expected, err := expectedVersion(r, req.ExpectedVersion)
		if err != nil {
			return err
		}
		c, err := s.cfg.Review.Act(r.Context(), id, clearance.CaseCommand{Verb: verb, By: actor(r), To: req.To,
			Reason: clearance.ReasonCode(req.Reason), Comment: req.Comment, ExpectedVersion: expected})
		if err != nil {
			return err
		}
		return writeCase(w, c)
	}
}

// expectedVersion reads the version an action was decided on from the
// body's expected_version or the If-Match header ("*" or absent: any);
// the two must agree when both are given.
func expectedVersion(r *http.Request, body int) (int, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return body, nil
	}
	v, err := strconv.Unquote(strings.TrimPrefix(h, "W/"))
	n, nerr := strconv.Atoi(v)
	if err != nil || nerr != nil || n <= 0 {
		return 0, clearance.Errorf(clearance.Invalid, "If-Match %s: want the ETag of the case (GET /v1/cases/{id}), such as \"3\"", h)
	}
	if body != 0 && body != n {
		return 0, clearance.Errorf(clearance.Invalid, "expected_version %d and If-Match %s disagree", body, h)
	}
	return n, nil
}

// reasonCodes lists the reason codes that close a case.
func (s *Server) reasonCodes(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, listing(clearance.Reasons))
}
