package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/httpapi"
)

// lockedBuffer is an output the server writes while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// served is a `clearance serve` running in the test's process.
type served struct {
	base   string
	key    string
	cancel context.CancelFunc
	code   chan int
	stderr *lockedBuffer
}

// startServe runs `clearance serve` on a free loopback port over dir with
// an admin key, and waits until it is ready.
func startServe(t *testing.T, dir string) *served {
	t.Helper()
	out := mustRun(t, dir, "keys", "create", "--role", "admin", "--name", "ops").stdout
	lines := strings.Split(strings.TrimSpace(out), "\n")
	s := &served{key: lines[len(lines)-1], code: make(chan int, 1), stderr: &lockedBuffer{}}
	addr := make(chan string, 1)
	serveListening = func(a string) { addr <- a }
	t.Cleanup(func() { serveListening = nil })
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		s.code <- Run(ctx, []string{"--data", dir, "serve", "--addr", "127.0.0.1:0"}, io.Discard, s.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.code:
		case <-time.After(time.Minute):
			t.Error("the server did not stop")
		}
	})
	select {
	case a := <-addr:
		s.base = "http://" + a
	case c := <-s.code:
		t.Fatalf("serve exited %d before listening:\n%s", c, s.stderr)
	case <-time.After(time.Minute):
		t.Fatalf("serve did not listen:\n%s", s.stderr)
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never became ready:\n%s", s.stderr)
		}
	}
	return s
}

// call sends a request with the admin key and decodes a JSON answer into
// out (when not nil); it returns the status.
func (s *served) call(t *testing.T, method, path, contentType string, body io.Reader, out any) int {
	t.Helper()
	status, b := s.send(t, method, path, contentType, body)
	if out != nil && status < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
	if status >= 300 {
		t.Logf("%s %s: %d %s", method, path, status, b)
	}
	return status
}

// send sends a request with the server's key and returns the status and
// the body.
func (s *served) send(t *testing.T, method, path, contentType string, body io.Reader) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.key)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// raw sends a request with a string body and decodes the response, of any
// status, into out.
func (s *served) raw(t *testing.T, method, path, contentType, body string, out any) int {
	t.Helper()
	status, b := s.send(t, method, path, contentType, strings.NewReader(body))
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s %s: %d %v\n%s", method, path, status, err, b)
	}
	return status
}

// TestServe: `clearance serve` on the shipped lists answers its
// operational endpoints, screens Hikvision to its Entity List entry with a
// key made by `keys create`, records the screening as the key's, imports a
// list update sent to it and serves the new version at once, and on
// cancellation finishes the request in flight before it stops.
func TestServe(t *testing.T) {
	dir := shippedData(t)
	s := startServe(t, dir)
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/openapi.yaml"} {
		resp, err := http.Get(s.base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
	}
	var sc clearance.Screening
	if code := s.call(t, "POST", "/v1/screen", "", strings.NewReader(`{"name":"Hikvision"}`), &sc); code != http.StatusOK {
		t.Fatalf("screen: %d", code)
	}
	el := findHit(sc, clearance.ListEntity)
	if el == nil || el.EntryName != "Hangzhou Hikvision Digital Technology Co., Ltd." || !strings.HasPrefix(el.LicenseRequirement, "For all items subject to the EAR") {
		t.Fatalf("screening Hikvision: no Entity List hit in %+v", sc.Hits)
	}
	var page struct {
		Items []clearance.AuditRecord `json:"items"`
	}
	s.call(t, "GET", "/v1/audit?action=screen&actor=key:ops", "", nil, &page)
	if len(page.Items) != 1 || page.Items[0].Subject != "Hikvision" || page.Items[0].RequestID == "" {
		t.Errorf("audit of the screening: %+v", page.Items)
	}

	// Ownership through the command line's rules.
	owners := "owner,owned,percent,as_of,source\n\"Hangzhou Hikvision Digital Technology Co., Ltd.\",Hik Optics Ltd,60,2020-01-01,registry\n"
	if code := s.call(t, "POST", "/v1/ownership", "text/csv", strings.NewReader(owners), nil); code != http.StatusOK {
		t.Errorf("ownership import: %d", code)
	}
	var rep clearance.OwnershipReport
	if code := s.call(t, "GET", "/v1/ownership/check?name=Hik+Optics+Ltd&as_of=2021-01-01", "", nil, &rep); code != http.StatusOK ||
		!rep.InData || len(rep.Findings) == 0 {
		t.Errorf("ownership check: %d %+v", code, rep)
	}
	// Edges naming a counterparty and an entry by id: an unknown id is
	// refused by line and field, known ones are judged as the counterparty.
	if code := s.call(t, "POST", "/v1/counterparties", "application/json", strings.NewReader(`[{"id":"CP-HO","name":"Hik Optics Trading Ltd","country":"CN"}]`), nil); code != http.StatusOK {
		t.Fatalf("counterparties upsert: %d", code)
	}
	refs := "owner,owned,percent,as_of,source\nentry:" + el.EntryID + ",counterparty:CP-HO,50,2020-01-01,registry\n"
	var problem httpapi.Problem
	if code := s.raw(t, "POST", "/v1/ownership", "text/csv", refs+"entry:"+el.EntryID+",counterparty:CP-404,50,2020-01-01,registry\n", &problem); code != http.StatusBadRequest ||
		len(problem.Errors) != 1 || problem.Errors[0].Field != "line 3 owned" || !strings.Contains(problem.Errors[0].Detail, `no counterparty has the id "CP-404"`) {
		t.Errorf("ownership import naming an unknown counterparty: %d %+v", code, problem)
	}
	if code := s.call(t, "POST", "/v1/ownership", "text/csv", strings.NewReader(refs), nil); code != http.StatusOK {
		t.Errorf("ownership import naming ids: %d", code)
	}
	rep = clearance.OwnershipReport{}
	if code := s.call(t, "GET", "/v1/ownership/check?name=counterparty:CP-HO&as_of=2026-11-30", "", nil, &rep); code != http.StatusOK ||
		!rep.Restricted || rep.Party != "Hik Optics Trading Ltd" || rep.CounterpartyID != "CP-HO" || len(rep.Chain) != 1 || rep.Chain[0].Owner != "entry:"+el.EntryID {
		t.Errorf("ownership check of a counterparty by id: %d %+v", code, rep)
	}

	// A list update without the 28 entries of 84 FR 54002, uploaded.
	before := filepath.Join(t.TempDir(), "consolidated.csv")
	writeCSLWithout(t, before, rule84FR54002(t))
	data, err := os.ReadFile(before)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "consolidated.csv")
	fw.Write(data)
	mw.Close()
	var imp struct {
		Version    clearance.Version      `json:"version"`
		Unchanged  bool                   `json:"unchanged"`
		Monitoring []clearance.MonitorRun `json:"monitoring"`
	}
	if code := s.call(t, "POST", "/v1/lists/us-csl/import", mw.FormDataContentType(), &buf, &imp); code != http.StatusOK {
		t.Fatalf("import: %d", code)
	}
	if imp.Unchanged || imp.Version.Number != 2 || imp.Version.Entries == 0 {
		t.Errorf("import result: %+v", imp)
	}
	sc = clearance.Screening{}
	s.call(t, "POST", "/v1/screen", "", strings.NewReader(`{"name":"Hikvision"}`), &sc)
	if el := findHit(sc, clearance.ListEntity); el != nil || !hasVersion(sc.Versions, clearance.SourceUSCSL, 2) {
		t.Errorf("after the import, screening Hikvision found %+v against %v", el, sc.Versions)
	}
	var d clearance.Delta
	s.call(t, "GET", "/v1/lists/us-csl/delta", "", nil, &d)
	if d.From != 1 || d.To != 2 || len(d.Removed) != 28 {
		t.Errorf("delta of the upload: v%d->v%d, %d removed", d.From, d.To, len(d.Removed))
	}
	s.call(t, "GET", "/v1/audit?action=list.import&actor=key:ops", "", nil, &page)
	if len(page.Items) != 1 || page.Items[0].Subject != string(clearance.SourceUSCSL) {
		t.Errorf("the upload's import record: %+v", page.Items)
	}

	// A request in flight when the server is told to stop: its body arrives
	// after the shutdown began, and it is still answered.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", s.base+"/v1/screen", pr)
	req.Header.Set("Authorization", "Bearer "+s.key)
	req.Header.Set("Content-Type", "application/json")
	type result struct {
		status int
		body   string
		err    error
	}
	answered := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answered <- result{status: resp.StatusCode, body: string(b)}
	}()
	fmt.Fprint(pw, `{"name":"Dahua`)
	time.Sleep(200 * time.Millisecond) // the handler is reading the body
	s.cancel()
	waitFor(t, s.stderr, "shutting down", time.Minute)
	fmt.Fprint(pw, ` Technology"}`)
	pw.Close()
	res := <-answered
	if res.err != nil || res.status != http.StatusOK || !strings.Contains(res.body, `"query":{"name":"Dahua Technology"}`) {
		t.Errorf("the request in flight: %+v", res)
	}
	select {
	case code := <-s.code:
		s.code <- code // for the cleanup
		if code != 0 || !strings.Contains(s.stderr.String(), `"msg":"stopped"`) {
			t.Errorf("serve exited %d:\n%s", code, s.stderr)
		}
	case <-time.After(time.Minute):
		t.Fatal("the server did not stop after the request in flight")
	}
}

// waitFor waits until the log holds want, up to limit.
func waitFor(t *testing.T, log *lockedBuffer, want string, limit time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(limit); !strings.Contains(log.String(), want); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", want, log)
		}
	}
}

func hasVersion(vs []clearance.VersionRef, src clearance.SourceID, n int) bool {
	for _, v := range vs {
		if v.Source == src && v.Version == n {
			return true
		}
	}
	return false
}
