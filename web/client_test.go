package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// client is a browser without JavaScript: it keeps cookies, does not
// follow redirects (the tests check them), and remembers the form token of
// the last page it read.
type client struct {
	t    *testing.T
	w    *world
	hc   *http.Client
	csrf string
	// header is sent with every request (a proxy's headers, say).
	header http.Header
}

func (w *world) client(t *testing.T) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &client{t: t, w: w, hc: hc}
}

// page is a response with its body read.
type page struct {
	*http.Response
	body string
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) do(req *http.Request) page {
	c.t.Helper()
	for k, v := range c.header {
		req.Header[k] = v
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if m := csrfInput.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return page{resp, string(b)}
}

func (c *client) get(path string) page {
	c.t.Helper()
	req, err := http.NewRequest("GET", c.w.srv.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// post sends a form with the remembered token, unless form sets its own.
func (c *client) post(path string, form url.Values) page {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	req, err := http.NewRequest("POST", c.w.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// signIn signs in with the named key and lands on the search page.
func (c *client) signIn(name string) {
	c.t.Helper()
	c.get("/signin")
	p := c.post("/signin", url.Values{"key": {c.w.secrets[name]}})
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "/search" {
		c.t.Fatalf("sign in as %s: %s to %q, want 303 to /search\n%s", name, p.Status, p.Header.Get("Location"), p.body)
	}
	c.want(c.get("/search"), http.StatusOK, name)
}

// as returns a client signed in with the named key.
func (w *world) as(t *testing.T, name string) *client {
	t.Helper()
	c := w.client(t)
	c.signIn(name)
	return c
}

// casePath is the path of a case's page.
func casePath(id int64) string { return "/cases/" + strconv.FormatInt(id, 10) }

// want checks a page's status and that its body holds each text.
func (c *client) want(p page, status int, texts ...string) page {
	c.t.Helper()
	if p.StatusCode != status {
		c.t.Errorf("%s %s: status %d, want %d\n%s", p.Request.Method, p.Request.URL.Path, p.StatusCode, status, p.body)
		return p
	}
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			c.t.Errorf("%s %s: the page lacks %q\n%s", p.Request.Method, p.Request.URL.Path, s, p.body)
		}
	}
	return p
}

// wantRedirect checks that a response redirects to target.
func (c *client) wantRedirect(p page, target string) {
	c.t.Helper()
	if p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != target {
		c.t.Errorf("%s %s: %s to %q, want 303 to %q", p.Request.Method, p.Request.URL, p.Status, p.Header.Get("Location"), target)
	}
}
