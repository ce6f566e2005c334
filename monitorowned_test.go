package clearance_test

import (
	"context"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/ownership"
	"github.com/clearancehq/clearance/store/storetest"
)

// ownedGatekeeper returns the world's licence gate with the ownership
// rules over the edges on file, counterparties named by id standing under
// their names, as the command line wires it.
func (w *monitorWorld) ownedGatekeeper(ctx context.Context) (*clearance.Gatekeeper, error) {
	sc, err := clearance.LoadScreener(ctx, w.st)
	if err != nil {
		return nil, err
	}
	gk := gatekeeper(w.t, sc, w.st)
	names := &clearance.CounterpartyNames{Store: w.st}
	b := ownership.NewBuilder()
	for e, err := range w.st.OwnershipEdges(ctx) {
		if err == nil {
			e, err = names.Edge(ctx, e)
		}
		if err == nil {
			err = b.Add(e)
		}
		if err != nil {
			return nil, err
		}
	}
	resolve := func(name string) ([]clearance.Hit, error) { return sc.ResolveParty(name, match.DefaultOptions()) }
	if gk.Ownership, err = ownership.NewFinder(b.Graph(), ownership.Current, resolve, nil); err != nil {
		return nil, err
	}
	return gk, nil
}

// TestMonitorOwnedOrder: an open order to a counterparty that an edge
// names by id, owned 60% by Hikvision, is blocked by the run after the
// update listing Hikvision, though no changed entry resembles the
// counterparty's name; an order to an unrelated party is left alone; the
// counterparty gets a case on its owner's listing, once.
func TestMonitorOwnedOrder(t *testing.T) {
	const northwind = "Northwind Vision Components Co., Ltd."
	w := newMonitorWorld(t)
	w.m.Gatekeeper = w.ownedGatekeeper
	w.register(storetest.Counterparty("C-NW", northwind))
	w.importList(baseList()...)
	ctx := t.Context()
	if _, err := w.st.AddOwnership(ctx, "edges.csv", "h", []clearance.OwnershipEdge{
		{Owner: hikvision, Owned: "counterparty:C-NW", Stake: clearance.Percent(60), AsOf: "2025-06-30", Source: "registry"},
	}); err != nil {
		t.Fatal(err)
	}
	gk, err := w.ownedGatekeeper(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []*clearance.Order{storetest.Order("PO-NW", northwind, 10), storetest.Order("PO-ACME", "Acme Optical Components Ltd", 10)} {
		o.Date = "2026-12-01" // the Affiliates Rule in force
		if d, err := gk.Submit(ctx, o); err != nil || d.Outcome != clearance.Clear {
			t.Fatalf("Submit %s before Hikvision's listing = %+v, %v; want clear", o.ID, d, err)
		}
	}

	runs := w.importList(append(baseList(), elEntry("el-hik", hikvision, "Hikvision"))...)
	if len(runs) != 1 || runs[0].Stats.OrdersMoved != 1 {
		t.Fatalf("runs after listing Hikvision = %+v; want one order moved", runs)
	}
	hist, err := w.st.OrderDecisions(ctx, "PO-NW")
	if err != nil || len(hist) != 2 {
		t.Fatalf("decisions on PO-NW = %+v, %v; want the submitted one and the monitor's", hist, err)
	}
	d := hist[1]
	var owned *clearance.Reason
	for i := range d.Reasons {
		if d.Reasons[i].Ownership != nil && d.Reasons[i].EntryID == "el-hik" {
			owned = &d.Reasons[i]
		}
	}
	if d.Outcome != clearance.Blocked || owned == nil || owned.Party != northwind {
		t.Errorf("PO-NW after the update = %s, reasons %+v; want blocked by Hikvision's ownership", d.Outcome, d.Reasons)
	}
	evs, err := w.st.Events(ctx, clearance.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var moved []string
	for _, e := range evs {
		if e.Type == clearance.EventOrderDecision {
			moved = append(moved, e.OrderID+": "+e.Message)
		}
	}
	if len(moved) != 1 || !strings.Contains(moved[0], "PO-NW") || !strings.Contains(moved[0], "restricted by ownership under the BIS Affiliates Rule") {
		t.Errorf("order events = %q; want PO-NW alone, moved for its owner's listing", moved)
	}
	// The counterparty itself gets a case on it and its listed owner, with
	// the chain, though its name resembles no listed name.
	cases, err := w.st.Cases(ctx, clearance.CaseFilter{CounterpartyID: "C-NW"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1 || cases[0].Hit.EntryID != "el-hik" || cases[0].Trigger.Kind != clearance.TriggerOwnership ||
		!strings.Contains(cases[0].Trigger.Message, "60% owned directly by") || runs[0].Stats.CasesOpened < 1 {
		t.Errorf("cases on C-NW after Hikvision's listing = %+v (run opened %d); want one ownership case on el-hik", cases, runs[0].Stats.CasesOpened)
	}
	// A second update that does not touch Hikvision opens nothing more.
	runs = w.importList(append(baseList(), elEntry("el-hik", hikvision, "Hikvision"), elEntry("el-other", "Quillfeather Orchards Ltd"))...)
	if cs, _ := w.st.Cases(ctx, clearance.CaseFilter{CounterpartyID: "C-NW"}); len(cs) != 1 {
		t.Errorf("%d cases on C-NW after an unrelated update, want still 1", len(cs))
	}
}
