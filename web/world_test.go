package web_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/defaultdata"
	"github.com/clearancehq/clearance/gate"
	"github.com/clearancehq/clearance/lists/uscsl"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/store/sqlite"
	"github.com/clearancehq/clearance/store/storetest"
	"github.com/clearancehq/clearance/web"
)

// The world of the tests: a SQLite store holding the shipped CSL (with the
// Entity List), a registry whose Hikvision counterparty opened cases, and
// one key per role. It is built once per test binary and copied for each
// test (the import takes seconds).

const hikvision = "Hangzhou Hikvision Digital Technology Co., Ltd."

// The keys, by name: their roles are in keyRoles.
var keyRoles = map[string]clearance.Role{
	"sam": clearance.RoleScreener, "alice": clearance.RoleAnalyst,
	"bob": clearance.RoleApprover, "carol": clearance.RoleApprover,
}

var built struct {
	once    sync.Once
	dir     string
	secrets map[string]string
	sc      *clearance.Screener
	err     error
}

// world is one test's copy of the world, served by the web UI.
type world struct {
	st      *sqlite.Store
	keys    *clearance.Keyring
	srv     *httptest.Server
	secrets map[string]string
	gateErr error // when set, the gate fails with it
}

func newWorld(t *testing.T, configure ...func(*web.Config)) *world {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "clearance-web-test-"); built.err == nil {
			built.secrets, built.sc, built.err = build(built.dir)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	b, err := os.ReadFile(filepath.Join(built.dir, "clearance.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "clearance.db")
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{st: st, keys: &clearance.Keyring{Store: st}, secrets: built.secrets}
	audit := &clearance.AuditWriter{Log: st}
	t.Cleanup(audit.Close)
	cfg := web.Config{
		Store: st, ReviewStore: st, Review: &clearance.Review{Store: st},
		Screener: clearance.NewLiveScreener(built.sc), Keys: w.keys, Options: match.DefaultOptions(), Audit: audit,
		Gate: func(ctx context.Context, sc *clearance.Screener) (*clearance.Gatekeeper, error) {
			if w.gateErr != nil {
				return nil, w.gateErr
			}
			g, err := gate.New(gate.Current)
			if err != nil {
				return nil, err
			}
			return &clearance.Gatekeeper{Screener: sc, Decider: g, Store: st, Options: match.DefaultOptions(),
				ReviewThreshold: clearance.DefaultReviewThreshold}, nil
		},
		Now: func() time.Time { return time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC) },
	}
	for _, c := range configure {
		c(&cfg)
	}
	h, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(h)
	t.Cleanup(w.srv.Close)
	return w
}

// build makes the world in dir and returns the keys' secrets and a
// screener over the lists.
func build(dir string) (map[string]string, *clearance.Screener, error) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "clearance.db"))
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	if err := importCSL(ctx, st); err != nil {
		return nil, nil, err
	}
	secrets := map[string]string{}
	for name, role := range keyRoles {
		secret, k, err := clearance.NewKeySecret(name, role, "test")
		if err == nil {
			_, err = st.CreateKey(ctx, k)
		}
		if err != nil {
			return nil, nil, err
		}
		secrets[name] = secret
	}
	sc, err := clearance.LoadScreener(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	if _, err := st.UpsertCounterparties(ctx, []clearance.Counterparty{
		storetest.Counterparty("C-HIK", hikvision),
		storetest.Counterparty("C-DAHUA", "Zhejiang Dahua Technology Co., Ltd."),
		storetest.Counterparty("C-ACME", "Acme Optical Components Ltd"),
	}, "onboarding"); err != nil {
		return nil, nil, err
	}
	rs := &clearance.RegistryScreening{Store: st, Screener: sc, Options: match.DefaultOptions(),
		ReviewThreshold: clearance.DefaultReviewThreshold, Workers: 2}
	rep, err := rs.Run(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	if len(rep.Cases) == 0 {
		return nil, nil, fmt.Errorf("screening the registry opened no case")
	}
	return secrets, sc, nil
}

// importCSL imports the shipped Consolidated Screening List.
func importCSL(ctx context.Context, st clearance.ListStore) error {
	snap := defaultdata.Snapshots[0]
	if snap.Source != clearance.SourceUSCSL {
		return fmt.Errorf("the first shipped snapshot is %s, not the CSL", snap.Source)
	}
	p := snap.Paths[0]
	_, err := st.Import(ctx, clearance.ImportRequest{Source: snap.Source, Format: snap.Format, Files: []string{path.Base(p)},
		Hash: "shipped-" + snap.Published, Actor: "test",
		Parse: func(emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
			f, err := defaultdata.FS().Open(p)
			if err != nil {
				return clearance.ParseResult{}, err
			}
			defer f.Close()
			gz, err := gzip.NewReader(f)
			if err != nil {
				return clearance.ParseResult{}, err
			}
			res, err := uscsl.Format.Parse(ctx, []clearance.File{{Name: strings.TrimSuffix(path.Base(p), ".gz"), R: gz}}, emit)
			if res.Published == "" {
				res.Published = snap.Published
			}
			return res, err
		}})
	return err
}

// hikCase returns the Entity List case on the Hikvision counterparty: its
// score is above the approval threshold.
func (w *world) hikCase(t *testing.T) clearance.Case {
	t.Helper()
	cs, err := w.st.Cases(context.Background(), clearance.CaseFilter{CounterpartyID: "C-HIK"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.List == clearance.ListEntity && c.Score >= clearance.DefaultApprovalThreshold {
			return c
		}
	}
	t.Fatalf("no Entity List case scoring %.2f or more on C-HIK among %d cases", clearance.DefaultApprovalThreshold, len(cs))
	return clearance.Case{}
}
