package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// Config is Clearance's configuration. Values come, in order of precedence,
// from command-line flags, CLEARANCE_* environment variables, the JSON
// configuration file, and the defaults below. Nothing outside this file reads
// the environment.
type Config struct {
	// DataDir holds the database and downloaded list files.
	DataDir string `json:"data_dir"`
	// Match holds the matching options; unset fields keep their defaults.
	Match match.Options `json:"match"`
	// Workers is the number of parallel screening workers in batch mode.
	Workers int `json:"workers"`
	// Gate holds the licence gate's settings.
	Gate GateConfig `json:"gate"`
	// Review holds the case workflow's settings, Webhook the receiver of
	// events (see reviewconfig.go).
	Review  ReviewConfig  `json:"review"`
	Webhook WebhookConfig `json:"webhook"`
}

// GateConfig holds the licence gate's settings. The hit threshold is the
// matching options' threshold.
type GateConfig struct {
	// ReviewThreshold is the score from which a hit below the hit
	// threshold is a possible match that holds an order for review.
	ReviewThreshold float64 `json:"review_threshold"`
}

// LoadConfig builds the configuration from the file at path (or
// $CLEARANCE_CONFIG; none is fine), the environment and the --data flag.
func LoadConfig(path, dataFlag string) (Config, error) {
	cfg := Config{Match: match.DefaultOptions(), Workers: runtime.GOMAXPROCS(0),
		Gate: GateConfig{ReviewThreshold: clearance.DefaultReviewThreshold}, Review: defaultReview()}
	if path == "" {
		path = os.Getenv("CLEARANCE_CONFIG")
	}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return cfg, clearance.Errorf(clearance.Invalid, "read configuration: %w", err)
		}
		if err := json.Unmarshal(b, &cfg); err != nil {
			return cfg, clearance.Errorf(clearance.Invalid, "configuration file %s: %w", path, err)
		}
	}
	if v := os.Getenv("CLEARANCE_DATA"); v != "" {
		cfg.DataDir = v
	}
	if err := envFraction("CLEARANCE_THRESHOLD", &cfg.Match.Threshold); err != nil {
		return cfg, err
	}
	if err := envFraction("CLEARANCE_REVIEW_THRESHOLD", &cfg.Gate.ReviewThreshold); err != nil {
		return cfg, err
	}
	if err := cfg.loadReviewEnv(); err != nil {
		return cfg, err
	}
	if v := os.Getenv("CLEARANCE_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return cfg, clearance.Errorf(clearance.Invalid, "CLEARANCE_WORKERS=%q: want a positive whole number", v)
		}
		cfg.Workers = n
	}
	if dataFlag != "" {
		cfg.DataDir = dataFlag
	}
	if cfg.DataDir == "" {
		dir, err := defaultDataDir()
		if err != nil {
			return cfg, err
		}
		cfg.DataDir = dir
	}
	if cfg.Match.Threshold < 0 || cfg.Match.Threshold > 1 {
		return cfg, clearance.Errorf(clearance.Invalid, "match.threshold %v: want a number between 0 and 1", cfg.Match.Threshold)
	}
	if cfg.Gate.ReviewThreshold < 0 || cfg.Gate.ReviewThreshold > 1 {
		return cfg, clearance.Errorf(clearance.Invalid, "gate.review_threshold %v: want a number between 0 and 1", cfg.Gate.ReviewThreshold)
	}
	return cfg, cfg.checkReview()
}

// envFraction sets *dst from the environment variable name, when set, to a
// number between 0 and 1.
func envFraction(name string, dst *float64) error {
	v := os.Getenv(name)
	if v == "" {
		return nil
	}
	t, err := strconv.ParseFloat(v, 64)
	if err != nil || t < 0 || t > 1 {
		return clearance.Errorf(clearance.Invalid, "%s=%q: want a number between 0 and 1", name, v)
	}
	*dst = t
	return nil
}

// defaultDataDir is $XDG_DATA_HOME/clearance, ~/.local/share/clearance, or
// the platform's per-user application data directory.
func defaultDataDir() (string, error) {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "clearance"), nil
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "share", "clearance"), nil
		}
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no data directory: set --data or CLEARANCE_DATA (%w)", err)
	}
	return filepath.Join(dir, "clearance"), nil
}

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
