package main

import (
	"context"
	"errors"
	"github.com/clearancehq/clearance/webhook"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/httpapi"
	"github.com/clearancehq/clearance/store/postgres"
)

// ServeCmd serves the HTTP API and the web UI.
type ServeCmd struct {
	Addr       string `name:"addr" help:"Address to listen on (default: $CLEARANCE_ADDR, else the configuration's http.addr, 127.0.0.1:8080)." placeholder:"HOST:PORT"`
	CPUProfile string `name:"cpuprofile" placeholder:"FILE" help:"Write a CPU profile of the server, from start to shutdown, to FILE."`
}

// serveListening, when set, is told the address the server listens on.
// Only tests set it (they listen on port 0).
var serveListening func(addr string)

// listPollInterval is how often a server checks the store for list
// versions imported by another process (PostgreSQL also notifies at once).
const listPollInterval = 2 * time.Second

// Run serves until the context ends (SIGINT, SIGTERM), then stops taking
// connections and finishes the requests in flight.
func (c *ServeCmd) Run(app *App) error {
	addr := app.cfg.HTTP.Addr
	if c.Addr != "" {
		addr = c.Addr
	}
	log := slog.New(slog.NewJSONHandler(app.stderr, nil))
	if c.CPUProfile != "" {
		stop, err := startCPUProfile(c.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	st, err := app.Store()
	if err != nil {
		return err
	}
	if err := app.recordConfig(st); err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	live := clearance.NewLiveScreener(nil)
	audit := &clearance.AuditWriter{Log: st}
	defer audit.Close()
	cfg := httpapi.Config{
		Store: st, Screener: live, Keys: &clearance.Keyring{Store: st}, Audit: audit, Options: app.cfg.Match,
		Gate: func(ctx context.Context, sc *clearance.Screener) (*clearance.Gatekeeper, error) {
			return app.gatekeeper(ctx, sc)
		},
		Import:          app.apiImport(live, log),
		ReviewThreshold: app.cfg.Gate.ReviewThreshold, Workers: app.cfg.Workers, Retention: app.cfg.Retention,
		Logger: log, Registry: reg, RateLimit: app.cfg.HTTP.RateLimit, RateBurst: app.cfg.HTTP.RateBurst,
	}
	if rs, ok := st.(clearance.ReviewStore); ok {
		cfg.ReviewStore = rs
		cfg.Review = &clearance.Review{Store: rs, ApprovalThreshold: app.cfg.Review.ApprovalThreshold}
	}
	if own, ok := st.(clearance.OwnershipStore); ok {
		cfg.Ownership = apiOwnership{app: app, st: own}
	}
	api, err := httpapi.New(cfg)
	if err != nil {
		return err
	}
	ui, err := webUI(cfg, app.cfg.HTTP.TrustProxy)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return clearance.Errorf(clearance.Invalid, "listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: withWebUI(api, ui), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("listening", slog.String("addr", "http://"+ln.Addr().String()), slog.String("store", app.storeName()))
	if serveListening != nil {
		serveListening(ln.Addr().String())
	}
	ctx, cancel := context.WithCancel(app.ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	go app.indexLists(ctx, log, live)
	if cfg.ReviewStore != nil {
		if n := app.notifier(cfg.ReviewStore); n != nil {
			go deliverEvents(ctx, log, n, time.Duration(app.cfg.Webhook.Interval))
		}
	}

	select {
	case err := <-served:
		return clearance.Errorf(clearance.Internal, "serve: %w", err)
	case <-app.ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	grace := time.Duration(app.cfg.HTTP.ShutdownSeconds) * time.Second
	sctx, scancel := context.WithTimeout(context.WithoutCancel(app.ctx), grace)
	defer scancel()
	if err := srv.Shutdown(sctx); err != nil {
		return clearance.Errorf(clearance.Unavailable, "shutdown: requests still running after %s: %w", grace, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return clearance.Errorf(clearance.Internal, "serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// indexLists loads the lists (importing the shipped snapshot on a first
// run), then keeps the screener in step with the store: on PostgreSQL's
// notification of an import by any instance, and by polling, which also
// catches imports into a shared SQLite file by another process.
func (a *App) indexLists(ctx context.Context, log *slog.Logger, live *clearance.LiveScreener) {
	start := time.Now()
	st, err := a.ReadyStore()
	if err == nil {
		_, err = live.Reload(ctx, st)
	}
	if err != nil {
		log.Error("indexing the lists failed; the server is not ready", slog.String("error", err.Error()))
		return
	}
	log.Info("ready", slog.Any("list_versions", live.Current().Versions()), slog.Duration("took", time.Since(start)))
	var notes <-chan postgres.ListImported
	pg, _ := st.(*postgres.Store)
	subscribe := func() {
		if pg == nil {
			return
		}
		ch, err := pg.Subscribe(ctx)
		if err != nil {
			log.Warn("cannot listen for list imports; polling only", slog.String("error", err.Error()))
			return
		}
		notes = ch
	}
	subscribe()
	tick := time.NewTicker(listPollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-notes:
			if !ok {
				notes = nil
				subscribe()
			}
		case <-tick.C:
		}
		swapped, err := live.Reload(ctx, st)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("reloading the lists failed; serving the previous versions", slog.String("error", err.Error()))
		case swapped:
			log.Info("lists reloaded", slog.Any("list_versions", live.Current().Versions()))
		}
	}
}

// deliverEvents sends the webhook receiver the events it has not had, now
// and then every interval (DefaultWebhookInterval when 0), until ctx ends.
// The notifier claims the receiver first, so that of several servers on
// one database one delivers at a time.
func deliverEvents(ctx context.Context, log *slog.Logger, n *webhook.Notifier, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultWebhookInterval
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		rep, err := n.Deliver(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Warn("webhook delivery stopped; retrying at the next interval", slog.String("url", n.URL), slog.String("error", err.Error()),
				slog.Int("delivered", rep.Delivered))
		case rep.Delivered+rep.GivenUp > 0:
			log.Info("webhook events delivered", slog.String("url", n.URL), slog.Int("delivered", rep.Delivered),
				slog.Int("given_up", rep.GivenUp), slog.Int("attempts", rep.Attempts))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// DefaultWebhookInterval is how often a server delivers new events to the
// webhook receiver.
const DefaultWebhookInterval = 5 * time.Second
