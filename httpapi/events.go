package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/clearancehq/clearance"
)

// events lists the event log, oldest first: after the cursor (an event
// id), from since (an event id, a date or an instant), of one type.
func (s *Server) events(w http.ResponseWriter, r *http.Request) error {
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	limit, err := limitOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f, err := clearance.ParseEventSince(q.Get("since"), time.UTC)
	if err != nil {
		return err
	}
	if c := q.Get("cursor"); c != "" {
		after, err := strconv.ParseInt(c, 10, 64)
		if err != nil || after < 0 {
			return clearance.Errorf(clearance.Invalid, "cursor %q names no event", c)
		}
		f.After = max(f.After, after)
	}
	f.Type, f.Limit = clearance.EventType(q.Get("type")), limit+1
	evs, err := st.Events(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, trim(evs, limit, func(e *clearance.Event) string { return strconv.FormatInt(e.ID, 10) }))
}

// monitorRuns lists the latest monitoring runs, newest first.
func (s *Server) monitorRuns(w http.ResponseWriter, r *http.Request) error {
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 20)
	if err != nil {
		return err
	}
	runs, err := st.MonitorRuns(r.Context(), limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listing(runs))
}
