package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/webhook"
)

// ReviewConfig holds the case workflow's settings.
type ReviewConfig struct {
	// ApprovalThreshold is the best score from which clearing a case needs
	// a second, different approver.
	ApprovalThreshold float64 `json:"approval_threshold"`
}

// WebhookConfig says where events are POSTed. With no URL, events are only
// logged.
type WebhookConfig struct {
	URL string `json:"url"`
	// Secret signs each body (HMAC-SHA256); required with a URL.
	Secret string `json:"secret"`
	// MaxAttempts bounds the POSTs of one event per command; Backoff is the
	// first wait between them, doubled each time up to MaxBackoff.
	MaxAttempts int      `json:"max_attempts"`
	Backoff     duration `json:"backoff"`
	MaxBackoff  duration `json:"max_backoff"`
	Timeout     duration `json:"timeout"`
	// Interval is how often `serve` delivers new events (default 5s);
	// $CLEARANCE_WEBHOOK_INTERVAL.
	Interval duration `json:"interval"`
}

func defaultReview() ReviewConfig {
	return ReviewConfig{ApprovalThreshold: clearance.DefaultApprovalThreshold}
}

// loadReviewEnv reads the CLEARANCE_* variables of review and webhooks.
func (cfg *Config) loadReviewEnv() error {
	if err := envFraction("CLEARANCE_APPROVAL_THRESHOLD", &cfg.Review.ApprovalThreshold); err != nil {
		return err
	}
	if v := os.Getenv("CLEARANCE_WEBHOOK_URL"); v != "" {
		cfg.Webhook.URL = v
	}
	if v := os.Getenv("CLEARANCE_WEBHOOK_SECRET"); v != "" {
		cfg.Webhook.Secret = v
	}
	if v := os.Getenv("CLEARANCE_WEBHOOK_MAX_ATTEMPTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return clearance.Errorf(clearance.Invalid, "CLEARANCE_WEBHOOK_MAX_ATTEMPTS=%q: want a positive whole number", v)
		}
		cfg.Webhook.MaxAttempts = n
	}
	if v := os.Getenv("CLEARANCE_WEBHOOK_BACKOFF"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return clearance.Errorf(clearance.Invalid, "CLEARANCE_WEBHOOK_BACKOFF=%q: want a duration such as 500ms or 2s", v)
		}
		cfg.Webhook.Backoff = duration(d)
	}
	if v := os.Getenv("CLEARANCE_WEBHOOK_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return clearance.Errorf(clearance.Invalid, "CLEARANCE_WEBHOOK_INTERVAL=%q: want a duration such as 500ms or 5s", v)
		}
		cfg.Webhook.Interval = duration(d)
	}
	return nil
}

// checkReview validates the review and webhook settings.
func (cfg *Config) checkReview() error {
	if t := cfg.Review.ApprovalThreshold; t < 0 || t > 1 {
		return clearance.Errorf(clearance.Invalid, "review.approval_threshold %v: want a number between 0 and 1", t)
	}
	w := cfg.Webhook
	if w.URL == "" {
		return nil
	}
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return clearance.Errorf(clearance.Invalid, "webhook URL %q: want an http or https URL", w.URL)
	}
	if w.Secret == "" {
		return clearance.Errorf(clearance.Invalid, "webhook URL %s has no secret to sign with: set CLEARANCE_WEBHOOK_SECRET or webhook.secret", w.URL)
	}
	if w.MaxAttempts < 0 || w.Backoff < 0 || w.MaxBackoff < 0 || w.Timeout < 0 || w.Interval < 0 {
		return clearance.Errorf(clearance.Invalid, "webhook: attempts, backoff, timeout and interval cannot be negative")
	}
	return nil
}

// notifier returns the webhook notifier of the configuration, or nil; it
// claims the receiver as this command's worker (App.worker).
func (a *App) notifier(st clearance.EventStore) *webhook.Notifier {
	w := a.cfg.Webhook
	if w.URL == "" {
		return nil
	}
	// Every deliverer claims the receiver first (see webhook.Notifier.Worker):
	// a command and a server, or two servers, never both send an event.
	n := &webhook.Notifier{URL: w.URL, Secret: []byte(w.Secret), Store: st, MaxAttempts: w.MaxAttempts,
		Backoff: time.Duration(w.Backoff), MaxBackoff: time.Duration(w.MaxBackoff), Worker: a.worker()}
	if w.Timeout > 0 {
		n.Client = &http.Client{Timeout: time.Duration(w.Timeout)}
	}
	return n
}

// duration is a time.Duration written in configuration files as "500ms".
type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = duration(v)
	return nil
}

func (d duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }
