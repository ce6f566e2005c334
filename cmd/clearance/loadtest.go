package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
)

// LoadtestCmd measures a running server under load from this process.
type LoadtestCmd struct {
	URL         string        `name:"url" default:"http://127.0.0.1:8080/v1/screen" help:"The screening endpoint to load."`
	Key         string        `name:"key" required:"" env:"CLEARANCE_KEY" help:"API key to send (default: $CLEARANCE_KEY)."`
	NamesFile   string        `name:"names-file" type:"existingfile" placeholder:"FILE" help:"Names to send: a CSV with a name column or one name per line (default: --names generated names from the lists in the data directory)."`
	Names       int           `name:"names" default:"5000" help:"How many names to generate when no --names-file is given."`
	Seed        uint64        `name:"seed" default:"1" help:"Seed of the name generator."`
	Concurrency int           `name:"concurrency" default:"16" help:"Clients sending at once, each its next request when the last one answered."`
	Duration    time.Duration `name:"duration" default:"20s" help:"How long to measure."`
	Warmup      time.Duration `name:"warmup" default:"3s" help:"Load sent first and not measured."`
	JSON        bool          `name:"json" help:"Print JSON."`
}

// Run sends the load and prints throughput, latency and errors.
func (c *LoadtestCmd) Run(app *App) error {
	names, err := c.names(app)
	if err != nil {
		return err
	}
	prog := newProgress(app.stderr, "requests")
	last := 0
	load := benchmark.Load{URL: c.URL, Key: c.Key, Bodies: benchmark.NameBodies(names), Concurrency: c.Concurrency,
		Duration: c.Duration, Warmup: c.Warmup, Progress: func(done int) { prog.add(done - last); last = done }}
	fmt.Fprintf(app.stderr, "Loading %s with %d clients for %s (after %s of warm-up), %d distinct names...\n",
		c.URL, c.Concurrency, c.Duration, c.Warmup, len(names))
	res, err := load.Run(app.ctx)
	prog.finish()
	if err != nil {
		return clearance.Errorf(clearance.Invalid, "%w", err)
	}
	if c.JSON {
		return writeJSON(app.stdout, res)
	}
	tw := tabwriter.NewWriter(app.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Requests\t%d in %s\n", res.Requests, res.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(tw, "Throughput\t%.0f/s\n", res.Throughput)
	l := res.Latency
	fmt.Fprintf(tw, "Latency\tp50 %s · p90 %s · p99 %s · max %s\n", us(l.P50), us(l.P90), us(l.P99), us(l.Max))
	fmt.Fprintf(tw, "Errors\t%d %v\n", res.Errors, res.ByStatus)
	if res.FirstError != "" {
		fmt.Fprintf(tw, "First error\t%s\n", res.FirstError)
	}
	tw.Flush()
	if res.Errors > 0 {
		return clearance.Errorf(clearance.Unavailable, "%d of %d requests failed", res.Errors, res.Requests)
	}
	return nil
}

func us(d time.Duration) string { return d.Round(time.Microsecond).String() }

// names reads the names file, or generates names from the active lists'
// names (as `clearance bench` does).
func (c *LoadtestCmd) names(app *App) ([]string, error) {
	if c.NamesFile != "" {
		return readNames(c.NamesFile)
	}
	st, err := app.ReadyStore()
	if err != nil {
		return nil, err
	}
	entries, _, err := clearance.LoadEntries(app.ctx, st)
	if err != nil {
		return nil, err
	}
	return benchmark.Texts(benchmark.Generate(c.Seed, benchmark.ListedNames(entries), c.Names)), nil
}
