package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/web"
)

// TestSignIn: pages send a visitor to sign-in and back; a wrong key is
// refused without detail; the session cookie is HttpOnly and SameSite
// Strict; sign-out ends the session.
func TestSignIn(t *testing.T) {
	w := newWorld(t)
	c := w.client(t)
	c.wantRedirect(c.get("/cases?state=all"), "/signin?next=%2Fcases%3Fstate%3Dall")
	c.want(c.get("/signin?next=%2Fcases%3Fstate%3Dall"), http.StatusOK, "API key", `name="next" value="/cases?state=all"`)

	p := c.want(c.post("/signin", url.Values{"key": {"clr_notakey"}, "next": {"/cases"}}), http.StatusUnauthorized,
		"This key is unknown or was revoked")
	if strings.Contains(p.body, "clr_notakey") {
		t.Error("the sign-in page repeats the key that was refused")
	}

	p = c.post("/signin", url.Values{"key": {"  " + w.secrets["alice"] + " "}, "next": {"/cases?state=all"}})
	c.wantRedirect(p, "/cases?state=all")
	var session *http.Cookie
	for _, ck := range p.Cookies() {
		if ck.Name == "clearance_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Path != "/" || session.Secure {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, path /, not Secure over plain HTTP", session)
	}
	c.want(c.get("/cases?state=all"), http.StatusOK, "alice", "analyst", "Sign out")
	c.wantRedirect(c.get("/signin"), "/search") // signed in already

	c.wantRedirect(c.post("/signout", nil), "/signin?out=1")
	c.want(c.get("/signin?out=1"), http.StatusOK, "You are signed out.")
	c.wantRedirect(c.get("/search"), "/signin?next=%2Fsearch")
	if in, out := countAudit(t, w, clearance.AuditSignIn, "key:alice"), countAudit(t, w, clearance.AuditSignOut, "key:alice"); in != 1 || out != 1 {
		t.Errorf("audit log: %d sign-ins and %d sign-outs of key:alice, want 1 and 1 (the refused key records none)", in, out)
	}
}

// TestTrustProxy: behind a proxy the configuration trusts, a sign-in the
// proxy received over HTTPS gets Secure cookies and the audit record names
// the client the proxy forwarded for; without that trust the same headers,
// which any client could send, change nothing.
func TestTrustProxy(t *testing.T) {
	for _, trust := range []bool{false, true} {
		w := newWorld(t, func(c *web.Config) { c.TrustProxy = trust })
		c := w.client(t)
		c.header = http.Header{"X-Forwarded-Proto": {"https"}, "X-Forwarded-For": {"203.0.113.7"}}
		c.get("/signin")
		p := c.post("/signin", url.Values{"key": {w.secrets["alice"]}})
		c.wantRedirect(p, "/search")
		var session *http.Cookie
		for _, ck := range p.Cookies() {
			if ck.Name == "clearance_session" {
				session = ck
			}
		}
		if session == nil || session.Secure != trust {
			t.Errorf("trust proxy %v: session cookie %+v, want Secure=%v", trust, session, trust)
		}
		var addr string
		for r, err := range w.st.AuditRecords(t.Context(), clearance.AuditQuery{Action: clearance.AuditSignIn}) {
			if err != nil {
				t.Fatal(err)
			}
			var p struct {
				RemoteAddr string `json:"remote_addr"`
			}
			if err := json.Unmarshal(r.Payload, &p); err != nil {
				t.Fatal(err)
			}
			addr = p.RemoteAddr
		}
		if got := strings.Contains(addr, "203.0.113.7"); got != trust {
			t.Errorf("trust proxy %v: sign-in recorded from %q", trust, addr)
		}
	}
}

// TestSignInNext: sign-in goes back only to a page of this site.
func TestSignInNext(t *testing.T) {
	w := newWorld(t)
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "/signin?next=/x", ""} {
		c := w.client(t)
		c.get("/signin")
		c.wantRedirect(c.post("/signin", url.Values{"key": {w.secrets["alice"]}, "next": {next}}), "/search")
	}
}

// TestFormTokens: a POST without the page's form token, with another
// session's token or from another site changes nothing; nor does a sign-in
// without the sign-in form's token.
func TestFormTokens(t *testing.T) {
	w := newWorld(t)
	c := w.as(t, "alice")
	other := w.as(t, "bob")
	hik := w.hikCase(t)
	clear := url.Values{"reason": {"different_country"}}
	for _, token := range []string{"", "forged", other.csrf} {
		form := url.Values{"csrf": {token}, "name": {"Hikvision"}}
		c.want(c.post("/search", form), http.StatusForbidden, "This form has expired")
		clear.Set("csrf", token)
		c.want(c.post(casePath(hik.ID)+"/clear", clear), http.StatusForbidden, "This form has expired")
	}

	req, _ := http.NewRequest("POST", w.srv.URL+"/search", strings.NewReader("name=Hikvision&csrf="+url.QueryEscape(c.csrf)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := c.do(req); p.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST /search: status %d, want 403", p.StatusCode)
	}
	if n := countAudit(t, w, clearance.AuditScreen, "key:alice"); n != 0 {
		t.Errorf("refused searches left %d screening records", n)
	}
	if got := caseByID(t, w, hik.ID); got.Pending != nil || got.State != clearance.CaseOpen {
		t.Errorf("refused clearance changed case %d: %s", hik.ID, got.Status())
	}

	anon := w.client(t)
	p := anon.post("/signin", url.Values{"key": {w.secrets["alice"]}, "csrf": {"guess"}})
	anon.want(p, http.StatusForbidden, "This form has expired")
	if len(p.Cookies()) > 0 && p.Cookies()[0].Name == "clearance_session" {
		t.Error("a sign-in without the form's token started a session")
	}
}

// TestRoles: a screener neither reads nor acts on cases nor reads the
// audit log; an analyst cannot approve; an approver cannot approve the
// clearance they proposed (four-eyes).
func TestRoles(t *testing.T) {
	w := newWorld(t)
	hik := w.hikCase(t)
	caseURL := casePath(hik.ID)

	sam := w.as(t, "sam")
	p := sam.want(sam.get("/search"), http.StatusOK, "Order check", "Lists")
	if strings.Contains(p.body, `href="/cases"`) || strings.Contains(p.body, `href="/audit"`) {
		t.Error("a screener's navigation offers cases or the audit log")
	}
	sam.want(sam.get("/cases"), http.StatusForbidden, "role screener", "analyst or higher")
	sam.want(sam.get(caseURL), http.StatusForbidden, "role screener")
	sam.want(sam.get("/audit"), http.StatusForbidden, "role screener")
	sam.want(sam.post(caseURL+"/clear", url.Values{"reason": {"different_country"}}), http.StatusForbidden, "role screener")

	alice := w.as(t, "alice")
	alice.wantRedirect(alice.post(caseURL+"/clear", url.Values{"reason": {"different_country"}, "comment": {"checked"}}),
		caseURL+"?done=proposed")
	alice.want(alice.get(caseURL+"?done=proposed"), http.StatusOK, "Clearance proposed", "Awaiting second approval",
		"You proposed it, so another approver must approve it.")
	alice.want(alice.post(caseURL+"/approve", nil), http.StatusForbidden, "needs the approver role")

	bob := w.as(t, "bob")
	other := otherCase(t, w, hik.ID)
	otherURL := casePath(other.ID)
	bob.wantRedirect(bob.post(otherURL+"/clear", url.Values{"reason": {"name_only_similarity"}}), otherURL+"?done=proposed")
	bob.want(bob.post(otherURL+"/approve", nil), http.StatusForbidden, "cannot also approve it")
	if got := caseByID(t, w, hik.ID); got.State != clearance.CaseOpen || got.Pending == nil {
		t.Errorf("case %d after the refusals: %s, want open awaiting approval", hik.ID, got.Status())
	}
}

// TestFourEyes: an analyst's clearance of a high-score case waits for an
// approver, who sees the button and approves it.
func TestFourEyes(t *testing.T) {
	w := newWorld(t)
	hik := w.hikCase(t)
	caseURL := casePath(hik.ID)
	alice := w.as(t, "alice")
	alice.want(alice.get("/cases"), http.StatusOK, caseURL, hik.EntryName)
	alice.want(alice.get(caseURL), http.StatusOK, "Propose clearance", "clearing needs a second approver", "different_country")
	alice.want(alice.post(caseURL+"/clear", url.Values{"reason": {"nonsense"}}), http.StatusBadRequest, "reason &#34;nonsense&#34;")
	alice.post(caseURL+"/clear", url.Values{"reason": {"different_country"}, "comment": {"customer is in Germany"}})
	alice.want(alice.get("/cases?state=pending"), http.StatusOK, caseURL, "awaiting approval")

	bob := w.as(t, "bob")
	bob.want(bob.get(caseURL), http.StatusOK, "Awaiting second approval", "key:alice proposed clearing", "Approve clearance")
	bob.wantRedirect(bob.post(caseURL+"/approve", url.Values{"comment": {"agreed"}}), caseURL+"?done=approved")
	bob.want(bob.get(caseURL+"?done=approved"), http.StatusOK, "Clearance approved", "Cleared as a false positive", "approved by key:bob")
	got := caseByID(t, w, hik.ID)
	if got.State != clearance.CaseCleared || got.Resolution.By != "key:alice" || got.Resolution.ApprovedBy != "key:bob" {
		t.Errorf("case %d: %s by %+v, want cleared by key:alice approved by key:bob", hik.ID, got.Status(), got.Resolution)
	}
	bob.want(bob.post(caseURL+"/confirm", url.Values{"reason": {"confirmed_match"}}), http.StatusConflict, "was cleared by key:alice")
}

// TestRevokedKey: revoking a key ends its sessions.
func TestRevokedKey(t *testing.T) {
	w := newWorld(t)
	c := w.as(t, "alice")
	if _, err := w.st.RevokeKey(context.Background(), "alice", "test"); err != nil {
		t.Fatal(err)
	}
	w.keys.Forget()
	c.wantRedirect(c.get("/lists"), "/signin?ended=1&next=%2Flists")
	c.want(c.get("/signin?ended=1"), http.StatusOK, "Your session ended")
}

// TestSearchPage: a search shows the Entity List hit with its licence
// terms and explanation, and is recorded as by the key.
func TestSearchPage(t *testing.T) {
	w := newWorld(t)
	c := w.as(t, "sam")
	c.want(c.get("/search"), http.StatusOK, `id="name"`, "autofocus", `accesskey="s"`)
	c.want(c.post("/search", url.Values{"name": {"Hikvision"}, "country": {"CN"}}), http.StatusOK,
		"Hangzhou Hikvision Digital Technology Co., Ltd.", "Entity List (EL)", "Licence requirement:", "Review policy:",
		"Federal Register:", "84 FR 54002", "name score", "hikvision", "recorded in the audit log as key:sam")
	if n := countAudit(t, w, clearance.AuditScreen, "key:sam"); n != 1 {
		t.Errorf("%d screening records by key:sam, want 1", n)
	}
	c.want(c.post("/search", url.Values{"name": {"Hikvision"}, "country": {"Atlantis"}}), http.StatusBadRequest,
		html.EscapeString(`country "Atlantis" is not a recognised`))
	c.want(c.post("/search", url.Values{"name": {"Hikvision"}, "kind": {"robot"}}), http.StatusBadRequest, "choose person")
	c.want(c.post("/search", url.Values{"name": {"Zyxwvut Qqqq"}}), http.StatusOK, "No potential match")
}

// TestCasePages: the queue filters by state and assignee; the case page
// shows the hit, its explanation and history; assign and escalate work.
func TestCasePages(t *testing.T) {
	w := newWorld(t)
	hik := w.hikCase(t)
	caseURL := casePath(hik.ID)
	c := w.as(t, "alice")
	c.want(c.get("/cases"), http.StatusOK, caseURL, "counterparty C-HIK", "state-open")
	c.want(c.get("/cases?state=cleared"), http.StatusOK, "No case matches")
	c.want(c.get(caseURL), http.StatusOK, hik.EntryName, "Why it matched", "How the words lined up", "Licence requirement:",
		"History", "opened", "Clear as a false positive", "Confirm as a true match")
	c.wantRedirect(c.post(caseURL+"/assign", nil), caseURL+"?done=assigned")
	c.want(c.get("/cases?assignee=key%3Aalice"), http.StatusOK, caseURL)
	c.want(c.get("/cases?assignee=key%3Abob"), http.StatusOK, "No case matches")
	c.wantRedirect(c.post(caseURL+"/escalate", url.Values{"comment": {"unsure"}}), caseURL+"?done=escalated")
	c.want(c.get("/cases?state=escalated"), http.StatusOK, caseURL, "state-escalated")
	c.want(c.get("/cases/999999"), http.StatusNotFound)
	c.want(c.get("/cases/x"), http.StatusNotFound, "There is no case")
	c.want(c.post(caseURL+"/explode", nil), http.StatusNotFound, "There is no case action")
}

// TestOrderPage: a pasted order is decided with its reasons per party and
// item; a malformed one is refused with what is wrong.
func TestOrderPage(t *testing.T) {
	w := newWorld(t)
	c := w.as(t, "sam")
	c.want(c.get("/orders"), http.StatusOK, "PO-1001")
	doc := `{"id":"PO-7","date":"2019-10-15","destination":"CN",
		"parties":[{"role":"end_user","name":"` + hikvision + `","country":"CN"}],
		"items":[{"description":"image sensors","eccn":"EAR99","quantity":10,"unit":"pieces","value":1500}]}`
	c.want(c.post("/orders", url.Values{"order": {doc}}), http.StatusOK, "Order PO-7", "outcome-blocked", "presumption of denial",
		"Hangzhou Hikvision", "image sensors", "checked, not recorded")
	c.want(c.post("/orders", url.Values{"order": {`{"id":"PO-8","items":[]`}}), http.StatusBadRequest, "order: ")
	c.want(c.post("/orders", url.Values{"order": {`{"id":"PO-8","date":"2019-13-45","destination":"CN","parties":[],"items":[]}`}}),
		http.StatusBadRequest, "date")
	if _, err := w.st.Order(context.Background(), "PO-7"); clearance.KindOf(err) != clearance.NotFound {
		t.Errorf("a checked order was recorded: %v", err)
	}
}

// TestInternalErrorsHidden: an internal failure shows a reference, never
// its text.
func TestInternalErrorsHidden(t *testing.T) {
	w := newWorld(t)
	w.gateErr = errors.New("relation licence_lines_secret does not exist on db.internal:5432")
	c := w.as(t, "sam")
	doc := `{"id":"PO-7","date":"2019-10-15","destination":"CN","parties":[{"role":"end_user","name":"Acme","country":"DE"}],
		"items":[{"description":"x","eccn":"EAR99","quantity":1,"value":1}]}`
	p := c.want(c.post("/orders", url.Values{"order": {doc}}), http.StatusInternalServerError, "Something went wrong on our side", "reference")
	if strings.Contains(p.body, "licence_lines_secret") || strings.Contains(p.body, "db.internal") {
		t.Errorf("the error page shows internal error text:\n%s", p.body)
	}
}

// TestListsPages: the lists page shows each source's versions with the
// data's age; a version's page shows what the update changed.
func TestListsPages(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	var hikEntries []*clearance.Entry
	if _, err := w.st.Import(ctx, reimport(ctx, w.st, func(e *clearance.Entry) bool {
		if strings.Contains(e.Name, "Hikvision") {
			hikEntries = append(hikEntries, e)
			return false
		}
		return true
	})); err != nil {
		t.Fatal(err)
	}
	if len(hikEntries) == 0 {
		t.Fatal("the shipped CSL has no Hikvision entry")
	}
	c := w.as(t, "sam")
	c.want(c.get("/lists"), http.StatusOK, "us-csl", "Consolidated Screening List", "2022-04-21", "1370 days", "badge outcome-hold",
		`href="/lists/us-csl/2"`, "changes from version 1", `href="/lists/us-csl/1"`)
	c.want(c.get("/lists/us-csl/2"), http.StatusOK, "What changed in this update", fmt.Sprintf("<strong>%d</strong> removed", len(hikEntries)),
		"Removed (", hikEntries[0].Name)
	c.want(c.get("/lists/us-csl/1"), http.StatusOK, "The first version imported")
	c.want(c.get("/lists/us-csl/3"), http.StatusNotFound, "There is no version 3 of us-csl")
	c.want(c.get("/lists/nope/1"), http.StatusNotFound)
}

// reimport returns a request importing the active CSL version again with
// only the entries keep keeps.
func reimport(ctx context.Context, st clearance.ListStore, keep func(*clearance.Entry) bool) clearance.ImportRequest {
	return clearance.ImportRequest{Source: clearance.SourceUSCSL, Format: "csl", Files: []string{"filtered.csv"}, Hash: "filtered",
		Actor: "test", Parse: func(emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
			for e, err := range st.Entries(ctx, clearance.SourceUSCSL, 1) {
				if err != nil {
					return clearance.ParseResult{}, err
				}
				if keep(e) {
					if err := emit(e); err != nil {
						return clearance.ParseResult{}, err
					}
				}
			}
			return clearance.ParseResult{Source: clearance.SourceUSCSL, Published: "2022-06-01"}, nil
		}}
}

// TestAuditPage: the audit log shows records newest first, filters them,
// pages, and verifies the chain.
func TestAuditPage(t *testing.T) {
	w := newWorld(t)
	c := w.as(t, "alice")
	for _, name := range []string{"Hikvision", "Dahua", "Huawei"} {
		c.post("/search", url.Values{"name": {name}})
	}
	p := c.want(c.get("/audit"), http.StatusOK, "intact", "records verified", "key:alice", "Huawei", "list.import</span>")
	if strings.Index(p.body, "Huawei") > strings.Index(p.body, "Dahua") {
		t.Error("the audit log is not newest first")
	}
	p = c.want(c.get("/audit?action=screen&actor=key%3Aalice"), http.StatusOK, "Hikvision", "Dahua", "Huawei", "Clear filters")
	if strings.Contains(p.body, "list.import</span>") {
		t.Error("the action filter kept a list.import record")
	}
	c.want(c.get("/audit?actor=key%3Anobody"), http.StatusOK, "No record matches")
	c.want(c.get("/audit?from=2000-01-01&to=2000-01-02"), http.StatusOK, "No record matches")
	c.want(c.get("/audit?from=yesterday"), http.StatusBadRequest, "give a date as YYYY-MM-DD")
	c.wantRedirect(c.post("/audit/verify", nil), "/audit")
	p = c.want(c.get("/audit?before=3"), http.StatusOK, "list.import</span>")
	if strings.Contains(p.body, "Huawei") {
		t.Error("the page of records before 3 shows a later record")
	}
}

// TestStaticAndHeaders: assets need no session; pages forbid framing and
// caching.
func TestStaticAndHeaders(t *testing.T) {
	w := newWorld(t)
	c := w.client(t)
	p := c.want(c.get("/static/style.css"), http.StatusOK, ".badge")
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("style.css Content-Type %q", ct)
	}
	c.want(c.get("/static/app.js"), http.StatusOK, "data-slash-focus")
	c.signIn("alice")
	p = c.want(c.get("/lists"), http.StatusOK)
	for h, want := range map[string]string{"Cache-Control": "no-store", "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"} {
		if got := p.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	c.wantRedirect(c.get("/"), "/search")
	c.want(c.get("/no/such/page"), http.StatusNotFound, "There is no page /no/such/page.")
}

func countAudit(t *testing.T, w *world, action clearance.AuditAction, actor string) int {
	t.Helper()
	n := 0
	for r, err := range w.st.AuditRecords(context.Background(), clearance.AuditQuery{Action: action}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Actor == actor {
			n++
		}
	}
	return n
}

func caseByID(t *testing.T, w *world, id int64) *clearance.Case {
	t.Helper()
	c, err := w.st.Case(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// otherCase returns an open case other than id scoring at or above the
// approval threshold.
func otherCase(t *testing.T, w *world, id int64) clearance.Case {
	t.Helper()
	cs, err := w.st.Cases(context.Background(), clearance.CaseFilter{State: clearance.CaseOpen})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.ID != id && c.Score >= clearance.DefaultApprovalThreshold {
			return c
		}
	}
	t.Fatalf("no open case but %d scores %.2f or more", id, clearance.DefaultApprovalThreshold)
	return clearance.Case{}
}
