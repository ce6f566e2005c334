package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/clearancehq/clearance"
)

// auditView is the audit page's data: the filters, one page of records,
// newest first, and the chain's verification.
type auditView struct {
	Action, Actor, From, To string
	Actions                 []clearance.AuditAction
	Records                 []auditRow
	Older                   string // URL of the next, older page; "" at the end
	Filtered                bool
	Head                    clearance.AuditHead
	Verified                *verification
}

type auditRow struct {
	clearance.AuditRecord
	Details string // the payload, indented
}

// auditActions are the actions the filter offers.
var auditActions = []clearance.AuditAction{clearance.AuditScreen, clearance.AuditOrderSubmit, clearance.AuditListImport,
	clearance.AuditBatch, clearance.AuditBatchHit, clearance.AuditLicenceAdd, clearance.AuditUVLAdd, clearance.AuditKeyCreate,
	clearance.AuditKeyRevoke, clearance.AuditCaseAction, clearance.AuditSignIn, clearance.AuditSignOut, clearance.AuditConfig,
	clearance.AuditHoldPlaced, clearance.AuditHoldReleased, clearance.AuditPurge}

// Bounds of the audit page.
const (
	auditPerPage = 50
	// autoVerify is the longest chain the page verifies by itself when
	// the last verification is older than the head; a longer one waits
	// for the button.
	autoVerify = 20000
	maxDetails = 20000 // bytes of a payload shown
)

func (s *server) auditPage(w http.ResponseWriter, r *http.Request, v *view) error {
	av := &auditView{Action: r.FormValue("action"), Actor: strings.TrimSpace(r.FormValue("actor")),
		From: r.FormValue("from"), To: r.FormValue("to"), Actions: auditActions}
	v.Title, v.Page = "Audit log", av
	q := clearance.AuditQuery{Newest: true, Action: clearance.AuditAction(av.Action)}
	var err error
	if q.From, err = day("From", av.From, false); err != nil {
		return s.renderProblem(w, r, "audit", v, err)
	}
	if q.To, err = day("To", av.To, true); err != nil {
		return s.renderProblem(w, r, "audit", v, err)
	}
	if before, err := strconv.ParseInt(r.FormValue("before"), 10, 64); err == nil && before > 1 {
		q.ThroughSeq = before - 1
	}
	if av.Actor == "" {
		q.Limit = auditPerPage + 1
	}
	av.Filtered = av.Action != "" || av.Actor != "" || av.From != "" || av.To != ""
	for rec, err := range s.cfg.Store.AuditRecords(r.Context(), q) {
		if err != nil {
			return err
		}
		if av.Actor != "" && !strings.EqualFold(rec.Actor, av.Actor) {
			continue
		}
		if len(av.Records) == auditPerPage {
			av.Older = "/audit?" + url.Values{"action": {av.Action}, "actor": {av.Actor}, "from": {av.From}, "to": {av.To},
				"before": {strconv.FormatInt(av.Records[auditPerPage-1].Seq, 10)}}.Encode()
			break
		}
		av.Records = append(av.Records, auditRow{AuditRecord: rec, Details: indent(rec.Payload)})
	}
	if av.Head, err = s.cfg.Store.AuditHead(r.Context()); err != nil {
		return err
	}
	av.Verified = s.verify.last()
	if (av.Verified == nil || av.Verified.Head.Seq < av.Head.Seq) && av.Head.Seq-av.Head.AnchorSeq <= autoVerify {
		if av.Verified, err = s.verifyChain(r, v.Key.Actor()); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "audit", v)
}

// day reads a YYYY-MM-DD date in UTC; as the end of a period it means the
// end of that day.
func day(field, s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, clearance.Errorf(clearance.Invalid, "%s %q: give a date as YYYY-MM-DD.", field, s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

func indent(p json.RawMessage) string {
	var b bytes.Buffer
	if json.Indent(&b, p, "", "  ") != nil {
		return string(p)
	}
	if b.Len() > maxDetails {
		return b.String()[:maxDetails] + "\n…"
	}
	return b.String()
}

// auditVerify verifies the chain now, then shows the audit page.
func (s *server) auditVerify(w http.ResponseWriter, r *http.Request, v *view) error {
	if _, err := s.verifyChain(r, v.Key.Actor()); err != nil {
		return err
	}
	http.Redirect(w, r, "/audit", http.StatusSeeOther)
	return nil
}

// verification is the outcome of one verification of the chain.
type verification struct {
	At      time.Time
	By      string
	Records int64
	Head    clearance.AuditHead
	Break   string // why the chain does not verify; "" when intact
}

// verifyChain verifies the chain and remembers the outcome. A broken
// chain is an outcome to show, not an error.
func (s *server) verifyChain(r *http.Request, by string) (*verification, error) {
	res, err := clearance.VerifyAudit(r.Context(), s.cfg.Store)
	vf := &verification{At: s.cfg.Now(), By: by, Records: res.Records, Head: res.Head}
	var br *clearance.AuditBreak
	switch {
	case errors.As(err, &br):
		vf.Break = br.Error()
	case err != nil:
		return nil, err
	}
	s.verify.set(vf)
	return vf, nil
}

// verifyCache remembers this process's last verification.
type verifyCache struct {
	mu sync.Mutex
	v  *verification
}

func (c *verifyCache) last() *verification {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.v
}

func (c *verifyCache) set(v *verification) {
	c.mu.Lock()
	c.v = v
	c.mu.Unlock()
}
