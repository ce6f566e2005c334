package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/clearancehq/clearance"
)

// caseQueue is the case queue's data.
type caseQueue struct {
	State    string // a stateFilters key
	Assignee string
	States   []stateFilter
	Cases    []clearance.Case // this page, newest first
	Total    int
	Page     int
	Pages    int
	Prev     string // URLs of the neighbouring pages, "" at the ends
	Next     string
	NoStore  bool // the store keeps no cases
	Me       string
}

// stateFilter is one choice of the queue's state filter.
type stateFilter struct {
	Value, Label string
	keep         func(*clearance.Case) bool
}

var stateFilters = []stateFilter{
	{"active", "Open or escalated", func(c *clearance.Case) bool { return c.State.Active() }},
	{"pending", "Awaiting second approval", func(c *clearance.Case) bool { return c.Pending != nil }},
	{"open", "Open", func(c *clearance.Case) bool { return c.State == clearance.CaseOpen }},
	{"escalated", "Escalated", func(c *clearance.Case) bool { return c.State == clearance.CaseEscalated }},
	{"cleared", "Cleared", func(c *clearance.Case) bool { return c.State == clearance.CaseCleared }},
	{"confirmed", "Confirmed", func(c *clearance.Case) bool { return c.State == clearance.CaseConfirmed }},
	{"all", "All", func(*clearance.Case) bool { return true }},
}

// casesPerPage bounds the rows of one page of the queue.
const casesPerPage = 50

// casesPage lists the cases the filters select, newest first.
func (s *server) casesPage(w http.ResponseWriter, r *http.Request, v *view) error {
	q := &caseQueue{State: r.FormValue("state"), Assignee: strings.TrimSpace(r.FormValue("assignee")), States: stateFilters,
		Me: v.Key.Actor()}
	v.Title, v.Page = "Cases", q
	i := slices.IndexFunc(stateFilters, func(f stateFilter) bool { return f.Value == q.State })
	if i < 0 {
		i, q.State = 0, stateFilters[0].Value
	}
	if s.cfg.ReviewStore == nil {
		q.NoStore = true
		return s.render(w, r, http.StatusOK, "cases", v)
	}
	f := clearance.CaseFilter{Assignee: q.Assignee}
	if st := clearance.CaseState(q.State); st.Valid() {
		f.State = st
	}
	all, err := s.cfg.ReviewStore.Cases(r.Context(), f)
	if err != nil {
		return err
	}
	var kept []clearance.Case
	for j := len(all) - 1; j >= 0; j-- {
		if stateFilters[i].keep(&all[j]) {
			kept = append(kept, all[j])
		}
	}
	q.Total = len(kept)
	q.Pages = max(1, (len(kept)+casesPerPage-1)/casesPerPage)
	q.Page = min(max(1, atoi(r.FormValue("page"))), q.Pages)
	q.Cases = kept[(q.Page-1)*casesPerPage : min(len(kept), q.Page*casesPerPage)]
	link := func(page int) string {
		return "/cases?" + url.Values{"state": {q.State}, "assignee": {q.Assignee}, "page": {strconv.Itoa(page)}}.Encode()
	}
	if q.Page > 1 {
		q.Prev = link(q.Page - 1)
	}
	if q.Page < q.Pages {
		q.Next = link(q.Page + 1)
	}
	return s.render(w, r, http.StatusOK, "cases", v)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// caseView is the case page's data.
type caseView struct {
	Case *clearance.Case
	// Threshold is the score from which clearing needs a second approver.
	Threshold     float64
	NeedsApproval bool
	// Decide are the forms that close the case: clear (unless a
	// clearance awaits approval) and confirm.
	Decide      []decideForm
	ReadOnly    bool // no workflow: the server only reads cases
	CanAct      bool
	CanApprove  bool
	OwnProposal bool // the signed-in key proposed the pending clearance
	Form        caseForm
}

// decideForm is a form closing a case with a reason code and a comment.
type decideForm struct {
	Action, Title, Button, Class, Hint string
	Reasons                            []clearance.ReasonInfo
	Reason, Comment                    string // as typed, when the action was refused
}

// caseForm is what the analyst typed, kept when an action is refused.
type caseForm struct {
	Action, Reason, Comment string
}

func (s *server) casePage(w http.ResponseWriter, r *http.Request, v *view) error {
	if done, ok := doneNotices[r.FormValue("done")]; ok {
		v.Notice = done
	}
	return s.renderCase(w, r, v, http.StatusOK, caseForm{})
}

// renderCase renders the case named by the path with the given status.
func (s *server) renderCase(w http.ResponseWriter, r *http.Request, v *view, status int, form caseForm) error {
	if s.cfg.ReviewStore == nil {
		return errNoCases
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return clearance.Errorf(clearance.NotFound, "There is no case %q.", r.PathValue("id"))
	}
	c, err := s.cfg.ReviewStore.Case(r.Context(), id)
	if err != nil {
		return err
	}
	cv := &caseView{Case: c, Threshold: clearance.DefaultApprovalThreshold, ReadOnly: s.cfg.Review == nil, Form: form,
		CanAct: v.Can(string(clearance.PermCasesAct)), CanApprove: v.Can(string(clearance.PermCasesApprove))}
	if s.cfg.Review != nil && s.cfg.Review.ApprovalThreshold != 0 {
		cv.Threshold = s.cfg.Review.ApprovalThreshold
	}
	cv.NeedsApproval = c.Score >= cv.Threshold
	cv.OwnProposal = c.Pending != nil && strings.EqualFold(c.Pending.By, v.Key.Actor())
	cv.Decide = decideForms(c, cv.NeedsApproval, cv.Threshold, form)
	v.Title, v.Page = fmt.Sprintf("Case %d", c.ID), cv
	return s.render(w, r, status, "case", v)
}

// decideForms returns the forms that may close the case, filled with what
// was typed into a refused one.
func decideForms(c *clearance.Case, needsApproval bool, threshold float64, typed caseForm) []decideForm {
	clear := decideForm{Action: "clear", Title: "Clear as a false positive", Button: "Clear"}
	if needsApproval {
		clear.Button = "Propose clearance"
		clear.Hint = fmt.Sprintf("The score is at or above %.2f: a different approver must approve the clearance.", threshold)
	}
	confirm := decideForm{Action: "confirm", Title: "Confirm as a true match", Button: "Confirm match", Class: "danger"}
	for _, ri := range clearance.Reasons {
		if ri.Resolves == clearance.CaseCleared {
			clear.Reasons = append(clear.Reasons, ri)
		} else {
			confirm.Reasons = append(confirm.Reasons, ri)
		}
	}
	forms := []decideForm{clear, confirm}
	if c.Pending != nil {
		forms = forms[1:]
	}
	for i := range forms {
		if forms[i].Action == typed.Action {
			forms[i].Reason, forms[i].Comment = typed.Reason, typed.Comment
		}
	}
	return forms
}

var errNoCases = clearance.Errorf(clearance.NotFound, "This server's database keeps no review cases.")

// doneNotices say what an action did, by the done parameter of the
// redirect after it.
var doneNotices = map[string]string{
	"proposed":  "Clearance proposed. The case now awaits a second approval by a different approver.",
	"cleared":   "Case cleared as a false positive.",
	"approved":  "Clearance approved: the case is cleared.",
	"confirmed": "Case confirmed as a true match.",
	"assigned":  "Case assigned to you.",
	"escalated": "Case escalated.",
}

// caseAction applies an analyst's action through the case workflow, which
// enforces the state machine and four-eyes; the actor is the key.
func (s *server) caseAction(w http.ResponseWriter, r *http.Request, v *view) error {
	if s.cfg.ReviewStore == nil || s.cfg.Review == nil {
		return errNoCases
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return clearance.Errorf(clearance.NotFound, "There is no case %q.", r.PathValue("id"))
	}
	form := caseForm{Action: r.PathValue("action"), Reason: r.PostFormValue("reason"), Comment: r.PostFormValue("comment")}
	ctx, rev, by, reason := r.Context(), s.cfg.Review, v.Key.Actor(), clearance.ReasonCode(form.Reason)
	var c *clearance.Case
	switch form.Action {
	case "clear":
		c, err = rev.Clear(ctx, id, by, reason, form.Comment)
	case "confirm":
		c, err = rev.Confirm(ctx, id, by, reason, form.Comment)
	case "approve":
		if !v.Key.Role.Can(clearance.PermCasesApprove) {
			err = clearance.Errorf(clearance.Forbidden, "Approving a clearance needs the approver role; your key %s has the role %s.",
				v.Key.Name, v.Key.Role)
			break
		}
		c, err = rev.Approve(ctx, id, by, form.Comment)
	case "assign":
		c, err = rev.Assign(ctx, id, by, by)
	case "escalate":
		c, err = rev.Escalate(ctx, id, by, "", form.Comment)
	default:
		return clearance.Errorf(clearance.NotFound, "There is no case action %q.", form.Action)
	}
	if err != nil {
		return s.renderCase(w, r, v, s.problem(r, v, err), form)
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d?done=%s", c.ID, doneOf(c)), http.StatusSeeOther)
	return nil
}

// doneOf names what the case's last action did, for doneNotices.
func doneOf(c *clearance.Case) string {
	switch c.Actions[len(c.Actions)-1].Action {
	case clearance.ActionClearanceProposed:
		return "proposed"
	case clearance.ActionCleared:
		return "cleared"
	case clearance.ActionApproved:
		return "approved"
	case clearance.ActionConfirmed:
		return "confirmed"
	case clearance.ActionAssigned:
		return "assigned"
	}
	return "escalated"
}
