package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/defaultdata"
	"github.com/clearancehq/clearance/store/postgres"
	"github.com/clearancehq/clearance/store/sqlite"
)

// App is what every command runs with: the configuration, the output
// streams, and the store, opened on first use.
type App struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	cfg    Config
	store  clearance.Store
	// mu guards screener, the full screener over the active lists, loaded
	// once and dropped by an import.
	mu       sync.Mutex
	screener *clearance.Screener
	// imports serialises list imports with the re-screening each starts,
	// for a server that takes imports while it loads the shipped lists.
	imports sync.Mutex
	// requestID identifies this run of the command in the audit records
	// it writes.
	requestID string
}

// newRequestID returns a random id for one run of a command.
func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return "cli-" + hex.EncodeToString(b[:])
}

// Close releases the store.
func (a *App) Close() {
	if a.store != nil {
		a.store.Close()
	}
}

// Store opens the database: the PostgreSQL one when configured, else the
// SQLite one in the data directory.
func (a *App) Store() (clearance.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	st, err := a.openStore()
	if err != nil {
		return nil, err
	}
	a.store = st
	if err := a.resume(); err != nil {
		return nil, err
	}
	return st, nil
}

func (a *App) openStore() (clearance.Store, error) {
	if a.cfg.DB != "" {
		return postgres.Open(a.ctx, a.cfg.DB)
	}
	if err := os.MkdirAll(a.cfg.DataDir, 0o750); err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "data directory: %w", err)
	}
	return sqlite.Open(a.ctx, filepath.Join(a.cfg.DataDir, "clearance.db"))
}

// storeName names the database for messages.
func (a *App) storeName() string {
	if a.cfg.DB != "" {
		return redactURL(a.cfg.DB)
	}
	return a.cfg.DataDir
}

// ReadyStore opens the store and, when no list has ever been imported into
// it, imports the shipped snapshot so that a fresh installation screens
// against real lists.
func (a *App) ReadyStore() (clearance.Store, error) {
	st, err := a.Store()
	if err != nil {
		return nil, err
	}
	if err := a.recordConfig(st); err != nil {
		return nil, err
	}
	versions, err := st.Versions(a.ctx, "")
	if err != nil {
		return nil, err
	}
	if len(versions) > 0 {
		return st, nil
	}
	a.imports.Lock()
	defer a.imports.Unlock()
	if versions, err = st.Versions(a.ctx, ""); err != nil || len(versions) > 0 {
		return st, err // another goroutine loaded them meanwhile
	}
	fmt.Fprintf(a.stderr, "First run: loading the shipped list snapshot into %s\n", a.storeName())
	for _, snap := range defaultdata.Snapshots {
		var ins []input
		for _, p := range snap.Paths {
			ins = append(ins, fsInput(defaultdata.FS(), p))
		}
		start := time.Now()
		res, err := a.importInputs(a.ctx, snap.Format, ins, snap.Published, "date of the shipped snapshot")
		if err != nil {
			return nil, fmt.Errorf("load shipped %s data: %w", snap.Source, err)
		}
		fmt.Fprintf(a.stderr, "  %-13s %6d entries  (data of %s)  %s\n", snap.Source, res.Version.Entries,
			res.Version.Published, time.Since(start).Round(time.Millisecond))
	}
	if err := a.monitor(a.stderr); err != nil {
		return nil, err
	}
	return st, nil
}

// importInputs imports one file set as a new version of its source, as
// done by the actor ctx names. When the files state no publication date,
// fallbackPublished (with its note) is recorded instead.
func (a *App) importInputs(ctx context.Context, format string, ins []input, fallbackPublished, fallbackNote string) (clearance.ImportResult, error) {
	f, ok := formats[format]
	if !ok {
		return clearance.ImportResult{}, clearance.Errorf(clearance.Invalid, "unknown format %q (known: %s)", format, formatNames())
	}
	source, err := detectSource(format, ins)
	if err != nil {
		return clearance.ImportResult{}, err
	}
	hash, err := hashInputs(ins)
	if err != nil {
		return clearance.ImportResult{}, err
	}
	st, err := a.Store()
	if err != nil {
		return clearance.ImportResult{}, err
	}
	names := make([]string, len(ins))
	for i, in := range ins {
		names[i] = filepath.Base(in.name)
	}
	actor, requestID := clearance.ActorFrom(ctx)
	req := clearance.ImportRequest{Source: source, Format: format, Files: names, Hash: hash,
		Actor: actor, RequestID: requestID,
		Parse: func(emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
			files := make([]clearance.File, 0, len(ins))
			for _, in := range ins {
				d, err := openDecoded(in)
				if err != nil {
					return clearance.ParseResult{}, err
				}
				defer d.Close()
				files = append(files, d.File)
			}
			res, err := f.Parse(ctx, files, emit)
			if err != nil {
				return res, err
			}
			if res.Source != source {
				return res, clearance.Errorf(clearance.Invalid, "files hold %s data, expected %s", res.Source, source)
			}
			if res.Published == "" && fallbackPublished != "" {
				res.Published, res.PublishedNote = fallbackPublished, fallbackNote
			}
			return res, nil
		}}
	res, err := st.Import(ctx, req)
	if err == nil && !res.Unchanged {
		a.mu.Lock()
		a.screener = nil
		a.mu.Unlock()
	}
	return res, err
}

// Screener loads the active lists into memory for screening, once.
func (a *App) Screener() (*clearance.Screener, error) {
	a.mu.Lock()
	s := a.screener
	a.mu.Unlock()
	if s != nil {
		return s, nil
	}
	st, err := a.ReadyStore()
	if err != nil {
		return nil, err
	}
	if s, err = loadScreener(a.ctx, st); err != nil {
		return nil, err
	}
	a.mu.Lock()
	a.screener = s
	a.mu.Unlock()
	return s, nil
}
