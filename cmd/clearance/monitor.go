package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/clearancehq/clearance"
)

// reviewStore returns the store as the review commands use it: the
// counterparty registry, cases, events, monitoring and shipments, which
// both stores keep.
func (a *App) reviewStore() (clearance.ReviewStore, error) {
	st, err := a.Store()
	if err != nil {
		return nil, err
	}
	rs, ok := st.(clearance.ReviewStore)
	if !ok {
		return nil, clearance.Errorf(clearance.Internal, "the store %s keeps no counterparties, cases, events or monitoring", a.storeName())
	}
	return rs, nil
}

// afterMonitorBatch, when set, is called after each batch a monitoring run
// commits. Only tests set it: to kill the process half-way through a run.
var afterMonitorBatch func(*clearance.MonitorRun)

// resume runs when the store opens: it registers the webhook receiver, so
// that it gets every event from now on, and finishes a re-screen that a
// process did not finish, reporting on stderr (stdout may be JSON).
func (a *App) resume() error {
	st, err := a.reviewStore()
	if err != nil {
		return err
	}
	if a.cfg.Webhook.URL != "" {
		if err := st.RegisterWebhook(a.ctx, a.cfg.Webhook.URL); err != nil {
			return err
		}
	}
	run, err := st.UnfinishedMonitorRun(a.ctx)
	if err != nil {
		return err
	}
	if run != nil {
		if !run.Claimed(a.worker(), time.Now()) || deadWorker(run.Worker) {
			fmt.Fprintf(a.stderr, "Finishing the re-screen after %s that was interrupted (%d counterparties done)...\n",
				clearance.DescribeSpans(run.Spans), run.Stats.Counterparties)
		}
		return a.monitor(a.stderr)
	}
	lag, err := st.MonitorLag(a.ctx)
	if err != nil || len(lag) == 0 {
		return err
	}
	fmt.Fprintf(a.stderr, "Re-screening after %s, which no run has gone through...\n", clearance.DescribeSpans(lag))
	return a.monitor(a.stderr)
}

// monitor re-screens the registry and the open orders against every list
// version monitoring has not been through, and writes what it did to w.
func (a *App) monitor(w io.Writer) error {
	runs, err := a.monitorWith(a.ctx, func(context.Context) (*clearance.Screener, error) { return a.Screener() })
	for _, r := range runs {
		printRunSummary(w, &r)
	}
	if err != nil {
		return fmt.Errorf("re-screening after the list update failed; the next command finishes it: %w", err)
	}
	return nil
}

// monitorWith runs monitoring with the full screener screener returns
// (a server's live one), and returns the runs it made.
func (a *App) monitorWith(ctx context.Context, screener func(context.Context) (*clearance.Screener, error)) ([]clearance.MonitorRun, error) {
	st, err := a.reviewStore()
	if err != nil {
		return nil, err
	}
	m := &clearance.Monitor{Store: st, Options: a.cfg.Match, ReviewThreshold: a.cfg.Gate.ReviewThreshold,
		Workers: a.cfg.Workers, AfterBatch: afterMonitorBatch, Screener: screener,
		Worker: a.worker(), Dead: deadWorker, Busy: func(run *clearance.MonitorRun) {
			fmt.Fprintf(a.stderr, "The re-screen after %s is being done by %s (claimed until %s); it is left to it.\n",
				clearance.DescribeSpans(run.Spans), run.Worker, run.ClaimedUntil.Local().Format("15:04:05"))
		},
		Gatekeeper: func(ctx context.Context) (*clearance.Gatekeeper, error) {
			sc, err := screener(ctx)
			if err != nil {
				return nil, err
			}
			return a.gatekeeper(ctx, sc)
		}}
	return m.Run(ctx)
}

// worker names this run of the command in claims on monitoring runs:
// host, process id and the request id, so that deadWorker can tell a
// process that died on this host.
func (a *App) worker() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), a.requestID)
}

// deadWorker reports whether a worker named by App.worker ran on this host
// in a process that is gone. A worker elsewhere, or of this process (whose
// other commands may still run), is not known to be dead: its claim lapses
// in time.
func deadWorker(worker string) bool {
	parts := strings.Split(worker, "/")
	if len(parts) != 3 {
		return false
	}
	host, _ := os.Hostname()
	pid, err := strconv.Atoi(parts[1])
	if parts[0] != host || err != nil || pid <= 0 || pid == os.Getpid() {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return true
	}
	return errors.Is(p.Signal(syscall.Signal(0)), os.ErrProcessDone)
}

func printRunSummary(w io.Writer, r *clearance.MonitorRun) {
	s := r.Stats
	if s.Counterparties == 0 && s.Orders == 0 {
		fmt.Fprintf(w, "Monitoring %s: no counterparty or open order to re-screen.\n", clearance.DescribeSpans(r.Spans))
		return
	}
	fmt.Fprintf(w, "Monitoring %s (%d added, %d changed): re-screened %d counterparties and %d open orders; %d cases opened, %d hits covered by cleared cases, %d orders moved to hold or blocked.\n",
		clearance.DescribeSpans(r.Spans), s.Added, s.Changed, s.Counterparties, s.Orders, s.CasesOpened, s.Suppressed, s.OrdersMoved)
	if s.CasesOpened > 0 {
		fmt.Fprintln(w, "Review them: clearance cases list --state open")
	}
}

// notify delivers the events the webhook receiver has not had yet. A
// failure is reported on stderr and does not fail the command: the events
// are recorded and go out with the next command.
func (a *App) notify() {
	if a.store == nil || a.cfg.Webhook.URL == "" {
		return
	}
	st, err := a.reviewStore()
	if err != nil {
		fmt.Fprintf(a.stderr, "clearance: webhook: %v\n", err)
		return
	}
	n := a.notifier(st)
	if _, err := n.Deliver(a.ctx); err != nil {
		fmt.Fprintf(a.stderr, "clearance: webhook: %v\n", err)
	}
}

// MonitorCmd finishes any re-screen a list update left and shows the runs.
type MonitorCmd struct {
	JSON  bool `name:"json" help:"Print JSON."`
	Limit int  `name:"limit" default:"20" help:"Show at most this many runs, newest first."`
}

// Run shows the monitoring runs.
func (c *MonitorCmd) Run(app *App) error {
	if _, err := app.ReadyStore(); err != nil {
		return err
	}
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	if err := app.monitor(app.stderr); err != nil {
		return err
	}
	runs, err := st.MonitorRuns(app.ctx, c.Limit)
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, runs)
	}
	if len(runs) == 0 {
		fmt.Fprintln(app.stdout, "No list update has been monitored yet.")
		return nil
	}
	tw := tabwriter.NewWriter(app.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tVERSIONS\tADDED\tCHANGED\tCOUNTERPARTIES\tORDERS\tCASES\tCOVERED\tMOVED\tFINISHED")
	for _, r := range runs {
		s := r.Stats
		finished := "unfinished"
		if !r.FinishedAt.IsZero() {
			finished = r.FinishedAt.Local().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", r.ID, clearance.DescribeSpans(r.Spans), s.Added, s.Changed,
			s.Counterparties, s.Orders, s.CasesOpened, s.Suppressed, s.OrdersMoved, finished)
	}
	return tw.Flush()
}
