package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/alecthomas/kong"

	"github.com/clearancehq/clearance"
)

// CLI is the command line grammar.
type CLI struct {
	Data    string     `name:"data" help:"Data directory (default: $CLEARANCE_DATA, else the per-user data directory)." type:"path" placeholder:"DIR"`
	DB      string     `name:"db" help:"PostgreSQL database to use instead of the SQLite one in the data directory (postgres://...; default: $CLEARANCE_DB)." placeholder:"URL"`
	Actor   string     `name:"actor" help:"Who is acting, for the audit log (default: $CLEARANCE_ACTOR, else the login name)." placeholder:"NAME"`
	Config  string     `name:"config" help:"Configuration file (JSON; default: $CLEARANCE_CONFIG)." type:"path" placeholder:"FILE"`
	Lists   ListsCmd   `cmd:"" help:"Show, import, update and compare list versions."`
	Screen  ScreenCmd  `cmd:"" help:"Screen one name against the active lists."`
	Batch   BatchCmd   `cmd:"" help:"Screen every row of a CSV file and write a CSV report."`
	Audit   AuditCmd   `cmd:"" help:"Verify, export and purge the audit log; place and release legal holds."`
	Order   OrderCmd   `cmd:"" help:"Decide orders against the lists and licences: check, submit, show, list."`
	Licence LicenceCmd `cmd:"" aliases:"license" help:"Record and show export licences and their balances."`
	UVL     UVLCmd     `cmd:"" name:"uvl" help:"Record and list signed Unverified List statements."`
	Owners  OwnersCmd  `cmd:"" name:"ownership" help:"Import ownership data and apply the 50% rules: import, check, list."`

	Counterparties CounterpartiesCmd `cmd:"" help:"Import, list and screen the counterparty registry."`
	Cases          CasesCmd          `cmd:"" help:"Review possible matches: list, show, assign, escalate, clear, confirm, approve."`
	Events         EventsCmd         `cmd:"" help:"The event log and its webhook deliveries."`
	Monitor        MonitorCmd        `cmd:"" help:"Finish any re-screen a list update left, and show the monitoring runs."`

	Serve ServeCmd `cmd:"" help:"Serve the HTTP JSON API and the analysts' web UI."`
	Keys  KeysCmd  `cmd:"" help:"Create, list and revoke the API keys of the HTTP API and web UI."`

	Eval     EvalCmd     `cmd:"" help:"Measure the matcher on labelled evaluation sets."`
	Loadtest LoadtestCmd `cmd:"" help:"Measure a running server: screening requests per second and latency under load."`
	Bench    BenchCmd    `cmd:"" help:"Measure screening speed: start-up, latency, throughput, allocations and memory."`
	Version  VersionCmd  `cmd:"" help:"Print the version."`
}

// exitError carries an exit status through kong's Exit hook.
type exitError int

// Run executes the command line args, writing to stdout and stderr, and
// returns the process exit status: 0 on success, 1 on error, 2 on a usage
// error.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	var cli CLI
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(exitError); ok {
				code = int(e)
				return
			}
			panic(r)
		}
	}()
	parser, err := kong.New(&cli,
		kong.Name("clearance"),
		kong.Description("Export-control and sanctions screening."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) { panic(exitError(c)) }),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
	)
	if err != nil {
		fmt.Fprintln(stderr, "clearance:", err)
		return 2
	}
	kctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintln(stderr, "clearance:", err)
		return 2
	}
	app := &App{ctx: ctx, stdout: stdout, stderr: stderr, requestID: newRequestID()}
	defer app.Close()
	if app.cfg, err = LoadConfig(Flags{Config: cli.Config, Data: cli.Data, DB: cli.DB, Actor: cli.Actor}); err != nil {
		return report(stderr, err)
	}
	// The stores record licence, statement and order changes in the audit
	// log as done by the actor the context names.
	app.ctx = clearance.WithActor(ctx, app.cfg.Actor, app.requestID)
	err = kctx.Run(app)
	app.notify() // whatever the command recorded, even when it then failed
	if err != nil {
		return report(stderr, err)
	}
	return 0
}

// report prints an error for a person and returns the exit status.
func report(stderr io.Writer, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "clearance: interrupted")
		return 130
	}
	fmt.Fprintln(stderr, "clearance:", err)
	return 1
}

// VersionCmd prints the version.
type VersionCmd struct{}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Run prints the version.
func (c *VersionCmd) Run(app *App) error {
	fmt.Fprintln(app.stdout, "clearance", version)
	return nil
}
