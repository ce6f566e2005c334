package main

import (
	"fmt"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// options returns the matching options of a screening: those recorded under
// --options, or the configured ones with --threshold and --limit.
func (c *ScreenCmd) options(app *App) (match.Options, error) {
	if c.Options == "" {
		opts, err := app.matchOptions(c.Threshold)
		opts.Limit = c.Limit
		return opts, err
	}
	if c.Threshold != nil {
		return match.Options{}, clearance.Errorf(clearance.Invalid, "--threshold and --options: the recorded options hold their own threshold")
	}
	st, err := app.reviewStore()
	if err != nil {
		return match.Options{}, err
	}
	opts, err := st.Options(app.ctx, c.Options)
	if err != nil {
		return match.Options{}, err
	}
	if opts.Hash() != c.Options {
		return match.Options{}, clearance.Errorf(clearance.Conflict,
			"the options recorded under %s no longer hash to it (this build's options have other fields): the screening cannot be reproduced exactly", c.Options)
	}
	if opts.Algorithm != match.Algorithm {
		fmt.Fprintf(app.stderr, "WARNING: the options %s were recorded with %s; this build scores with %s, so scores may differ.\n",
			c.Options, opts.Algorithm, match.Algorithm)
	}
	return opts, nil
}

// screener returns the screener of the active lists, or of the versions
// --as-of names.
func (c *ScreenCmd) screener(app *App) (*clearance.Screener, error) {
	if c.AsOf == "" {
		return app.Screener()
	}
	st, err := app.ReadyStore()
	if err != nil {
		return nil, err
	}
	versions, err := clearance.ResolveAsOf(app.ctx, st, c.AsOf)
	if err != nil {
		return nil, err
	}
	defer boundLoadMemory()()
	return clearance.LoadScreenerAt(app.ctx, st, versions)
}
