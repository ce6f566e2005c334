package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/clearancehq/clearance"
)

// CounterpartiesCmd groups the counterparty registry's commands.
type CounterpartiesCmd struct {
	Import CounterpartiesImportCmd `cmd:"" help:"Add and update counterparties from a CSV file (upsert by id)."`
	List   CounterpartiesListCmd   `cmd:"" help:"List the registry."`
	Screen CounterpartiesScreenCmd `cmd:"" help:"Screen new and changed counterparties (or all) and open cases for their hits."`
}

// CounterpartiesImportCmd imports a counterparty CSV file.
type CounterpartiesImportCmd struct {
	File   string `arg:"" name:"FILE.csv" help:"CSV with a header: id,name[,country,address,type][,identifiers] (identifiers separated by ';')." type:"existingfile"`
	By     string `name:"by" default:"cli" help:"Who imports, for the event log."`
	Screen bool   `name:"screen" help:"Screen the new and changed counterparties right away."`
	JSON   bool   `name:"json" help:"Print JSON."`
}

// Run parses the whole file first, so that a bad row records nothing, then
// upserts every row in one transaction.
func (c *CounterpartiesImportCmd) Run(app *App) error {
	f, err := os.Open(c.File)
	if err != nil {
		return clearance.Errorf(clearance.Invalid, "%w", err)
	}
	defer f.Close()
	cps, err := clearance.ParseCounterparties(c.File, f)
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	res, err := st.UpsertCounterparties(app.ctx, cps, c.By)
	if err != nil {
		return fmt.Errorf("nothing imported: %w", err)
	}
	if c.JSON && !c.Screen {
		return writeJSON(app.stdout, res)
	}
	fmt.Fprintf(app.stdout, "%s: %d counterparties added, %d updated, %d unchanged.\n", c.File, len(res.Added), len(res.Updated), res.Unchanged)
	if c.Screen {
		return (&CounterpartiesScreenCmd{JSON: c.JSON}).Run(app)
	}
	if n := len(res.Added) + len(res.Updated); n > 0 {
		fmt.Fprintf(app.stdout, "%d new or changed counterparties are not screened yet: clearance counterparties screen\n", n)
	}
	return nil
}

// CounterpartiesListCmd lists the registry.
type CounterpartiesListCmd struct {
	JSON bool `name:"json" help:"Print JSON."`
}

// Run lists the counterparties.
func (c *CounterpartiesListCmd) Run(app *App) error {
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	cps, err := st.Counterparties(app.ctx, clearance.CounterpartyFilter{})
	if err != nil {
		return err
	}
	return printList(app.stdout, c.JSON, cps, "No counterparty registered.",
		"ID\tNAME\tTYPE\tCOUNTRY\tSCREENED",
		func(cp clearance.Counterparty) string {
			screened := "not yet"
			if !cp.ScreenedAt.IsZero() {
				screened = cp.ScreenedAt.Local().Format("2006-01-02 15:04")
			}
			return strings.Join([]string{cp.ID, truncate(cp.Name, 60), cp.Kind.String(), orDash(cp.Country), screened}, "\t")
		})
}

// CounterpartiesScreenCmd screens the registry against the active lists.
type CounterpartiesScreenCmd struct {
	All  bool `name:"all" help:"Screen every counterparty, not only those never screened or changed since."`
	JSON bool `name:"json" help:"Print the cases opened as JSON."`
}

// Run screens the counterparties and lists the cases opened.
func (c *CounterpartiesScreenCmd) Run(app *App) error {
	if _, err := app.ReadyStore(); err != nil {
		return err
	}
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	s, err := app.Screener()
	if err != nil {
		return err
	}
	prog := newProgress(app.stderr, "screening counterparties")
	rs := &clearance.RegistryScreening{Store: st, Screener: s, Options: app.cfg.Match,
		ReviewThreshold: app.cfg.Gate.ReviewThreshold, Workers: app.cfg.Workers, Progress: prog.add}
	rep, err := rs.Run(app.ctx, c.All)
	prog.finish()
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, rep)
	}
	fmt.Fprintf(app.stdout, "Screened %d counterparties: %d hits from %.2f, %d covered by closed cases, %d cases opened.\n",
		rep.Counterparties, rep.Hits, app.cfg.Gate.ReviewThreshold, rep.Suppressed, len(rep.Cases))
	if len(rep.Cases) > 0 {
		fmt.Fprintln(app.stdout)
		return printCases(app.stdout, rep.Cases)
	}
	return nil
}
