package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/httpapi"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/ownership"
)

// Config is Clearance's configuration. Values come, in order of precedence,
// from command-line flags, CLEARANCE_* environment variables, the JSON
// configuration file, and the defaults below. Nothing outside this file reads
// the environment.
type Config struct {
	// DataDir holds the SQLite database and downloaded list files.
	DataDir string `json:"data_dir"`
	// DB, when set, is the address of a PostgreSQL database
	// (postgres://... or postgresql://...) that holds the data instead of
	// the SQLite database in DataDir, shared by every instance using it.
	DB string `json:"db"`
	// Match holds the matching options; unset fields keep their defaults.
	Match match.Options `json:"match"`
	// Workers is the number of parallel screening workers in batch mode.
	Workers int `json:"workers"`
	// Actor names who runs the commands, in every audit record they write:
	// a person's login or a service account.
	Actor string `json:"actor"`
	// Retention says how long audit records are kept before `audit purge`
	// may delete them.
	Retention clearance.RetentionPolicy `json:"retention"`
	// Gate holds the licence gate's settings.
	Gate GateConfig `json:"gate"`
	// Review holds the case workflow's settings, Webhook the receiver of
	// events (see reviewconfig.go).
	Review  ReviewConfig  `json:"review"`
	Webhook WebhookConfig `json:"webhook"`
	// Ownership holds the ownership rules' settings.
	Ownership OwnershipConfig `json:"ownership"`
	// HTTP holds the server's settings (clearance serve).
	HTTP HTTPConfig `json:"http"`
}

// HTTPConfig holds the settings of `clearance serve`.
type HTTPConfig struct {
	// Addr is the address to listen on; $CLEARANCE_ADDR; default
	// 127.0.0.1:8080.
	Addr string `json:"addr"`
	// RateLimit is the requests per second each API key may make, with
	// bursts of RateBurst (default twice the limit).
	RateLimit float64 `json:"rate_limit"`
	RateBurst int     `json:"rate_burst"`
	// ShutdownSeconds is how long a shutdown waits for requests in flight.
	ShutdownSeconds int `json:"shutdown_seconds"`
	// TrustProxy says a reverse proxy terminating TLS stands in front and
	// its X-Forwarded-Proto and X-Forwarded-For headers are to be believed
	// (web UI cookies marked Secure, client addresses in the audit log).
	// Leave it off when clients reach the server directly: they could
	// forge the headers.
	TrustProxy bool `json:"trust_proxy"`
}

// OwnershipConfig holds the ownership rules' settings.
type OwnershipConfig struct {
	// Periods replaces the dated periods of the named rules ("ofac-50",
	// "ofac-ssi-50", "bis-affiliates"), for instance to extend the
	// Affiliates Rule's suspension; decisions then record a version of the
	// rules that says so.
	Periods map[string][]ownership.Period `json:"periods"`
}

// GateConfig holds the licence gate's settings. The hit threshold is the
// matching options' threshold.
type GateConfig struct {
	// ReviewThreshold is the score from which a hit below the hit
	// threshold is a possible match that holds an order for review.
	ReviewThreshold float64 `json:"review_threshold"`
}

// Flags are the command-line flags that override configuration.
type Flags struct {
	Config string // --config: the configuration file
	Data   string // --data
	DB     string // --db
	Actor  string // --actor
}

// LoadConfig builds the configuration from the file named by the --config
// flag (or $CLEARANCE_CONFIG; none is fine), the environment and the other
// flags.
func LoadConfig(flags Flags) (Config, error) {
	path := flags.Config
	cfg := Config{Match: match.DefaultOptions(), Workers: runtime.GOMAXPROCS(0), Retention: clearance.DefaultRetention(),
		Gate: GateConfig{ReviewThreshold: clearance.DefaultReviewThreshold}, Review: defaultReview(),
		HTTP: HTTPConfig{Addr: "127.0.0.1:8080", RateLimit: httpapi.DefaultRateLimit, ShutdownSeconds: 30}}
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
	if err := cfg.fromEnv(); err != nil {
		return cfg, err
	}
	for _, f := range []struct{ flag, field *string }{
		{&flags.Data, &cfg.DataDir}, {&flags.DB, &cfg.DB}, {&flags.Actor, &cfg.Actor},
	} {
		if *f.flag != "" {
			*f.field = *f.flag
		}
	}
	if cfg.Actor == "" {
		cfg.Actor = defaultActor()
	}
	if cfg.DataDir == "" {
		dir, err := defaultDataDir()
		if err != nil {
			return cfg, err
		}
		cfg.DataDir = dir
	}
	return cfg, cfg.check()
}

// fromEnv overrides the configuration with the CLEARANCE_* variables set.
func (cfg *Config) fromEnv() error {
	for _, v := range []struct {
		name  string
		field *string
	}{{"CLEARANCE_DATA", &cfg.DataDir}, {"CLEARANCE_DB", &cfg.DB}, {"CLEARANCE_ACTOR", &cfg.Actor}, {"CLEARANCE_ADDR", &cfg.HTTP.Addr}} {
		if s := os.Getenv(v.name); s != "" {
			*v.field = s
		}
	}
	if err := envFraction("CLEARANCE_THRESHOLD", &cfg.Match.Threshold); err != nil {
		return err
	}
	if err := envFraction("CLEARANCE_REVIEW_THRESHOLD", &cfg.Gate.ReviewThreshold); err != nil {
		return err
	}
	if err := cfg.loadReviewEnv(); err != nil {
		return err
	}
	if v := os.Getenv("CLEARANCE_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return clearance.Errorf(clearance.Invalid, "CLEARANCE_WORKERS=%q: want a positive whole number", v)
		}
		cfg.Workers = n
	}
	return nil
}

// check refuses values no command can work with.
func (cfg *Config) check() error {
	switch {
	case cfg.Match.Threshold < 0 || cfg.Match.Threshold > 1:
		return clearance.Errorf(clearance.Invalid, "match.threshold %v: want a number between 0 and 1", cfg.Match.Threshold)
	case cfg.Gate.ReviewThreshold < 0 || cfg.Gate.ReviewThreshold > 1:
		return clearance.Errorf(clearance.Invalid, "gate.review_threshold %v: want a number between 0 and 1", cfg.Gate.ReviewThreshold)
	case cfg.Retention.ExportYears < 1 || cfg.Retention.SanctionsYears < 1:
		return clearance.Errorf(clearance.Invalid, "retention %+v: want at least one year for each class", cfg.Retention)
	case cfg.HTTP.RateLimit <= 0 || cfg.HTTP.RateBurst < 0 || cfg.HTTP.ShutdownSeconds < 0:
		return clearance.Errorf(clearance.Invalid, "http %+v: want a positive rate_limit, and no negative rate_burst or shutdown_seconds", cfg.HTTP)
	case cfg.DB != "" && !isPostgresURL(cfg.DB):
		return clearance.Errorf(clearance.Invalid, "database address %q: want postgres://... or postgresql://...", redactURL(cfg.DB))
	}
	if _, err := ownership.Current.WithPeriods(cfg.Ownership.Periods); err != nil {
		return clearance.Errorf(clearance.Invalid, "configuration: %w", err)
	}
	return cfg.checkReview()
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

// defaultActor is the login of the user running the command.
func defaultActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "user:" + u.Username
	}
	if v := os.Getenv("USER"); v != "" {
		return "user:" + v
	}
	return "user:unknown"
}

// isPostgresURL reports whether addr names a PostgreSQL database.
func isPostgresURL(addr string) bool {
	return strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://")
}

// redactURL returns addr without a password, for messages.
func redactURL(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return "(unparsable address)"
	}
	return u.Redacted()
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
