package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests drive a real headless Chromium through the pages as an
// analyst would, and save a screenshot of each step. They are skipped
// where no Chromium is installed, unless CLEARANCE_REQUIRE_BROWSER=1 (as
// in CI) makes that a failure. CLEARANCE_ARTIFACTS names a directory to
// keep the screenshots in; by default they go to the test's temporary
// directory.

// browser starts a headless Chromium and returns a context driving a tab
// of it, and the directory for the test's screenshots.
func browser(t *testing.T) (context.Context, string) {
	t.Helper()
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		if os.Getenv("CLEARANCE_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found (apt-get install chromium), and CLEARANCE_REQUIRE_BROWSER=1 requires the browser tests")
		}
		t.Skip("no Chromium found (apt-get install chromium); set CLEARANCE_REQUIRE_BROWSER=1 to make this a failure")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-gpu", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)

	dir := os.Getenv("CLEARANCE_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else {
		dir = filepath.Join(dir, t.Name())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", dir)
	return ctx, dir
}

// run runs browser actions, failing the test with what was being done.
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// value runs one browser action returning a value.
func value[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// screenshot saves the whole page as dir/name.png.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png := value(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// focused returns the id of the element that has the focus.
func focused(t *testing.T, ctx context.Context) string {
	t.Helper()
	return value(t, ctx, "read the focus", chromedp.Evaluate[string](`document.activeElement.id`))
}

// signInAs signs in through the form the browser was sent to.
func signInAs(t *testing.T, ctx context.Context, w *world, name string) {
	t.Helper()
	run(t, ctx, "sign in as "+name,
		chromedp.WaitVisible(chromedp.CSS("#key")),
		chromedp.SendKeys(chromedp.CSS("#key"), w.secrets[name]),
		chromedp.Submit(chromedp.CSS("#key")),
		chromedp.WaitVisible(chromedp.CSS(".who .key")),
	)
}

// wantText fails unless the element's text holds each string.
func wantText(t *testing.T, ctx context.Context, sel string, texts ...string) {
	t.Helper()
	got := value(t, ctx, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
	for _, s := range texts {
		if !strings.Contains(got, s) {
			t.Errorf("%s lacks %q:\n%s", sel, s, got)
		}
	}
}

// TestBrowserSearch: sign in with a key, search Hikvision from the
// keyboard, and see the Entity List hit with its licence terms.
func TestBrowserSearch(t *testing.T) {
	ctx, dir := browser(t)
	w := newWorld(t)
	run(t, ctx, "open the search page", chromedp.Navigate(w.srv.URL+"/search"))
	screenshot(t, ctx, dir, "1-signin")
	signInAs(t, ctx, w, "alice")

	run(t, ctx, "wait for the search page", chromedp.WaitVisible(chromedp.CSS("#name")))
	if f := focused(t, ctx); f != "name" {
		t.Errorf("focus on load is on %q, want the search box", f)
	}
	run(t, ctx, "search Hikvision",
		chromedp.SendKeys(chromedp.CSS("#name"), "Hikvision"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("table.hits")))
	wantText(t, ctx, "table.hits", "Hangzhou Hikvision Digital Technology", "Entity List (EL)", "Licence requirement", "84 FR 54002")
	wantText(t, ctx, ".results .meta", "recorded in the audit log as key:alice")
	screenshot(t, ctx, dir, "2-search-hikvision")

	run(t, ctx, "press / to come back to the search box",
		chromedp.Click(chromedp.CSS("h1")),
		chromedp.KeyEvent("/"))
	if f := focused(t, ctx); f != "name" {
		t.Errorf("after /, the focus is on %q, want the search box", f)
	}
	if n := countAudit(t, w, "screen", "key:alice"); n != 1 {
		t.Errorf("%d screening records by key:alice, want 1", n)
	}
}

// TestBrowserFourEyes: an analyst clears a high-score case and sees it wait
// for a second approver; an approver, signed in with another key,
// approves it.
func TestBrowserFourEyes(t *testing.T) {
	ctx, dir := browser(t)
	w := newWorld(t)
	hik := w.hikCase(t)
	caseURL := casePath(hik.ID)

	run(t, ctx, "open the case queue", chromedp.Navigate(w.srv.URL+"/cases"))
	signInAs(t, ctx, w, "alice")
	run(t, ctx, "see the queue", chromedp.WaitVisible(chromedp.CSS("table.cases")))
	screenshot(t, ctx, dir, "1-queue")
	run(t, ctx, "open the Hikvision case from the queue",
		chromedp.Click(chromedp.CSS(`table.cases a[href="`+caseURL+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#clear-reason")))
	wantText(t, ctx, "main", "clearing needs a second approver", "Why it matched", hik.EntryName)
	screenshot(t, ctx, dir, "2-case-open")

	run(t, ctx, "propose the clearance",
		chromedp.SetValue(chromedp.CSS("#clear-reason"), "different_country"),
		chromedp.SendKeys(chromedp.CSS("#clear-comment"), "The customer is a German distributor; no link to Hangzhou."),
		chromedp.Click(chromedp.CSS(`form[action$="/clear"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".callout.pending")))
	wantText(t, ctx, ".callout.pending", "Awaiting second approval", "key:alice proposed clearing", "You proposed it")
	wantText(t, ctx, ".notice", "awaits a second approval")
	screenshot(t, ctx, dir, "3-awaiting-approval")

	run(t, ctx, "sign out",
		chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#key")),
		chromedp.Navigate(w.srv.URL+caseURL))
	signInAs(t, ctx, w, "bob")
	run(t, ctx, "see the approve button", chromedp.WaitVisible(chromedp.CSS("button.approve")))
	screenshot(t, ctx, dir, "4-approver-sees-pending")
	run(t, ctx, "approve",
		chromedp.SendKeys(chromedp.CSS("#approve-comment"), "Agreed: different country."),
		chromedp.Click(chromedp.CSS("button.approve")),
		chromedp.WaitVisible(chromedp.CSS(".callout.resolved")))
	wantText(t, ctx, ".callout.resolved", "Cleared as a false positive", "by key:alice", "approved by key:bob")
	wantText(t, ctx, "table.history", "clearance_proposed", "approved", "key:bob")
	screenshot(t, ctx, dir, "5-cleared")
	if got := caseByID(t, w, hik.ID); got.State != "cleared" || got.Resolution.ApprovedBy != "key:bob" {
		t.Errorf("case %d: %s, want cleared with key:bob's approval", hik.ID, got.Status())
	}
}

// TestBrowserPages: an order checked from the pasted document, the lists
// and the audit log, each as a person sees it.
func TestBrowserPages(t *testing.T) {
	ctx, dir := browser(t)
	w := newWorld(t)
	run(t, ctx, "open the order check", chromedp.Navigate(w.srv.URL+"/orders"))
	signInAs(t, ctx, w, "bob")
	doc := `{"id":"PO-7","date":"2019-10-15","destination":"CN",
  "parties":[{"role":"end_user","name":"` + hikvision + `","country":"CN"}],
  "items":[{"description":"image sensors","eccn":"EAR99","quantity":10,"unit":"pieces","value":1500}]}`
	run(t, ctx, "check an order",
		chromedp.SetValue(chromedp.CSS("#order"), doc),
		chromedp.Click(chromedp.CSS(`form.order button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("section.decision")))
	wantText(t, ctx, "section.decision", "Order PO-7", "blocked", "presumption of denial")
	screenshot(t, ctx, dir, "1-order-blocked")

	run(t, ctx, "open the lists", chromedp.Navigate(w.srv.URL+"/lists"), chromedp.WaitVisible(chromedp.CSS("table.lists")))
	wantText(t, ctx, "table.lists", "us-csl", "days")
	screenshot(t, ctx, dir, "2-lists")

	run(t, ctx, "open the audit log", chromedp.Navigate(w.srv.URL+"/audit"), chromedp.WaitVisible(chromedp.CSS("section.chain")))
	wantText(t, ctx, "section.chain", "intact")
	screenshot(t, ctx, dir, "3-audit")
}
