package main

import (
	"fmt"

	"github.com/clearancehq/clearance"
)

// UVLCmd groups the commands on UVL statements.
type UVLCmd struct {
	Add  UVLAddCmd  `cmd:"" help:"Record a signed UVL statement from its JSON file."`
	List UVLListCmd `cmd:"" help:"List the UVL statements on file."`
}

// UVLAddCmd records a UVL statement.
type UVLAddCmd struct {
	File string `arg:"" name:"STATEMENT.json" help:"The statement: party, signed, and optionally order, signatory, note."`
}

// Run records the statement. A malformed file records nothing.
func (c *UVLAddCmd) Run(app *App) error {
	b, err := readDoc(c.File)
	if err != nil {
		return err
	}
	s, err := clearance.ParseUVLStatement(c.File, b)
	if err != nil {
		return err
	}
	st, err := app.Store()
	if err != nil {
		return err
	}
	rec, err := st.AddUVLStatement(app.ctx, s)
	if err != nil {
		return err
	}
	scope := "its orders dated from then on"
	if rec.Order != "" {
		scope = "order " + rec.Order
	}
	fmt.Fprintf(app.stdout, "Recorded UVL statement %d of %s, signed %s, for %s.\n", rec.ID, rec.Party, rec.Signed, scope)
	return nil
}

// UVLListCmd lists the statements on file.
type UVLListCmd struct {
	JSON bool `name:"json" help:"Print JSON."`
}

// Run lists the statements.
func (c *UVLListCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	all, err := st.UVLStatements(app.ctx)
	if err != nil {
		return err
	}
	return printList(app.stdout, c.JSON, all, "No UVL statement on file.",
		"ID\tPARTY\tSIGNED\tORDER\tSIGNATORY\tRECORDED",
		func(s clearance.UVLStatement) string {
			return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%s", s.ID, s.Party, s.Signed, orDash(s.Order), orDash(s.Signatory),
				s.RecordedAt.Local().Format("2006-01-02 15:04"))
		})
}
