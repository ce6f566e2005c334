// Package webhook delivers Clearance's event log to a receiver over HTTP:
// one POST per event, in the order of the log, its JSON body signed with
// HMAC-SHA256, retried with exponential backoff, every attempt recorded.
//
// Delivery is at least once: the store moves a URL's cursor past an event
// only once its delivery is recorded, so a process that dies between a
// receiver's answer and the record sends the event again. Receivers dedupe
// on the X-Clearance-Delivery header, the event's ID.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/clearancehq/clearance"
)

// Headers of each POST.
const (
	HeaderSignature = "X-Clearance-Signature" // "sha256=" and the hex HMAC-SHA256 of the body under the secret
	HeaderEvent     = "X-Clearance-Event"     // the event's type
	HeaderDelivery  = "X-Clearance-Delivery"  // the event's ID: the same for every attempt
	HeaderAttempt   = "X-Clearance-Attempt"   // 1, 2, 3...
)

// Defaults of a Notifier.
const (
	DefaultMaxAttempts = 5
	DefaultBackoff     = time.Second
	DefaultMaxBackoff  = 30 * time.Second
	DefaultTimeout     = 10 * time.Second
)

// Sign returns the signature header value of body under secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether header is body's signature under secret, in
// constant time. Receivers written in Go can use it.
func Verify(secret, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}

// Notifier delivers the events after a URL's cursor to that URL.
type Notifier struct {
	URL    string
	Secret []byte
	Store  clearance.EventStore
	// Client sends the requests; nil means a client with DefaultTimeout.
	Client *http.Client
	// MaxAttempts bounds the POSTs of one event in one Deliver; Backoff is
	// the wait before the second, doubled before each next one up to
	// MaxBackoff. Zero values take the defaults.
	MaxAttempts int
	Backoff     time.Duration
	MaxBackoff  time.Duration
	// Worker names this deliverer. With a name, Deliver first claims the
	// URL (EventStore.ClaimWebhook) for Lease (DefaultLease when 0),
	// renews the claim after each event and frees it at the end, and
	// delivers nothing while another worker holds it: two servers on one
	// database do not both POST an event. Lease must exceed the time one
	// event's attempts may take.
	Worker string
	Lease  time.Duration
}

// DefaultLease is how long a claim on a URL lasts unless renewed: more
// than the default attempts at one event take (5 POSTs of at most 10 s,
// with 1+2+4+8 s between them).
const DefaultLease = 5 * time.Minute

// Report says what one Deliver did.
type Report struct {
	Delivered int // events the receiver accepted
	GivenUp   int // events refused with a status no retry can change
	Attempts  int
	// Busy says another worker held the claim on the URL: nothing was sent.
	Busy bool
}

// Deliver sends every event after the URL's cursor, oldest first. An event
// is delivered by a 2xx answer. A 4xx answer other than 408 and 429 will
// not change on retry, so the event is given up on and the stream moves on.
// Anything else (a 5xx, a timeout, no connection) is retried after a
// backoff; when MaxAttempts run out, Deliver stops there, so that events
// stay in order, and returns an Unavailable error: the next Deliver starts
// again from that event. Every attempt is recorded in the store.
func (n *Notifier) Deliver(ctx context.Context) (Report, error) {
	var rep Report
	if err := n.Store.RegisterWebhook(ctx, n.URL); err != nil {
		return rep, err
	}
	if n.Worker != "" {
		ok, err := n.claim(ctx)
		if err != nil || !ok {
			rep.Busy = err == nil
			return rep, err
		}
		defer n.Store.ReleaseWebhook(context.WithoutCancel(ctx), n.URL, n.Worker)
	}
	for {
		backlog, err := n.Store.WebhookBacklog(ctx, n.URL, 100)
		if err != nil || len(backlog) == 0 {
			return rep, err
		}
		for i := range backlog {
			if n.Worker != "" && rep.Attempts > 0 {
				// Renewed before each event: the claim outlasts its attempts.
				if ok, err := n.claim(ctx); err != nil || !ok {
					rep.Busy = err == nil
					return rep, err
				}
			}
			done, err := n.deliver(ctx, &backlog[i], &rep)
			if err != nil {
				return rep, err
			}
			if !done {
				return rep, clearance.Errorf(clearance.Unavailable, "webhook %s: event %d not delivered after %d attempts; it will be sent again next time",
					n.URL, backlog[i].ID, n.maxAttempts())
			}
		}
	}
}

// claim claims or renews the URL for Worker.
func (n *Notifier) claim(ctx context.Context) (bool, error) {
	lease := n.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	return n.Store.ClaimWebhook(ctx, n.URL, n.Worker, time.Now().Add(lease))
}

// deliver makes up to MaxAttempts attempts at one event and reports
// whether the event is done with.
func (n *Notifier) deliver(ctx context.Context, e *clearance.Event, rep *Report) (bool, error) {
	body, err := json.Marshal(e)
	if err != nil {
		return false, clearance.Errorf(clearance.Internal, "webhook: encode event %d: %w", e.ID, err)
	}
	prior, err := n.Store.Deliveries(ctx, clearance.DeliveryFilter{EventID: e.ID})
	if err != nil {
		return false, err
	}
	attempt := 0
	for _, d := range prior {
		if d.URL == n.URL {
			attempt = max(attempt, d.Attempt)
		}
	}
	for try := 0; try < n.maxAttempts(); try++ {
		if try > 0 {
			if err := sleep(ctx, n.backoff(try)); err != nil {
				return false, err
			}
		}
		attempt++
		d := n.post(ctx, e, body, attempt)
		rep.Attempts++
		// The attempt happened: record it even when ctx has just ended.
		if err := n.Store.RecordDelivery(context.WithoutCancel(ctx), d); err != nil {
			return false, err
		}
		switch {
		case d.Delivered():
			rep.Delivered++
			return true, nil
		case d.Done:
			rep.GivenUp++
			return true, nil
		case ctx.Err() != nil:
			return false, ctx.Err()
		}
	}
	return false, nil
}

// post makes one attempt and returns its record.
func (n *Notifier) post(ctx context.Context, e *clearance.Event, body []byte, attempt int) *clearance.Delivery {
	d := &clearance.Delivery{URL: n.URL, EventID: e.ID, Attempt: attempt, At: time.Now().UTC().Truncate(time.Microsecond)}
	start := time.Now()
	defer func() { d.Duration = time.Since(start) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.URL, bytes.NewReader(body))
	if err != nil {
		d.Error, d.Done = err.Error(), true // a URL that cannot be requested will not become one
		return d
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "clearance-webhook")
	req.Header.Set(HeaderSignature, Sign(n.Secret, body))
	req.Header.Set(HeaderEvent, string(e.Type))
	req.Header.Set(HeaderDelivery, strconv.FormatInt(e.ID, 10))
	req.Header.Set(HeaderAttempt, strconv.Itoa(attempt))
	resp, err := n.client().Do(req)
	if err != nil {
		d.Error = err.Error()
		return d
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	d.Status = resp.StatusCode
	if d.Delivered() {
		d.Done = true
		return d
	}
	d.Error = "receiver answered " + resp.Status
	d.Done = permanent(resp.StatusCode)
	return d
}

// permanent reports whether a status will not change on retry.
func permanent(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
}

func (n *Notifier) client() *http.Client {
	if n.Client != nil {
		return n.Client
	}
	return &http.Client{Timeout: DefaultTimeout}
}

func (n *Notifier) maxAttempts() int {
	if n.MaxAttempts > 0 {
		return n.MaxAttempts
	}
	return DefaultMaxAttempts
}

// backoff is the wait before retry number try (1, 2...).
func (n *Notifier) backoff(try int) time.Duration {
	b, limit := n.Backoff, n.MaxBackoff
	if b <= 0 {
		b = DefaultBackoff
	}
	if limit <= 0 {
		limit = DefaultMaxBackoff
	}
	for i := 1; i < try && b < limit; i++ {
		b *= 2
	}
	return min(b, limit)
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("webhook: %w", ctx.Err())
	}
}
