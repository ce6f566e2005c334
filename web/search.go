package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/clearancehq/clearance"
)

// searchForm is the search page's data: the query as typed and, once
// screened, the screening.
type searchForm struct {
	Query     clearance.Query
	IDs       string // the identifiers as typed
	Kinds     []clearance.EntityKind
	Screening *clearance.Screening
}

// kinds are the kinds of party a query may state.
var kinds = []clearance.EntityKind{clearance.KindPerson, clearance.KindOrganization, clearance.KindVessel, clearance.KindAircraft}

var errIndexing = clearance.Errorf(clearance.Unavailable, "the lists are being indexed")

func (s *server) searchPage(w http.ResponseWriter, r *http.Request, v *view) error {
	v.Title, v.Page = "Search", &searchForm{Kinds: kinds}
	return s.render(w, r, http.StatusOK, "search", v)
}

// search screens the query, records the screening in the audit log as by
// the key, then shows the hits: the log holds every screening anyone saw.
func (s *server) search(w http.ResponseWriter, r *http.Request, v *view) error {
	f := &searchForm{Kinds: kinds, IDs: r.PostFormValue("ids"), Query: clearance.Query{
		Name:      strings.TrimSpace(r.PostFormValue("name")),
		Country:   strings.TrimSpace(r.PostFormValue("country")),
		Kind:      clearance.EntityKind(r.PostFormValue("kind")),
		BirthDate: strings.TrimSpace(r.PostFormValue("dob")),
		Address:   strings.TrimSpace(r.PostFormValue("address")),
	}}
	for _, id := range strings.FieldsFunc(f.IDs, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if id = strings.TrimSpace(id); id != "" {
			f.Query.Identifiers = append(f.Query.Identifiers, id)
		}
	}
	v.Title, v.Page = "Search", f
	if f.Query.Kind != "" && !slices.Contains(kinds, f.Query.Kind) {
		return s.renderProblem(w, r, "search", v, clearance.Errorf(clearance.Invalid, "Kind %q: choose person, organization, vessel or aircraft.", f.Query.Kind))
	}
	sc := s.cfg.Screener.Current()
	if sc == nil {
		return s.renderProblem(w, r, "search", v, errIndexing)
	}
	res, err := sc.Screen(f.Query, s.cfg.Options)
	if err != nil {
		return s.renderProblem(w, r, "search", v, err)
	}
	actor, rid := clearance.ActorFrom(r.Context())
	if err := s.cfg.Audit.Append(r.Context(), clearance.ScreeningRecord(res, actor, rid)); err != nil {
		return err
	}
	f.Screening = res
	v.Title = "Search: " + f.Query.Name
	return s.render(w, r, http.StatusOK, "search", v)
}
