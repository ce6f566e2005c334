package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/clearancehq/clearance"
)

// ListsCmd groups the list commands; with no subcommand it shows the lists.
type ListsCmd struct {
	Show   ListsShowCmd   `cmd:"" default:"withargs" help:"Show each source, its active version, entry count and data date."`
	Import ListsImportCmd `cmd:"" help:"Import list files as a new version of their source."`
	Diff   ListsDiffCmd   `cmd:"" help:"Show what changed between two versions of a source."`
	Update ListsUpdateCmd `cmd:"" help:"Download the current lists from their publishers and import them."`
}

// ListsShowCmd shows the sources and their active versions.
type ListsShowCmd struct {
	JSON bool `name:"json" help:"Print JSON."`
	All  bool `name:"all" help:"Show every version, not only the active ones."`
}

// Run shows the lists.
func (c *ListsShowCmd) Run(app *App) error {
	st, err := app.ReadyStore()
	if err != nil {
		return err
	}
	var versions []clearance.Version
	if c.All {
		versions, err = st.Versions(app.ctx, "")
	} else {
		versions, err = st.ActiveVersions(app.ctx)
	}
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, versions)
	}
	now := time.Now()
	tw := tabwriter.NewWriter(app.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tVERSION\tENTRIES\tDATA DATE\tAGE\tIMPORTED\tFORMAT\tNAME")
	var stale []string
	for _, v := range versions {
		src, _ := clearance.SourceByID(v.Source)
		age := "unknown"
		if d, ok := v.DataAge(now); ok {
			age = fmt.Sprintf("%d days", int(d.Hours()/24))
			if v.Stale(now) {
				stale = append(stale, fmt.Sprintf("%s data is %d days old (published %s)", v.Source, int(d.Hours()/24), v.Published))
			}
		}
		ver := strconv.Itoa(v.Number)
		if c.All && v.Active {
			ver += " (active)"
		}
		published := v.Published
		if v.PublishedNote != "" && strings.HasPrefix(v.PublishedNote, "estimated") {
			published += "~"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", v.Source, ver, v.Entries, published, age,
			v.ImportedAt.Local().Format("2006-01-02 15:04"), v.Format, src.Name)
	}
	tw.Flush()
	if len(versions) == 0 {
		fmt.Fprintln(app.stdout, "No lists imported.")
	}
	for _, s := range stale {
		fmt.Fprintf(app.stdout, "WARNING: %s. Screening against old lists misses recent designations; run `clearance lists update`.\n", s)
	}
	return nil
}

// ListsImportCmd imports list files.
type ListsImportCmd struct {
	Format string   `name:"format" required:"" help:"File format: csl, ofac, ofac-xml, un or uk." enum:"csl,ofac,ofac-xml,un,uk"`
	Files  []string `arg:"" name:"FILE" help:"Files of one version (plain or gzip). OFAC CSV: sdn.csv with alt.csv, add.csv, sdn_comments.csv (or the cons_ set)." type:"existingfile"`
}

// Run imports the files.
func (c *ListsImportCmd) Run(app *App) error {
	ins := make([]input, len(c.Files))
	for i, f := range c.Files {
		ins[i] = osInput(f)
	}
	if _, err := app.ReadyStore(); err != nil {
		return err
	}
	start := time.Now()
	res, err := app.importInputs(app.ctx, c.Format, ins, "", "")
	if err != nil {
		return fmt.Errorf("import failed, active lists unchanged: %w", err)
	}
	if err := app.printImport(res, time.Since(start)); err != nil {
		return err
	}
	return app.monitor(app.stdout)
}

func (app *App) printImport(res clearance.ImportResult, took time.Duration) error {
	v := res.Version
	if res.Unchanged {
		fmt.Fprintf(app.stdout, "%s: files identical to active version %d; nothing imported.\n", v.Source, v.Number)
		return nil
	}
	fmt.Fprintf(app.stdout, "%s: imported version %d: %d entries (published %s) in %s.\n",
		v.Source, v.Number, v.Entries, orDash(v.Published), took.Round(time.Millisecond))
	if v.Number > 1 {
		st, _ := app.Store()
		d, err := st.Delta(app.ctx, v.Source, v.Number-1, v.Number)
		if err != nil {
			return err
		}
		fmt.Fprintf(app.stdout, "Changes from version %d: %d added, %d removed, %d changed (clearance lists diff %s).\n",
			v.Number-1, len(d.Added), len(d.Removed), len(d.Changed), v.Source)
		return app.ownershipAfterUpdate(d)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ListsDiffCmd shows a delta.
type ListsDiffCmd struct {
	JSON   bool   `name:"json" help:"Print JSON."`
	Source string `arg:"" name:"SOURCE" help:"Source id (us-csl, us-ofac-sdn, us-ofac-cons, un-sc, uk-ofsi)."`
	From   *int   `arg:"" optional:"" name:"FROM_VERSION" help:"Older version (default: the one before the active version)."`
	To     *int   `arg:"" optional:"" name:"TO_VERSION" help:"Newer version (default: the active version)."`
}

// Run prints the delta.
func (c *ListsDiffCmd) Run(app *App) error {
	st, err := app.ReadyStore()
	if err != nil {
		return err
	}
	src := clearance.SourceID(c.Source)
	if _, ok := clearance.SourceByID(src); !ok {
		return clearance.Errorf(clearance.Invalid, "unknown source %q", c.Source)
	}
	if (c.From == nil) != (c.To == nil) {
		return clearance.Errorf(clearance.Invalid, "give both FROM_VERSION and TO_VERSION, or neither")
	}
	var from, to int
	if c.From != nil {
		from, to = *c.From, *c.To
	} else if from, to, err = clearance.LastUpdate(app.ctx, st, src); err != nil {
		return err
	}
	d, err := st.Delta(app.ctx, src, from, to)
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, d)
	}
	printDelta(app, d)
	return nil
}

func printDelta(app *App, d *clearance.Delta) {
	w := app.stdout
	fmt.Fprintf(w, "%s: version %d -> %d: %d added, %d removed, %d changed\n", d.Source, d.From, d.To,
		len(d.Added), len(d.Removed), len(d.Changed))
	section := func(title string, es []*clearance.Entry) {
		if len(es) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d)\n", title, len(es))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  LIST\tNAME\tSTART\tFEDERAL REGISTER\tID")
		for _, e := range es {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", e.List, e.Name, orDash(e.StartDate), orDash(strings.Join(e.FederalRegister, "; ")), e.ID)
		}
		tw.Flush()
	}
	section("Added", d.Added)
	section("Removed", d.Removed)
	if len(d.Changed) > 0 {
		fmt.Fprintf(w, "\nChanged (%d)\n", len(d.Changed))
		for _, ch := range d.Changed {
			fmt.Fprintf(w, "  %s  %s [%s]\n", ch.ID, ch.Name, ch.List)
			for _, f := range ch.Fields {
				switch {
				case len(f.Added) > 0 || len(f.Removed) > 0:
					for _, a := range f.Added {
						fmt.Fprintf(w, "      %-20s + %s\n", f.Field, a)
					}
					for _, r := range f.Removed {
						fmt.Fprintf(w, "      %-20s - %s\n", f.Field, r)
					}
				default:
					fmt.Fprintf(w, "      %-20s %q -> %q\n", f.Field, f.Before, f.After)
				}
			}
		}
	}
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
