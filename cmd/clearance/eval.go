package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/evaluation"
)

// Defaults of the eval command's inputs, relative to the repository root.
const (
	evalDefaultSample = 2000
	evalDefaultSeed   = 1
)

// EvalCmd measures the matcher on labelled evaluation sets.
type EvalCmd struct {
	Sets        []string `name:"sets" sep:"," default:"pairs,negatives,un,companies,variants" enum:"pairs,negatives,un,companies,variants" help:"Sets to run, comma-separated: pairs, negatives, un, companies, variants."`
	Threshold   *float64 `name:"threshold" help:"Potential-match threshold (0..1; default from configuration, 0.80)." placeholder:"T"`
	Write       string   `name:"write" help:"Write the figures into the section between <!-- eval:begin --> and <!-- eval:end --> of this Markdown file (created if missing)." placeholder:"FILE"`
	Verbose     bool     `name:"verbose" short:"v" help:"List false alerts, misses and wrong pair verdicts."`
	JSON        bool     `name:"json" help:"Print the report as JSON."`
	EvalDir     string   `name:"eval-dir" env:"CLEARANCE_EVAL_DIR" help:"Directory of the labelled sets (nomenklatura_name_bench/, yente_validation/); the project's shared evaluation directory." placeholder:"DIR"`
	DataDir     string   `name:"data-dir" env:"CLEARANCE_EVAL_DATA_DIR" help:"Directory of the company-name sets (negatives/); the project's shared data directory, not the --data directory." placeholder:"DIR"`
	KnownListed string   `name:"known-listed" type:"existingfile" help:"Reviewed labels of listed company names (default: the pinned evaluation/testdata/known_listed.csv)." placeholder:"FILE"`
	Sample      int      `name:"sample" default:"2000" help:"List entries to generate variants from."`
	Seed        uint64   `name:"seed" default:"1" help:"Seed of the variants' sample and typos."`
}

// Run runs the sets, prints the report and optionally writes it to a
// Markdown file.
func (c *EvalCmd) Run(app *App) error {
	opts, err := app.matchOptions(c.Threshold)
	if err != nil {
		return err
	}
	if c.Sample < 1 {
		return clearance.Errorf(clearance.Invalid, "--sample %d: want a positive number", c.Sample)
	}
	// The labelled sets are not shipped: the command reads them from where
	// the caller says (docs/quality.md gives the command).
	for _, f := range evaluation.Inputs(c.Sets, c.EvalDir, c.DataDir) {
		if !exists(f) {
			return clearance.Errorf(clearance.Invalid, "evaluation file %s not found: set --eval-dir and --data-dir (or CLEARANCE_EVAL_DIR, CLEARANCE_EVAL_DATA_DIR) to the directories of the evaluation sets", f)
		}
	}
	labels, err := c.labels()
	if err != nil {
		return err
	}
	s, err := app.Screener()
	if err != nil {
		return err
	}
	cfg := evaluation.Config{
		Env: evaluation.Env{Screener: s, Options: opts, Workers: app.cfg.Workers,
			Progress: newEvalProgress(app.stderr), Verbose: c.Verbose},
		EvalDir: c.EvalDir, DataDir: c.DataDir, Sets: c.Sets, Labels: labels,
		Sample: c.Sample, Seed: c.Seed, Command: c.command(),
		Entries: app.activeEntries,
	}
	rep, err := evaluation.Run(app.ctx, cfg)
	if err != nil {
		return err
	}
	if c.Write != "" {
		if err := evaluation.UpdateMarkdownFile(c.Write, rep); err != nil {
			return err
		}
		fmt.Fprintf(app.stderr, "Wrote the figures to %s\n", c.Write)
	}
	if c.JSON {
		return writeJSON(app.stdout, rep)
	}
	return evaluation.WriteText(app.stdout, rep)
}

func (c *EvalCmd) labels() ([]evaluation.Listed, error) {
	if c.KnownListed == "" {
		return evaluation.LoadKnownListed(evaluation.KnownListedFile, bytes.NewReader(evaluation.KnownListedCSV))
	}
	f, err := os.Open(c.KnownListed)
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "known-listed labels: %w", err)
	}
	defer f.Close()
	return evaluation.LoadKnownListed(c.KnownListed, f)
}

// command rebuilds the command line that reproduces the figures: the
// flags that change them, with their values.
func (c *EvalCmd) command() string {
	parts := []string{"clearance", "eval"}
	if !slices.Equal(c.Sets, evaluation.AllSets) {
		parts = append(parts, "--sets", strings.Join(c.Sets, ","))
	}
	if c.Threshold != nil {
		parts = append(parts, "--threshold", strconv.FormatFloat(*c.Threshold, 'f', -1, 64))
	}
	if c.EvalDir != "" {
		parts = append(parts, "--eval-dir", c.EvalDir)
	}
	if c.DataDir != "" {
		parts = append(parts, "--data-dir", c.DataDir)
	}
	if c.KnownListed != "" {
		parts = append(parts, "--known-listed", c.KnownListed)
	}
	if c.Sample != evalDefaultSample {
		parts = append(parts, "--sample", strconv.Itoa(c.Sample))
	}
	if c.Seed != evalDefaultSeed {
		parts = append(parts, "--seed", strconv.FormatUint(c.Seed, 10))
	}
	if c.Verbose {
		parts = append(parts, "--verbose")
	}
	if c.Write != "" {
		parts = append(parts, "--write", c.Write)
	}
	return strings.Join(parts, " ")
}

// activeEntries returns the entries of every source's active version.
func (a *App) activeEntries() ([]*clearance.Entry, error) {
	st, err := a.ReadyStore()
	if err != nil {
		return nil, err
	}
	active, err := st.ActiveVersions(a.ctx)
	if err != nil {
		return nil, err
	}
	var out []*clearance.Entry
	for _, v := range active {
		for e, err := range st.Entries(a.ctx, v.Source, v.Number) {
			if err != nil {
				return nil, err
			}
			e.Raw = nil
			out = append(out, e)
		}
	}
	return out, nil
}

// evalProgress shows a bar per set on a terminal; elsewhere it prints one
// line per set when the set is done.
type evalProgress struct {
	w     io.Writer
	tty   bool
	bar   *progressbar.ProgressBar
	set   string
	total int
	start time.Time
}

func newEvalProgress(w io.Writer) *evalProgress {
	f, ok := w.(*os.File)
	return &evalProgress{w: w, tty: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *evalProgress) Start(set string, total int) {
	p.set, p.total, p.start = set, total, time.Now()
	if p.tty {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(set),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("names"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
}

func (p *evalProgress) Add(n int) {
	if p.bar != nil {
		p.bar.Add(n)
	}
}

func (p *evalProgress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
	fmt.Fprintf(p.w, "eval: %s: %d in %s\n", p.set, p.total, time.Since(p.start).Round(time.Millisecond))
}
