package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeWebUI: `clearance serve` serves the web UI at / beside the JSON
// API's paths, and a key created on the command line signs in to it.
func TestServeWebUI(t *testing.T) {
	dir := cslData(t)
	out := mustRun(t, dir, "keys", "create", "--role", "analyst", "--name", "alice").stdout
	secret := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])

	addr := make(chan string, 1)
	serveListening = func(a string) { addr <- a }
	defer func() { serveListening = nil }()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"--data", dir, "serve", "--addr", "127.0.0.1:0"}, io.Discard, io.Discard)
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case code := <-done:
		t.Fatalf("serve exited %d before listening", code)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not listen within 30s")
	}
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d after its context ended", code)
		}
	}()

	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := hc.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, body := get("/healthz"); resp.StatusCode != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("GET /healthz: %d %s", resp.StatusCode, body)
	}
	if resp, _ := get("/openapi.yaml"); resp.StatusCode != 200 {
		t.Errorf("GET /openapi.yaml: %d", resp.StatusCode)
	}
	if resp, _ := get("/v1/screen"); resp.StatusCode == http.StatusSeeOther {
		t.Error("GET /v1/screen went to the web UI")
	}
	if resp, _ := get("/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/search" {
		t.Errorf("GET /: %d to %q, want 303 to /search", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := get("/signin")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("GET /signin: %d, no form token:\n%s", resp.StatusCode, body)
	}
	resp, err := hc.PostForm(base+"/signin", url.Values{"key": {secret}, "csrf": {m[1]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/search" {
		t.Fatalf("sign in: %d to %q, want 303 to /search", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, body := get("/lists"); resp.StatusCode != 200 || !strings.Contains(body, "us-csl") || !strings.Contains(body, "alice") {
		t.Errorf("GET /lists signed in: %d\n%s", resp.StatusCode, body)
	}
}
