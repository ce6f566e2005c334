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
