package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

// EventsCmd groups the event log's commands; with no subcommand it lists.
type EventsCmd struct {
	List       EventsListCmd       `cmd:"" default:"withargs" help:"List the event log, oldest first."`
	Deliver    EventsDeliverCmd    `cmd:"" help:"Send the webhook receiver the events it has not had yet."`
	Deliveries EventsDeliveriesCmd `cmd:"" help:"List webhook delivery attempts."`
}

// EventsListCmd lists events.
type EventsListCmd struct {
	JSON  bool   `name:"json" help:"Print JSON: an array of events."`
	Since string `name:"since" placeholder:"ID|DATE|TIME" help:"Only events after this event id, or from this date (YYYY-MM-DD) or RFC 3339 time."`
	Type  string `name:"type" help:"Only events of this type (case.opened, order.decision_changed, list.updated...)."`
	Limit int    `name:"limit" help:"At most this many events."`
}

// Run lists the events.
func (c *EventsListCmd) Run(app *App) error {
	f, err := clearance.ParseEventSince(c.Since, time.Local)
	if err != nil {
		return fmt.Errorf("--%w", err)
	}
	f.Type, f.Limit = clearance.EventType(c.Type), c.Limit
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	evs, err := st.Events(app.ctx, f)
	if err != nil {
		return err
	}
	return printList(app.stdout, c.JSON, evs, "No event.", "ID\tAT\tTYPE\tACTOR\tMESSAGE",
		func(e clearance.Event) string {
			return strings.Join([]string{strconv.FormatInt(e.ID, 10), e.At.Local().Format("2006-01-02 15:04:05"), string(e.Type),
				e.Actor, truncate(e.Message, 200)}, "\t")
		})
}

// EventsDeliverCmd delivers pending events to the webhook receiver.
type EventsDeliverCmd struct{}

// Run delivers; it fails when an event could not be delivered.
func (c *EventsDeliverCmd) Run(app *App) error {
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	n := app.notifier(st)
	if n == nil {
		return clearance.Errorf(clearance.Invalid, "no webhook is configured: set CLEARANCE_WEBHOOK_URL and CLEARANCE_WEBHOOK_SECRET")
	}
	rep, err := n.Deliver(app.ctx)
	if err == nil && rep.Busy {
		fmt.Fprintf(app.stdout, "%s: another process (a server) is delivering the events now; nothing sent.\n", n.URL)
		return nil
	}
	fmt.Fprintf(app.stdout, "%s: %d events delivered, %d refused by the receiver, %d attempts.\n", n.URL, rep.Delivered, rep.GivenUp, rep.Attempts)
	return err
}

// EventsDeliveriesCmd lists delivery attempts.
type EventsDeliveriesCmd struct {
	JSON  bool  `name:"json" help:"Print JSON."`
	Event int64 `name:"event" help:"Only the attempts at this event."`
	Limit int   `name:"limit" help:"At most this many attempts."`
}

// Run lists the attempts.
func (c *EventsDeliveriesCmd) Run(app *App) error {
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	ds, err := st.Deliveries(app.ctx, clearance.DeliveryFilter{EventID: c.Event, Limit: c.Limit})
	if err != nil {
		return err
	}
	return printList(app.stdout, c.JSON, ds, "No delivery attempted.", "EVENT\tATTEMPT\tAT\tSTATUS\tDONE\tURL\tERROR",
		func(d clearance.Delivery) string {
			return strings.Join([]string{strconv.FormatInt(d.EventID, 10), strconv.Itoa(d.Attempt), d.At.Local().Format("2006-01-02 15:04:05"),
				strconv.Itoa(d.Status), strconv.FormatBool(d.Done), d.URL, orDash(d.Error)}, "\t")
		})
}
