package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
)

// memStore is an EventStore in memory, as the contract describes it.
type memStore struct {
	mu         sync.Mutex
	events     []clearance.Event
	cursors    map[string]int64
	deliveries []clearance.Delivery
	claims     map[string]claim
}

type claim struct {
	worker string
	until  time.Time
}

func newMemStore(n int) *memStore {
	s := &memStore{cursors: map[string]int64{}, claims: map[string]claim{}}
	for i := 1; i <= n; i++ {
		s.add(i)
	}
	return s
}

func (s *memStore) add(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, clearance.Event{ID: int64(len(s.events) + 1), Type: clearance.EventCaseOpened,
		At: time.Date(2026, 3, 2, 0, 0, i, 0, time.UTC), Actor: "clearance", CaseID: int64(i), Message: fmt.Sprintf("case %d opened", i)})
}

func (s *memStore) Events(_ context.Context, f clearance.EventFilter) ([]clearance.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []clearance.Event
	for _, e := range s.events {
		if e.ID > f.After && (f.Limit == 0 || len(out) < f.Limit) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s *memStore) RegisterWebhook(_ context.Context, url string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cursors[url]; !ok {
		s.cursors[url] = 0 // the tests' receivers are there from the start
	}
	return nil
}

func (s *memStore) ClaimWebhook(_ context.Context, url, worker string, until time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.claims[url]; c.worker != "" && c.worker != worker && time.Now().Before(c.until) {
		return false, nil
	}
	s.claims[url] = claim{worker, until}
	return true, nil
}

func (s *memStore) ReleaseWebhook(_ context.Context, url, worker string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claims[url].worker == worker {
		delete(s.claims, url)
	}
	return nil
}

func (s *memStore) WebhookBacklog(ctx context.Context, url string, limit int) ([]clearance.Event, error) {
	s.mu.Lock()
	c, ok := s.cursors[url]
	s.mu.Unlock()
	if !ok {
		return nil, clearance.Errorf(clearance.NotFound, "not registered")
	}
	return s.Events(ctx, clearance.EventFilter{After: c, Limit: limit})
}

func (s *memStore) RecordDelivery(_ context.Context, d *clearance.Delivery) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d.ID = int64(len(s.deliveries) + 1)
	s.deliveries = append(s.deliveries, *d)
	if d.Done {
		s.cursors[d.URL] = max(s.cursors[d.URL], d.EventID)
	}
	return nil
}

func (s *memStore) Deliveries(_ context.Context, f clearance.DeliveryFilter) ([]clearance.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []clearance.Delivery
	for _, d := range s.deliveries {
		if f.EventID == 0 || d.EventID == f.EventID {
			out = append(out, d)
		}
	}
	return out, nil
}

var secret = []byte("s3cret")

// receiver records what it is sent and answers with status(n), n counting
// requests from 1.
type receiver struct {
	t      *testing.T
	mu     sync.Mutex
	got    []clearance.Event
	times  []time.Time
	status func(n int) int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.times = append(r.times, time.Now())
	if !Verify(secret, body, req.Header.Get(HeaderSignature)) {
		r.t.Errorf("request %d: signature %q does not verify", len(r.times), req.Header.Get(HeaderSignature))
	}
	var e clearance.Event
	if err := json.Unmarshal(body, &e); err != nil || req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
		r.t.Errorf("request %d: %s %s, body %q: %v", len(r.times), req.Method, req.Header.Get("Content-Type"), body, err)
	}
	if req.Header.Get(HeaderDelivery) != strconv.FormatInt(e.ID, 10) || req.Header.Get(HeaderEvent) != string(e.Type) {
		r.t.Errorf("request %d: headers %v do not name event %d", len(r.times), req.Header, e.ID)
	}
	w.WriteHeader(r.status(len(r.times)))
	if r.status(len(r.times)) < 300 {
		r.got = append(r.got, e)
	}
}

// serve starts a receiver answering with status and a store of n events.
func serve(t *testing.T, n int, status func(n int) int) (*receiver, *httptest.Server, *memStore) {
	r := &receiver{t: t, status: status}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv, newMemStore(n)
}

func notifier(url string, st clearance.EventStore) *Notifier {
	return &Notifier{URL: url, Secret: secret, Store: st, MaxAttempts: 3, Backoff: 20 * time.Millisecond}
}

func TestSign(t *testing.T) {
	// RFC 4231, test case 2.
	got := Sign([]byte("Jefe"), []byte("what do ya want for nothing?"))
	if want := "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	if !Verify([]byte("Jefe"), []byte("what do ya want for nothing?"), got) || Verify([]byte("jefe"), []byte("what do ya want for nothing?"), got) {
		t.Error("Verify does not tell the right key from a wrong one")
	}
}

// TestDeliverInOrder: every event is posted once, signed, in order; the
// next Deliver has nothing to send.
func TestDeliverInOrder(t *testing.T) {
	r, srv, st := serve(t, 5, func(int) int { return http.StatusNoContent })
	rep, err := notifier(srv.URL, st).Deliver(t.Context())
	if err != nil || rep.Delivered != 5 || rep.Attempts != 5 {
		t.Fatalf("Deliver = %+v, %v; want 5 delivered in 5 attempts", rep, err)
	}
	for i, e := range r.got {
		if e.ID != int64(i+1) || e.Message != fmt.Sprintf("case %d opened", i+1) {
			t.Errorf("event %d received = %+v", i, e)
		}
	}
	st.add(6)
	if rep, err := notifier(srv.URL, st).Deliver(t.Context()); err != nil || rep.Delivered != 1 || len(r.got) != 6 {
		t.Errorf("second Deliver = %+v, %v, received %d; want only the new event", rep, err, len(r.got))
	}
	for _, d := range st.deliveries {
		if !d.Done || d.Status != http.StatusNoContent || d.Error != "" || d.Attempt != 1 || d.Duration <= 0 {
			t.Errorf("delivery record = %+v", d)
		}
	}
}

// TestDeliverRetries: a receiver failing twice gets the event on the third
// attempt, after backoffs that double; each attempt is recorded.
func TestDeliverRetries(t *testing.T) {
	r, srv, st := serve(t, 2, func(n int) int {
		if n <= 2 {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	rep, err := notifier(srv.URL, st).Deliver(t.Context())
	if err != nil || rep.Delivered != 2 || rep.Attempts != 4 {
		t.Fatalf("Deliver = %+v, %v; want 2 delivered in 4 attempts", rep, err)
	}
	if gap1, gap2 := r.times[1].Sub(r.times[0]), r.times[2].Sub(r.times[1]); gap1 < 20*time.Millisecond || gap2 < 40*time.Millisecond {
		t.Errorf("waits between attempts %v, %v; want at least 20ms, then 40ms", gap1, gap2)
	}
	var statuses []int
	for _, d := range st.deliveries {
		statuses = append(statuses, d.Status)
		if (d.Status == 503) != (d.Error == "receiver answered 503 Service Unavailable") || (d.Status == 503) == d.Done {
			t.Errorf("delivery record = %+v", d)
		}
	}
	if fmt.Sprint(statuses) != "[503 503 200 200]" {
		t.Errorf("recorded statuses %v", statuses)
	}
}

// TestDeliverGivesUpForNow: a receiver that keeps failing stops the
// stream at its first event, with every attempt recorded; the next Deliver
// resumes from that event, numbering attempts on.
func TestDeliverGivesUpForNow(t *testing.T) {
	var down sync.Mutex
	failing := true
	_, srv, st := serve(t, 3, func(int) int {
		down.Lock()
		defer down.Unlock()
		if failing {
			return http.StatusBadGateway
		}
		return http.StatusOK
	})
	rep, err := notifier(srv.URL, st).Deliver(t.Context())
	if clearance.KindOf(err) != clearance.Unavailable || rep.Delivered != 0 || rep.Attempts != 3 {
		t.Fatalf("Deliver to a failing receiver = %+v, %v; want 3 attempts and an Unavailable error", rep, err)
	}
	down.Lock()
	failing = false
	down.Unlock()
	rep, err = notifier(srv.URL, st).Deliver(t.Context())
	if err != nil || rep.Delivered != 3 {
		t.Fatalf("Deliver once the receiver is back = %+v, %v", rep, err)
	}
	ds, _ := st.Deliveries(t.Context(), clearance.DeliveryFilter{EventID: 1})
	if len(ds) != 4 || ds[3].Attempt != 4 || !ds[3].Done {
		t.Errorf("attempts at event 1 = %+v; want 4, the last delivered", ds)
	}
}

// TestDeliverPermanentRefusal: a 4xx is not retried; the stream moves on.
func TestDeliverPermanentRefusal(t *testing.T) {
	_, srv, st := serve(t, 2, func(n int) int {
		if n == 1 {
			return http.StatusUnprocessableEntity
		}
		return http.StatusOK
	})
	rep, err := notifier(srv.URL, st).Deliver(t.Context())
	if err != nil || rep.GivenUp != 1 || rep.Delivered != 1 || rep.Attempts != 2 {
		t.Errorf("Deliver = %+v, %v; want event 1 given up at once and event 2 delivered", rep, err)
	}
}

// TestDeliverUnreachable: no connection is retried and recorded with no
// status; cancelling the context stops the backoff at once.
func TestDeliverUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	st := newMemStore(1)
	n := notifier(url, st)
	n.Backoff = time.Hour
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := n.Deliver(ctx)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("Deliver to a closed port = %v after %v; want an error as soon as the context ends", err, time.Since(start))
	}
	if len(st.deliveries) != 1 || st.deliveries[0].Status != 0 || st.deliveries[0].Error == "" || st.deliveries[0].Done {
		t.Errorf("deliveries = %+v; want one failed attempt with no status", st.deliveries)
	}
}

func TestBackoff(t *testing.T) {
	n := &Notifier{Backoff: time.Second, MaxBackoff: 5 * time.Second}
	var got []time.Duration
	for try := 1; try <= 5; try++ {
		got = append(got, n.backoff(try))
	}
	if fmt.Sprint(got) != "[1s 2s 4s 5s 5s]" {
		t.Errorf("backoffs = %v, want [1s 2s 4s 5s 5s]", got)
	}
}

// TestDeliverOneWorker: while another worker holds the URL's claim, Deliver
// sends nothing and says so; once the claim is freed, it delivers, and it
// frees its own claim at the end.
func TestDeliverOneWorker(t *testing.T) {
	r, srv, st := serve(t, 3, func(int) int { return http.StatusOK })
	if ok, _ := st.ClaimWebhook(t.Context(), srv.URL, "other", time.Now().Add(time.Minute)); !ok {
		t.Fatal("the first claim was refused")
	}
	n := notifier(srv.URL, st)
	n.Worker = "me"
	rep, err := n.Deliver(t.Context())
	if err != nil || !rep.Busy || rep.Attempts != 0 || len(r.got) != 0 {
		t.Fatalf("with the claim taken: %+v, %v, %d events received; want busy and nothing sent", rep, err, len(r.got))
	}
	st.ReleaseWebhook(t.Context(), srv.URL, "other")
	rep, err = n.Deliver(t.Context())
	if err != nil || rep.Busy || rep.Delivered != 3 || len(r.got) != 3 {
		t.Fatalf("with the claim free: %+v, %v, %d events received", rep, err, len(r.got))
	}
	if ok, _ := st.ClaimWebhook(t.Context(), srv.URL, "other", time.Now().Add(time.Minute)); !ok {
		t.Error("Deliver kept its claim after it finished")
	}
}
