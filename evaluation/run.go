package evaluation

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

// Set names, in run order.
const (
	SetPairs     = "pairs"
	SetNegatives = "negatives"
	SetUN        = "un"
	SetCompanies = "companies"
	SetVariants  = "variants"
)

// AllSets lists every set in run order.
var AllSets = []string{SetPairs, SetNegatives, SetUN, SetCompanies, SetVariants}

// Config says what an evaluation runs on.
type Config struct {
	Env
	// EvalDir holds the labelled sets (nomenklatura_name_bench/,
	// yente_validation/); DataDir the company-name sets (negatives/).
	EvalDir string
	DataDir string
	// Sets to run, a subset of AllSets.
	Sets []string
	// Entries returns the loaded list entries the variants are generated
	// from; called only when the variants set runs.
	Entries func() ([]*clearance.Entry, error)
	// Labels are the reviewed known-listed company names.
	Labels []Listed
	// Sample is the number of entries variants are generated from; Seed
	// seeds the sample and the typos.
	Sample int
	Seed   uint64
	// Command is the command line that reproduces the run, for the report.
	Command string
}

// Run runs the configured sets in order and returns their report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	for _, s := range cfg.Sets {
		if !slices.Contains(AllSets, s) {
			return nil, clearance.Errorf(clearance.Invalid, "unknown evaluation set %q (known: %s)", s, strings.Join(AllSets, ", "))
		}
	}
	start := time.Now()
	rep := &Report{Command: cfg.Command, Threshold: cfg.Options.Threshold, OptionsHash: cfg.Options.Hash(),
		Algorithm: cfg.Options.Algorithm, Versions: cfg.Screener.Versions(), Entries: cfg.Screener.Entries(), Started: start.UTC()}
	for _, name := range AllSets {
		if !slices.Contains(cfg.Sets, name) {
			continue
		}
		set, err := runSet(ctx, &cfg, name)
		if err != nil {
			return nil, err
		}
		rep.Sets = append(rep.Sets, set)
	}
	rep.Took = time.Since(start)
	return rep, nil
}

func runSet(ctx context.Context, cfg *Config, name string) (*SetReport, error) {
	switch name {
	case SetPairs:
		return runPairsSet(cfg)
	case SetNegatives:
		return runPersonSets(ctx, cfg, RunNegatives, []PersonSet{
			{Label: "synthetic, global", File: NegativesGlobalFile},
			{Label: "synthetic, US", File: NegativesUSFile},
			{Label: "US Congress", File: CongressFile},
		})
	case SetUN:
		return runPersonSets(ctx, cfg, RunUN, []PersonSet{
			{Label: "untreated", File: UNUntreatedFile, Goal: 0.98},
			{Label: "treated", File: UNTreatedFile, Goal: 0.95},
		})
	case SetCompanies:
		return runCompanySets(ctx, cfg)
	case SetVariants:
		if cfg.Entries == nil {
			return nil, fmt.Errorf("variants: no list entries to generate from")
		}
		entries, err := cfg.Entries()
		if err != nil {
			return nil, err
		}
		return RunVariants(ctx, &cfg.Env, entries, cfg.Sample, cfg.Seed)
	}
	return nil, clearance.Errorf(clearance.Invalid, "unknown evaluation set %q", name)
}

func (cfg *Config) evalPath(rel string) string {
	return filepath.Join(cfg.EvalDir, filepath.FromSlash(rel))
}
func (cfg *Config) dataPath(rel string) string {
	return filepath.Join(cfg.DataDir, filepath.FromSlash(rel))
}

func runPairsSet(cfg *Config) (*SetReport, error) {
	start := time.Now()
	pairs, err := LoadPairs(cfg.evalPath(PairsFile))
	if err != nil {
		return nil, err
	}
	peer, err := LoadPeer(cfg.evalPath(PeerFile))
	if err != nil {
		return nil, err
	}
	if cfg.Progress != nil {
		cfg.Progress.Start("pairs", len(pairs))
		cfg.Progress.Add(len(pairs))
		defer cfg.Progress.Finish()
	}
	rep := RunPairs(cfg.Screener.Index(), pairs, peer, cfg.Options, cfg.Verbose)
	rep.Took = time.Since(start)
	return rep, nil
}

// runPersonSets loads the yente files of a set (File relative to the
// evaluation directory) and runs them, keeping the loaders' notes.
func runPersonSets(ctx context.Context, cfg *Config, run func(context.Context, *Env, []PersonSet) (*SetReport, error), sets []PersonSet) (*SetReport, error) {
	var notes []string
	for i := range sets {
		ps, n, err := LoadPersons(cfg.evalPath(sets[i].File))
		if err != nil {
			return nil, err
		}
		sets[i].Persons = ps
		notes = append(notes, n...)
	}
	rep, err := run(ctx, &cfg.Env, sets)
	if err != nil {
		return nil, err
	}
	rep.Notes = append(notes, rep.Notes...)
	return rep, nil
}

func runCompanySets(ctx context.Context, cfg *Config) (*SetReport, error) {
	sec, err := LoadSECTitles(cfg.dataPath(SECFile))
	if err != nil {
		return nil, err
	}
	oui, countries, err := LoadOUINames(cfg.dataPath(OUIFile))
	if err != nil {
		return nil, err
	}
	return RunCompanies(ctx, &cfg.Env, []CompanySet{
		{ID: SetSEC, Label: "SEC EDGAR issuers", File: SECFile, Names: sec},
		{ID: SetOUI, Label: "IEEE OUI registrants", File: OUIFile, Names: oui, Countries: countries},
	}, cfg.Labels)
}

// Inputs returns the files the given sets read, under the evaluation and
// data directories, so that a caller can check them before loading lists.
func Inputs(sets []string, evalDir, dataDir string) []string {
	var out []string
	add := func(dir string, rels ...string) {
		for _, r := range rels {
			out = append(out, filepath.Join(dir, filepath.FromSlash(r)))
		}
	}
	for _, s := range sets {
		switch s {
		case SetPairs:
			add(evalDir, PairsFile, PeerFile)
		case SetNegatives:
			add(evalDir, NegativesGlobalFile, NegativesUSFile, CongressFile)
		case SetUN:
			add(evalDir, UNUntreatedFile, UNTreatedFile)
		case SetCompanies:
			add(dataDir, SECFile, OUIFile)
		}
	}
	return out
}
