package main

import (
	"context"
	"log/slog"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/httpapi"
	"github.com/clearancehq/clearance/ownership"
)

// apiImport returns the import of list files sent to the API: one import
// at a time (with the shipped lists' first load too), as by the request's
// key; then the live screener reloads, so that the next request screens
// against the new version, and monitoring re-screens the registry and the
// open orders against what it changed, with that screener. A monitoring
// failure does not undo the import: it is reported and the next import or
// start finishes the run.
func (a *App) apiImport(live *clearance.LiveScreener, log *slog.Logger) func(context.Context, httpapi.ImportRequest) (*httpapi.ImportResult, error) {
	return func(ctx context.Context, req httpapi.ImportRequest) (*httpapi.ImportResult, error) {
		ins := make([]input, len(req.Files))
		for i, f := range req.Files {
			ins[i] = bytesInput(f.Name, f.Data)
		}
		src, err := detectSource(req.Format, ins)
		if err != nil {
			return nil, err
		}
		if src != req.Source {
			return nil, clearance.Errorf(clearance.Invalid, "the files are %s data in format %s, not %s", src, req.Format, req.Source)
		}
		a.imports.Lock()
		defer a.imports.Unlock()
		res, err := a.importInputs(ctx, req.Format, ins, "", "")
		if err != nil {
			return nil, err
		}
		out := &httpapi.ImportResult{Version: res.Version, Unchanged: res.Unchanged, Monitoring: []clearance.MonitorRun{}}
		if res.Unchanged {
			return out, nil
		}
		st, err := a.Store()
		if err != nil {
			return nil, err
		}
		if _, err := live.Reload(ctx, st); err != nil {
			return nil, clearance.Errorf(clearance.Internal, "%s version %d is imported, but reloading the lists failed (the server retries): %w",
				res.Version.Source, res.Version.Number, err)
		}
		runs, err := a.monitorWith(ctx, func(context.Context) (*clearance.Screener, error) { return live.Current(), nil })
		out.Monitoring = append(out.Monitoring, runs...)
		if err != nil {
			log.ErrorContext(ctx, "re-screening after an import failed; the next import or start finishes it", slog.String("error", err.Error()))
			out.MonitoringPending = true
		}
		return out, nil
	}
}

// apiOwnership applies the ownership rules, with the configured periods,
// to the edges on file, for the API.
type apiOwnership struct {
	app *App
	st  clearance.OwnershipStore
}

var _ httpapi.Ownership = apiOwnership{}

// Check judges one party, resolving owners' names against sc.
func (o apiOwnership) Check(ctx context.Context, sc *clearance.Screener, party, asOf string) (*clearance.OwnershipReport, error) {
	return o.app.ownershipCheck(ctx, o.st, o.app.resolver(sc), sc.Versions(), party, asOf)
}

// Restricted judges every party of the data.
func (o apiOwnership) Restricted(ctx context.Context, sc *clearance.Screener, asOf string) ([]ownership.Standing, error) {
	return o.app.ownershipStandings(ctx, o.st, o.app.resolver(sc), asOf)
}
