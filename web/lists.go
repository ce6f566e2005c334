package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/clearancehq/clearance"
)

// listsView is the lists page's data: each source with its versions,
// newest first.
type listsView struct {
	Sources []sourceRow
}

type sourceRow struct {
	ID       clearance.SourceID
	Name     string
	Active   *clearance.Version
	AgeDays  int // of the active version's data; -1 when its date is unknown
	Stale    bool
	Versions []clearance.Version
}

func (s *server) listsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	versions, err := s.cfg.Store.Versions(r.Context(), "")
	if err != nil {
		return err
	}
	bySource := map[clearance.SourceID]*sourceRow{}
	var rows []*sourceRow
	for _, ver := range versions {
		row := bySource[ver.Source]
		if row == nil {
			src, _ := clearance.SourceByID(ver.Source)
			row = &sourceRow{ID: ver.Source, Name: src.Name, AgeDays: -1}
			bySource[ver.Source] = row
			rows = append(rows, row)
		}
		row.Versions = append(row.Versions, ver)
		if ver.Active {
			row.Active = &ver
		}
	}
	lv := &listsView{}
	for _, row := range rows {
		slices.Reverse(row.Versions)
		if row.Active != nil {
			if t, err := time.Parse(time.DateOnly, row.Active.Published); err == nil {
				age := s.cfg.Now().Sub(t)
				row.AgeDays = int(age.Hours() / 24)
				src, _ := clearance.SourceByID(row.ID)
				row.Stale = src.MaxAge > 0 && age > src.MaxAge
			}
		}
		lv.Sources = append(lv.Sources, *row)
	}
	slices.SortStableFunc(lv.Sources, func(a, b sourceRow) int { return sourceRank(a.ID) - sourceRank(b.ID) })
	v.Title, v.Page = "Lists", lv
	return s.render(w, r, http.StatusOK, "lists", v)
}

// sourceRank orders sources as clearance.Sources does, unknown ones last.
func sourceRank(id clearance.SourceID) int {
	if i := slices.IndexFunc(clearance.Sources, func(s clearance.Source) bool { return s.ID == id }); i >= 0 {
		return i
	}
	return len(clearance.Sources)
}

// deltaView is what one version changed from the one before.
type deltaView struct {
	Version clearance.Version
	Name    string
	First   bool // version 1: everything in it is new
	Delta   *clearance.Delta
	Added   []*clearance.Entry // at most deltaRows of each
	Removed []*clearance.Entry
	Changed []clearance.EntryChange
	Limit   int
}

// deltaRows bounds each section of a delta page; the counts are exact.
const deltaRows = 300

func (s *server) deltaPage(w http.ResponseWriter, r *http.Request, v *view) error {
	src := clearance.SourceID(r.PathValue("source"))
	number, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		return clearance.Errorf(clearance.NotFound, "There is no version %q of %s.", r.PathValue("version"), src)
	}
	versions, err := s.cfg.Store.Versions(r.Context(), src)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(versions, func(ver clearance.Version) bool { return ver.Number == number })
	if i < 0 {
		return clearance.Errorf(clearance.NotFound, "There is no version %d of %s.", number, src)
	}
	info, _ := clearance.SourceByID(src)
	dv := &deltaView{Version: versions[i], Name: info.Name, First: number == 1, Limit: deltaRows}
	if !dv.First {
		if dv.Delta, err = s.cfg.Store.Delta(r.Context(), src, number-1, number); err != nil {
			return err
		}
		dv.Added = dv.Delta.Added[:min(len(dv.Delta.Added), deltaRows)]
		dv.Removed = dv.Delta.Removed[:min(len(dv.Delta.Removed), deltaRows)]
		dv.Changed = dv.Delta.Changed[:min(len(dv.Delta.Changed), deltaRows)]
	}
	v.Title, v.Page = fmt.Sprintf("%s version %d", src, number), dv
	return s.render(w, r, http.StatusOK, "delta", v)
}
