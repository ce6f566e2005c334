package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestReviewThresholdConfig: the review threshold defaults to 0.70 and is
// set by the file, then the environment.
func TestReviewThresholdConfig(t *testing.T) {
	t.Setenv("CLEARANCE_CONFIG", "")
	t.Setenv("CLEARANCE_REVIEW_THRESHOLD", "")
	t.Setenv("CLEARANCE_THRESHOLD", "")
	cfg, err := LoadConfig("", t.TempDir())
	if err != nil || cfg.Gate.ReviewThreshold != clearance.DefaultReviewThreshold || cfg.Match.Threshold != 0.80 {
		t.Fatalf("LoadConfig = %+v, %v; want review 0.70, hit 0.80", cfg.Gate, err)
	}
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, []byte(`{"gate": {"review_threshold": 0.6}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if cfg, err = LoadConfig(file, t.TempDir()); err != nil || cfg.Gate.ReviewThreshold != 0.6 {
		t.Errorf("review threshold from the file = %v, %v; want 0.6", cfg.Gate.ReviewThreshold, err)
	}
	t.Setenv("CLEARANCE_REVIEW_THRESHOLD", "0.75")
	if cfg, err = LoadConfig(file, t.TempDir()); err != nil || cfg.Gate.ReviewThreshold != 0.75 {
		t.Errorf("review threshold from the environment = %v, %v; want 0.75", cfg.Gate.ReviewThreshold, err)
	}
	for _, bad := range []string{"2", "-0.1", "high"} {
		t.Setenv("CLEARANCE_REVIEW_THRESHOLD", bad)
		if _, err := LoadConfig("", t.TempDir()); err == nil || !strings.Contains(err.Error(), "CLEARANCE_REVIEW_THRESHOLD") {
			t.Errorf("CLEARANCE_REVIEW_THRESHOLD=%s: LoadConfig error = %v", bad, err)
		}
	}
}
