package clearance_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/store/sqlite"
	"github.com/clearancehq/clearance/store/storetest"
)

// monitorWorld is a store with lists and a registry, and a Monitor over
// them wired as the command line wires it.
type monitorWorld struct {
	t  *testing.T
	st *sqlite.Store
	m  *clearance.Monitor
	n  int // imports so far
}

func newMonitorWorld(t *testing.T) *monitorWorld {
	w := &monitorWorld{t: t, st: openStore(t, filepath.Join(t.TempDir(), "clearance.db"))}
	full := func(ctx context.Context) (*clearance.Screener, error) { return clearance.LoadScreener(ctx, w.st) }
	w.m = &clearance.Monitor{Store: w.st, Screener: full, Options: match.DefaultOptions(),
		ReviewThreshold: clearance.DefaultReviewThreshold, Workers: 2, BatchSize: 3,
		Gatekeeper: func(ctx context.Context) (*clearance.Gatekeeper, error) {
			s, err := full(ctx)
			if err != nil {
				return nil, err
			}
			return gatekeeper(t, s, w.st), nil
		}}
	return w
}

// elEntry returns an Entity List entry with the given names.
var elEntry = storetest.EntityListEntry

// baseList is a CSL version without Hikvision.
func baseList() []*clearance.Entry {
	return []*clearance.Entry{
		elEntry("el-dahua", "Zhejiang Dahua Technology Co., Ltd.", "Dahua"),
		elEntry("el-bureau", "Xinjiang Uighur Autonomous Region People's Government Public Security Bureau"),
	}
}

// importList imports a CSL version of the given entries and runs the
// monitor, returning its runs.
func (w *monitorWorld) importList(entries ...*clearance.Entry) []clearance.MonitorRun {
	w.t.Helper()
	w.n++
	if _, err := w.st.Import(w.t.Context(), storetest.Request(clearance.SourceUSCSL, fmt.Sprint("h", w.n), entries...)); err != nil {
		w.t.Fatal(err)
	}
	runs, err := w.m.Run(w.t.Context())
	if err != nil {
		w.t.Fatalf("Monitor.Run: %v", err)
	}
	return runs
}

func (w *monitorWorld) register(cps ...clearance.Counterparty) {
	w.t.Helper()
	if _, err := w.st.UpsertCounterparties(w.t.Context(), cps, "test"); err != nil {
		w.t.Fatal(err)
	}
}

func (w *monitorWorld) cases(f clearance.CaseFilter) []clearance.Case {
	w.t.Helper()
	cs, err := w.st.Cases(w.t.Context(), f)
	if err != nil {
		w.t.Fatal(err)
	}
	return cs
}

func (w *monitorWorld) eventTypes() []string {
	w.t.Helper()
	evs, err := w.st.Events(w.t.Context(), clearance.EventFilter{})
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		out = append(out, string(e.Type))
	}
	return out
}

func registry() []clearance.Counterparty {
	return []clearance.Counterparty{
		storetest.Counterparty("C-01", "Hangzhou Hikvision Digital Technology Co., Ltd."),
		storetest.Counterparty("C-02", "Acme Optical Components Ltd"),
		storetest.Counterparty("C-03", "Nordwind Logistik GmbH"),
		storetest.Counterparty("C-04", "Shenzhen Bright Star Electronics Co., Ltd."),
		storetest.Counterparty("C-05", "Zhejiang Dahua Technology Co., Ltd."),
	}
}

// TestMonitorListUpdate: an update adding Hikvision opens a case for the
// Hikvision counterparty only, blocks the open order to Hikvision, and
// logs what happened; a second run has nothing to do.
func TestMonitorListUpdate(t *testing.T) {
	w := newMonitorWorld(t)
	w.register(registry()...)
	runs := w.importList(baseList()...)
	if len(runs) != 1 || runs[0].Spans[0] != (clearance.VersionSpan{Source: clearance.SourceUSCSL, From: 0, To: 1}) {
		t.Fatalf("first runs = %+v", runs)
	}
	if cs := w.cases(clearance.CaseFilter{}); len(cs) != 1 || cs[0].CounterpartyID != "C-05" {
		t.Fatalf("cases after the first list = %+v, want one on Dahua (C-05)", cs)
	}
	gk := gatekeeper(t, mustLoad(t, w.st), w.st)
	o := hikvisionOrder("PO-1")
	if d, err := gk.Submit(t.Context(), o); err != nil || d.Outcome != clearance.Clear {
		t.Fatalf("Submit before the listing = %+v, %v; want clear", d, err)
	}

	runs = w.importList(append(baseList(), elEntry("el-hik", hikvision, "Hikvision"))...)
	if len(runs) != 1 || runs[0].Stats.Added != 1 || runs[0].Stats.CasesOpened != 2 || runs[0].Stats.OrdersMoved != 1 {
		t.Fatalf("runs after adding Hikvision = %+v; want 1 added, 2 cases (counterparty and order), 1 order moved", runs)
	}
	hik := w.cases(clearance.CaseFilter{CounterpartyID: "C-01"})
	if len(hik) != 1 || hik[0].EntryID != "el-hik" || hik[0].Score < 0.99 || hik[0].Trigger.Kind != clearance.TriggerListUpdate ||
		!strings.Contains(hik[0].Trigger.Message, "us-csl version 2 added the entry") || hik[0].EntryVersion != 2 {
		t.Errorf("Hikvision case = %+v", hik)
	}
	oc := w.cases(clearance.CaseFilter{OrderID: "PO-1"})
	if len(oc) != 1 || oc[0].Role != clearance.RoleEndUser || oc[0].EntryID != "el-hik" {
		t.Errorf("order cases = %+v", oc)
	}
	rec, err := w.st.Order(t.Context(), "PO-1")
	if err != nil || rec.Decision.Outcome != clearance.Blocked || rec.Decision.AsOf <= o.Date {
		t.Errorf("PO-1 after the update = %+v, %v; want blocked as of today", rec.Decision, err)
	}
	want := "counterparties.imported list.updated case.opened monitor.completed " +
		"list.updated case.opened case.opened order.decision_changed monitor.completed"
	if got := strings.Join(w.eventTypes(), " "); got != want {
		t.Errorf("events:\n%s\nwant\n%s", got, want)
	}
	if runs, err := w.m.Run(t.Context()); err != nil || len(runs) != 0 {
		t.Errorf("a run with nothing new = %+v, %v", runs, err)
	}
}

func mustLoad(t *testing.T, st clearance.ListStore) *clearance.Screener {
	t.Helper()
	s, err := clearance.LoadScreener(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func hikvisionOrder(id string) *clearance.Order {
	o := storetest.Order(id, hikvision, 10)
	o.Date = "2019-10-01"
	return o
}

// TestMonitorAllowListLapse: a cleared pair is not alerted again while the
// entry is unchanged, and is when the entry gains an alias.
func TestMonitorAllowListLapse(t *testing.T) {
	w := newMonitorWorld(t)
	w.importList(baseList()...)
	w.register(storetest.Counterparty("C-01", "Hikvision Trading"))
	w.importList(append(baseList(), elEntry("el-hik", hikvision, "Hikvision"))...)
	cs := w.cases(clearance.CaseFilter{})
	if len(cs) != 1 {
		t.Fatalf("cases = %+v, want one on Hikvision Trading", cs)
	}
	review := &clearance.Review{Store: w.st}
	if _, err := review.Clear(t.Context(), cs[0].ID, "alice", clearance.ReasonDifferentEntityType, "a reseller in Ohio"); err != nil {
		t.Fatal(err)
	}
	other := elEntry("el-other", "Beijing Quanxin Technology Co., Ltd.") // a change elsewhere: Hikvision is screened again only if it changed
	runs := w.importList(append(baseList(), elEntry("el-hik", hikvision, "Hikvision"), other)...)
	if n := len(w.cases(clearance.CaseFilter{})); n != 1 || runs[0].Stats.CasesOpened != 0 {
		t.Fatalf("after an update not touching Hikvision: %d cases, run %+v", n, runs[0].Stats)
	}
	runs = w.importList(append(baseList(), elEntry("el-hik", hikvision, "Hikvision", "Hikvision Digital Technology"), other)...)
	cs = w.cases(clearance.CaseFilter{State: clearance.CaseOpen})
	if len(cs) != 1 || runs[0].Stats.Changed != 1 {
		t.Fatalf("after Hikvision gained an alias: open cases %+v, run %+v", cs, runs[0].Stats)
	}
	tr := cs[0].Trigger
	if tr.Kind != clearance.TriggerEntryChanged || tr.Previous == 0 || !strings.Contains(tr.Message, "+ Hikvision Digital Technology") ||
		!strings.Contains(tr.Message, "different_entity_type") {
		t.Errorf("the new case's trigger = %+v", tr)
	}
}

// TestMonitorResumes: a run that dies after its first batch is finished by
// the next Run, opening each case once.
func TestMonitorResumes(t *testing.T) {
	w := claimWorld(t)
	ctx, cancel := context.WithCancel(t.Context())
	w.m.AfterBatch = func(*clearance.MonitorRun) { cancel() } // the process dies after one batch
	if _, err := w.m.Run(ctx); err == nil {
		t.Fatal("Run survived its death")
	}
	run, err := w.st.UnfinishedMonitorRun(t.Context())
	if err != nil || run == nil || run.Cursor != "C-02" || run.Stats.CasesOpened != 1 {
		t.Fatalf("unfinished run = %+v, %v; want cursor C-02 and one case", run, err)
	}
	w.m.AfterBatch = nil
	runs, err := w.m.Run(t.Context())
	if err != nil || len(runs) != 1 || runs[0].ID != run.ID {
		t.Fatalf("resumed runs = %+v, %v", runs, err)
	}
	if s := runs[0].Stats; s.Counterparties != 10 || s.CasesOpened != 2 {
		t.Errorf("resumed run stats = %+v, want 10 counterparties, 2 cases", s)
	}
	var ids []string
	for _, c := range w.cases(clearance.CaseFilter{}) {
		ids = append(ids, c.CounterpartyID)
	}
	if strings.Join(ids, ",") != "C-00,C-09" {
		t.Errorf("cases on %v, want C-00 and C-09 once each", ids)
	}
}

// TestRegistryScreening: new counterparties are screened in full once;
// --all screens again without duplicating open cases.
func TestRegistryScreening(t *testing.T) {
	w := newMonitorWorld(t)
	w.importList(append(baseList(), elEntry("el-hik", hikvision, "Hikvision"))...)
	w.register(registry()...)
	rs := &clearance.RegistryScreening{Store: w.st, Screener: mustLoad(t, w.st), Options: match.DefaultOptions(),
		ReviewThreshold: clearance.DefaultReviewThreshold, Workers: 2, BatchSize: 2}
	rep, err := rs.Run(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counterparties != 5 || len(rep.Cases) != 2 {
		t.Errorf("first screening = %+v, want 5 screened and cases on Hikvision and Dahua", rep)
	}
	if rep, _ := rs.Run(t.Context(), false); rep.Counterparties != 0 {
		t.Errorf("screening the unscreened again screened %d", rep.Counterparties)
	}
	rep, err = rs.Run(t.Context(), true)
	if err != nil || rep.Counterparties != 5 || len(rep.Cases) != 0 || rep.Hits != 2 {
		t.Errorf("screening all again = %+v, %v; want 5 screened, 2 hits, no new case", rep, err)
	}
	cp, _ := w.st.Counterparty(t.Context(), "C-02")
	if cp.ScreenedAt.IsZero() {
		t.Errorf("C-02 was not marked screened")
	}
}

// TestMonitorHoldsOrderNeedingLicence: an open order that a list update
// makes need a licence is held, not released under a licence on file:
// monitoring draws on no licence.
func TestMonitorHoldsOrderNeedingLicence(t *testing.T) {
	w := newMonitorWorld(t)
	w.importList(baseList()...)
	l := storetest.Licence("L-1", hikvision, 100, "EAR99")
	l.ValidFrom, l.ValidTo = "2019-01-01", "2099-12-31"
	if _, err := w.st.AddLicence(t.Context(), l); err != nil {
		t.Fatal(err)
	}
	gk := gatekeeper(t, mustLoad(t, w.st), w.st)
	if d, err := gk.Submit(t.Context(), hikvisionOrder("PO-1")); err != nil || d.Outcome != clearance.Clear {
		t.Fatalf("Submit = %+v, %v", d, err)
	}
	w.importList(append(baseList(), elEntry("el-hik", hikvision, "Hikvision"))...)
	rec, err := w.st.Order(t.Context(), "PO-1")
	if err != nil {
		t.Fatal(err)
	}
	d := rec.Decision
	if d.Outcome != clearance.Hold || len(d.Draws) != 0 || !strings.Contains(d.Reasons[len(d.Reasons)-1].Message, "monitoring draws on none") {
		t.Errorf("PO-1 after the listing = %s, draws %v, reasons %+v; want held, drawing nothing", d.Outcome, d.Draws, d.Reasons)
	}
	if b, _ := w.st.Licence(t.Context(), "L-1"); len(b.Draws) != 0 {
		t.Errorf("monitoring drew on the licence: %+v", b.Draws)
	}
}
