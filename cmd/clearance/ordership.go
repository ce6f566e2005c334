package main

import (
	"fmt"
	"io"

	"github.com/clearancehq/clearance"
)

// OrderShipCmd records that an order shipped.
type OrderShipCmd struct {
	ID string `arg:"" name:"ID" help:"The order's id."`
	By string `name:"by" required:"" help:"Who records the shipment."`
}

// Run records the shipment; an order on hold or blocked cannot ship.
func (c *OrderShipCmd) Run(app *App) error {
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	sh, err := st.ShipOrder(app.ctx, c.ID, c.By)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.stdout, "Order %s shipped, recorded by %s at %s.\n", sh.OrderID, sh.By, sh.At.Local().Format("2006-01-02 15:04:05"))
	return nil
}

// printHistory writes the earlier decisions and the shipment, if any.
func printHistory(w io.Writer, r *clearance.OrderHistory) {
	if len(r.Decisions) > 1 {
		fmt.Fprintln(w, "Decisions:")
		for i, d := range r.Decisions {
			fmt.Fprintf(w, "  %d. %-8s as of %s, decided %s\n", i+1, d.Outcome, d.AsOf, d.DecidedAt.Local().Format("2006-01-02 15:04"))
		}
	}
	if r.Shipment != nil {
		fmt.Fprintf(w, "Shipped %s, recorded by %s\n", r.Shipment.At.Local().Format("2006-01-02 15:04:05"), r.Shipment.By)
	}
}
