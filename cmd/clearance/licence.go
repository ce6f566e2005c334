package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/clearancehq/clearance"
)

// LicenceCmd groups the licence commands.
type LicenceCmd struct {
	Add  LicenceAddCmd  `cmd:"" help:"Record a licence from its JSON file."`
	List LicenceListCmd `cmd:"" help:"List the licences with what remains of them."`
	Show LicenceShowCmd `cmd:"" help:"Show a licence, its balance and the orders that drew on it."`
}

// LicenceAddCmd records a licence.
type LicenceAddCmd struct {
	JSON bool   `name:"json" help:"Print the recorded licence as JSON."`
	File string `arg:"" name:"LICENCE.json" help:"The licence: number, destination, parties, items, valid_from, valid_to."`
}

// Run records the licence. A malformed file records nothing.
func (c *LicenceAddCmd) Run(app *App) error {
	b, err := readDoc(c.File)
	if err != nil {
		return err
	}
	l, err := clearance.ParseLicence(c.File, b)
	if err != nil {
		return err
	}
	st, err := app.Store()
	if err != nil {
		return err
	}
	bal, err := st.AddLicence(app.ctx, l)
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, bal)
	}
	fmt.Fprintf(app.stdout, "Recorded licence %s (%s) for %s, valid %s to %s, with %d line(s). Parties: %s\n",
		l.Number, l.Authority, l.Destination, l.ValidFrom, l.ValidTo, len(l.Items), strings.Join(l.Parties, "; "))
	return nil
}

// LicenceListCmd lists the licences.
type LicenceListCmd struct {
	JSON bool `name:"json" help:"Print JSON."`
}

// Run lists the licences.
func (c *LicenceListCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	all, err := st.Licences(app.ctx)
	if err != nil {
		return err
	}
	today := time.Now().Format(time.DateOnly)
	return printList(app.stdout, c.JSON, all, "No licence recorded.",
		"NUMBER\tAUTHORITY\tDEST\tVALID FROM\tVALID TO\tSTATUS\tLINES (LEFT)\tPARTIES",
		func(b clearance.LicenceBalance) string {
			l := b.Licence
			var lines []string
			for i, li := range l.Items {
				lines = append(lines, li.ECCN+" "+left(b.Lines[i]))
			}
			return strings.Join([]string{l.Number, string(l.Authority), l.Destination, l.ValidFrom, l.ValidTo,
				status(&b, today), strings.Join(lines, "; "), truncate(strings.Join(l.Parties, "; "), 60)}, "\t")
		})
}

// status says whether a licence can still be used today.
func status(b *clearance.LicenceBalance, today string) string {
	switch {
	case today > b.Licence.ValidTo:
		return "expired"
	case today < b.Licence.ValidFrom:
		return "not yet valid"
	case b.Exhausted():
		return "exhausted"
	}
	return "valid"
}

// left says what remains of a line: "4 units, $600.00".
func left(lb clearance.LineBalance) string {
	var parts []string
	if q := lb.RemainingQuantity; q != nil {
		parts = append(parts, q.String())
	}
	if v := lb.RemainingValue; v != nil {
		parts = append(parts, "$"+v.String())
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// LicenceShowCmd shows one licence.
type LicenceShowCmd struct {
	JSON   bool   `name:"json" help:"Print JSON."`
	Number string `arg:"" name:"NUMBER" help:"The licence number."`
}

// Run shows the licence.
func (c *LicenceShowCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	b, err := st.Licence(app.ctx, c.Number)
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, b)
	}
	printLicence(app.stdout, b)
	return nil
}

func printLicence(w io.Writer, b *clearance.LicenceBalance) {
	l := b.Licence
	fmt.Fprintf(w, "Licence %s (%s), %s\n", l.Number, l.Authority, status(b, time.Now().Format(time.DateOnly)))
	fmt.Fprintf(w, "Destination:  %s (%s)\n", clearance.CountryName(l.Destination), l.Destination)
	fmt.Fprintf(w, "Valid:        %s to %s\n", l.ValidFrom, l.ValidTo)
	fmt.Fprintf(w, "Parties:      %s\n", strings.Join(l.Parties, "; "))
	for _, c := range l.Conditions {
		fmt.Fprintf(w, "Condition:    %s\n", c)
	}
	fmt.Fprintf(w, "Recorded:     %s\n\n", b.AddedAt.Local().Format("2006-01-02 15:04:05"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LINE\tECCN\tQUANTITY\tUSED\tLEFT\tVALUE (USD)\tUSED\tLEFT\tDESCRIPTION")
	for i, li := range l.Items {
		lb := b.Lines[i]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i, li.ECCN,
			limit(li.Quantity, li.Unit), lb.UsedQuantity, orDash(stringOf(lb.RemainingQuantity)),
			limit(li.Value, ""), lb.UsedValue, orDash(stringOf(lb.RemainingValue)), li.Description)
	}
	tw.Flush()
	if len(b.Draws) == 0 {
		fmt.Fprintln(w, "\nNo order has drawn on it.")
		return
	}
	fmt.Fprintln(w, "\nDrawn by")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ORDER\tITEM\tLINE\tQUANTITY\tVALUE (USD)")
	for _, d := range b.Draws {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\n", d.Order, d.Item, d.Line, d.Quantity, d.Value)
	}
	tw.Flush()
}

// limit writes an authorised amount, or "no limit".
func limit[T fmt.Stringer](p *T, unit string) string {
	if p == nil {
		return "no limit"
	}
	s := (*p).String()
	if unit != "" {
		s += " " + unit
	}
	return s
}

func stringOf[T fmt.Stringer](p *T) string {
	if p == nil {
		return ""
	}
	return (*p).String()
}
