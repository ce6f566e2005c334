package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/gate"
)

// OrderCmd groups the order commands.
type OrderCmd struct {
	Check  OrderCheckCmd  `cmd:"" help:"Decide an order against the lists and licences, recording nothing."`
	Submit OrderSubmitCmd `cmd:"" help:"Decide an order, record it with its decision and draw down the licences it uses."`
	Show   OrderShowCmd   `cmd:"" help:"Show a submitted order and its recorded decision."`
	List   OrderListCmd   `cmd:"" help:"List the submitted orders and their decisions."`
	Ship   OrderShipCmd   `cmd:"" help:"Record that a cleared or released order shipped: monitoring leaves it alone from then on."`
}

// OrderCheckCmd decides an order without recording it.
type OrderCheckCmd struct {
	JSON bool   `name:"json" help:"Print the decision as JSON."`
	File string `arg:"" name:"ORDER.json" help:"The order: id, date, destination, parties, items."`
}

// Run decides the order.
func (c *OrderCheckCmd) Run(app *App) error {
	return app.judge(c.File, c.JSON, false)
}

// OrderSubmitCmd decides an order and records it.
type OrderSubmitCmd struct {
	JSON bool   `name:"json" help:"Print the decision as JSON."`
	File string `arg:"" name:"ORDER.json" help:"The order: id, date, destination, parties, items."`
}

// Run decides and records the order.
func (c *OrderSubmitCmd) Run(app *App) error {
	return app.judge(c.File, c.JSON, true)
}

// judge reads an order file, decides it, records it when submit is set,
// and prints the decision. A malformed file fails before anything is
// opened, so nothing is recorded.
func (a *App) judge(file string, asJSON, submit bool) error {
	b, err := readDoc(file)
	if err != nil {
		return err
	}
	o, err := clearance.ParseOrder(file, b)
	if err != nil {
		return err
	}
	if submit {
		st, err := a.Store()
		if err != nil {
			return err
		}
		if err := clearance.CheckNotSubmitted(a.ctx, st, o.ID); err != nil {
			return fmt.Errorf("%w (clearance order show %s)", err, o.ID)
		}
	}
	gk, err := a.Gatekeeper()
	if err != nil {
		return err
	}
	decide := gk.Check
	if submit {
		decide = gk.Submit
	}
	d, err := decide(a.ctx, o)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(a.stdout, d)
	}
	printDecision(a.stdout, o, d)
	return nil
}

// readDoc reads a document the user names.
func readDoc(file string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "%w", err)
	}
	return b, nil
}

// Gatekeeper returns the licence gate over the active lists, the store and
// the ownership data on file.
func (a *App) Gatekeeper() (*clearance.Gatekeeper, error) {
	sc, err := a.Screener()
	if err != nil {
		return nil, err
	}
	return a.gatekeeper(a.ctx, sc)
}

// gatekeeper returns the licence gate over the given screener, reading
// the ownership data with ctx.
func (a *App) gatekeeper(ctx context.Context, sc *clearance.Screener) (*clearance.Gatekeeper, error) {
	st, err := a.Store()
	if err != nil {
		return nil, err
	}
	g, err := gate.New(gate.Current)
	if err != nil {
		return nil, err
	}
	gk := &clearance.Gatekeeper{Screener: sc, Decider: g, Store: st, Options: a.cfg.Match,
		ReviewThreshold: a.cfg.Gate.ReviewThreshold}
	own, err := ownershipStore(st)
	if err != nil {
		return nil, err
	}
	f, err := a.ownershipFinder(ctx, own, a.resolver(sc))
	if err != nil || f == nil {
		return gk, err
	}
	gk.Ownership = f
	return gk, nil
}

// OrderShowCmd shows a submitted order.
type OrderShowCmd struct {
	JSON bool   `name:"json" help:"Print JSON."`
	ID   string `arg:"" name:"ID" help:"The order's id."`
}

// Run shows the order and its decision.
func (c *OrderShowCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	full, err := clearance.LoadOrderHistory(app.ctx, st, c.ID)
	if err != nil {
		return err
	}
	rec := &full.SubmittedOrder
	if c.JSON {
		return writeJSON(app.stdout, full)
	}
	fmt.Fprintf(app.stdout, "Submitted %s\n", rec.SubmittedAt.Local().Format("2006-01-02 15:04:05"))
	printHistory(app.stdout, full)
	printDecision(app.stdout, &rec.Order, &rec.Decision)
	return nil
}

// OrderListCmd lists the submitted orders.
type OrderListCmd struct {
	JSON bool `name:"json" help:"Print JSON."`
}

// Run lists the orders.
func (c *OrderListCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	all, err := st.Orders(app.ctx)
	if err != nil {
		return err
	}
	return printList(app.stdout, c.JSON, all, "No order submitted.",
		"ID\tDATE\tDEST\tDECISION\tLICENCES\tSUBMITTED\tPARTIES",
		func(rec clearance.SubmittedOrder) string {
			var names []string
			for _, p := range rec.Order.Parties {
				names = append(names, p.Name)
			}
			return strings.Join([]string{rec.Order.ID, rec.Order.Date, rec.Order.Destination,
				strings.ToUpper(string(rec.Decision.Outcome)), orDash(licencesUsed(&rec.Decision)),
				rec.SubmittedAt.Local().Format("2006-01-02 15:04"), truncate(strings.Join(names, "; "), 80)}, "\t")
		})
}

// printList prints records as JSON (an empty array when there are none), or
// says there are none, or writes a table of a header and one row a record.
func printList[T any](w io.Writer, asJSON bool, records []T, none, header string, row func(T) string) error {
	if asJSON {
		if records == nil {
			records = []T{}
		}
		return writeJSON(w, records)
	}
	if len(records) == 0 {
		fmt.Fprintln(w, none)
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range records {
		fmt.Fprintln(tw, row(r))
	}
	return tw.Flush()
}

// licencesUsed lists the licences a decision draws on.
func licencesUsed(d *clearance.Decision) string {
	var out []string
	for _, dr := range d.Draws {
		if len(out) == 0 || out[len(out)-1] != dr.Licence {
			out = append(out, dr.Licence)
		}
	}
	return strings.Join(out, ", ")
}
