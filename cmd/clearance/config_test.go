package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestConfigDB checks where the database address comes from: the --db flag
// over CLEARANCE_DB over the file, and that only PostgreSQL addresses pass.
func TestConfigDB(t *testing.T) {
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, []byte(`{"db": "postgres://file/db"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		env   string
		flags Flags
		want  string
	}{
		{"default", "", Flags{Data: "d"}, ""},
		{"file", "", Flags{Config: file, Data: "d"}, "postgres://file/db"},
		{"env over file", "postgresql://env/db", Flags{Config: file, Data: "d"}, "postgresql://env/db"},
		{"flag over env", "postgresql://env/db", Flags{Config: file, Data: "d", DB: "postgres://flag/db"}, "postgres://flag/db"},
	}
	for _, tt := range tests {
		t.Setenv("CLEARANCE_DB", tt.env)
		t.Setenv("CLEARANCE_CONFIG", "")
		cfg, err := LoadConfig(tt.flags)
		if err != nil || cfg.DB != tt.want {
			t.Errorf("%s: LoadConfig = DB %q, %v, want %q", tt.name, cfg.DB, err, tt.want)
		}
	}
	t.Setenv("CLEARANCE_DB", "mysql://user:secret@host/db")
	_, err := LoadConfig(Flags{Data: "d"})
	if clearance.KindOf(err) != clearance.Invalid || err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("LoadConfig(mysql://) = %v, want an Invalid error without the password", err)
	}
}

// TestReviewThresholdConfig: the review threshold defaults to 0.70 and is
// set by the file, then the environment.
func TestReviewThresholdConfig(t *testing.T) {
	t.Setenv("CLEARANCE_CONFIG", "")
	t.Setenv("CLEARANCE_REVIEW_THRESHOLD", "")
	t.Setenv("CLEARANCE_THRESHOLD", "")
	cfg, err := LoadConfig(Flags{Data: t.TempDir()})
	if err != nil || cfg.Gate.ReviewThreshold != clearance.DefaultReviewThreshold || cfg.Match.Threshold != 0.80 {
		t.Fatalf("LoadConfig = %+v, %v; want review 0.70, hit 0.80", cfg.Gate, err)
	}
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, []byte(`{"gate": {"review_threshold": 0.6}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if cfg, err = LoadConfig(Flags{Config: file, Data: t.TempDir()}); err != nil || cfg.Gate.ReviewThreshold != 0.6 {
		t.Errorf("review threshold from the file = %v, %v; want 0.6", cfg.Gate.ReviewThreshold, err)
	}
	t.Setenv("CLEARANCE_REVIEW_THRESHOLD", "0.75")
	if cfg, err = LoadConfig(Flags{Config: file, Data: t.TempDir()}); err != nil || cfg.Gate.ReviewThreshold != 0.75 {
		t.Errorf("review threshold from the environment = %v, %v; want 0.75", cfg.Gate.ReviewThreshold, err)
	}
	for _, bad := range []string{"2", "-0.1", "high"} {
		t.Setenv("CLEARANCE_REVIEW_THRESHOLD", bad)
		if _, err := LoadConfig(Flags{Data: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "CLEARANCE_REVIEW_THRESHOLD") {
			t.Errorf("CLEARANCE_REVIEW_THRESHOLD=%s: LoadConfig error = %v", bad, err)
		}
	}
}

// TestReviewConfig: the approval threshold and the webhook come from the
// file, then the environment; a webhook needs an http(s) URL and a secret.
func TestReviewConfig(t *testing.T) {
	for _, k := range []string{"CLEARANCE_CONFIG", "CLEARANCE_APPROVAL_THRESHOLD", "CLEARANCE_WEBHOOK_URL", "CLEARANCE_WEBHOOK_SECRET",
		"CLEARANCE_WEBHOOK_MAX_ATTEMPTS", "CLEARANCE_WEBHOOK_BACKOFF"} {
		t.Setenv(k, "")
	}
	cfg, err := LoadConfig(Flags{Data: t.TempDir()})
	if err != nil || cfg.Review.ApprovalThreshold != clearance.DefaultApprovalThreshold || cfg.Webhook.URL != "" || (&App{cfg: cfg}).notifier(nil) != nil {
		t.Fatalf("defaults = %+v, %+v, %v", cfg.Review, cfg.Webhook, err)
	}
	file := filepath.Join(t.TempDir(), "config.json")
	doc := `{"review": {"approval_threshold": 0.95}, "webhook": {"url": "http://127.0.0.1:8080/hook", "secret": "f", "backoff": "250ms", "max_attempts": 3}}`
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err = LoadConfig(Flags{Config: file, Data: t.TempDir()})
	if n := (&App{cfg: cfg}).notifier(nil); err != nil || cfg.Review.ApprovalThreshold != 0.95 || n == nil || n.Backoff.String() != "250ms" || n.MaxAttempts != 3 || string(n.Secret) != "f" {
		t.Errorf("from the file: %+v, %+v, %v", cfg.Review, cfg.Webhook, err)
	}
	t.Setenv("CLEARANCE_WEBHOOK_URL", "https://erp.example/hooks/clearance")
	t.Setenv("CLEARANCE_WEBHOOK_SECRET", "from-env")
	t.Setenv("CLEARANCE_APPROVAL_THRESHOLD", "0.85")
	cfg, err = LoadConfig(Flags{Config: file, Data: t.TempDir()})
	if err != nil || cfg.Webhook.URL != "https://erp.example/hooks/clearance" || cfg.Webhook.Secret != "from-env" || cfg.Review.ApprovalThreshold != 0.85 {
		t.Errorf("from the environment: %+v, %+v, %v", cfg.Review, cfg.Webhook, err)
	}
	for _, bad := range []struct{ k, v, want string }{
		{"CLEARANCE_WEBHOOK_URL", "ftp://x/y", "http or https"},
		{"CLEARANCE_APPROVAL_THRESHOLD", "1.5", "CLEARANCE_APPROVAL_THRESHOLD"},
		{"CLEARANCE_WEBHOOK_BACKOFF", "soon", "CLEARANCE_WEBHOOK_BACKOFF"},
		{"CLEARANCE_WEBHOOK_MAX_ATTEMPTS", "0", "CLEARANCE_WEBHOOK_MAX_ATTEMPTS"},
	} {
		t.Run(bad.k, func(t *testing.T) {
			t.Setenv(bad.k, bad.v)
			if _, err := LoadConfig(Flags{Config: file, Data: t.TempDir()}); err == nil || !strings.Contains(err.Error(), bad.want) {
				t.Errorf("%s=%s: %v", bad.k, bad.v, err)
			}
		})
	}
	t.Setenv("CLEARANCE_WEBHOOK_SECRET", "")
	if _, err := LoadConfig(Flags{Data: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no secret") {
		t.Errorf("a webhook URL without a secret: %v", err)
	}
}
