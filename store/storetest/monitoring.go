package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// blockedDecision returns a later decision blocking an order.
func blockedDecision(order string) clearance.Decision {
	return clearance.Decision{OrderID: order, Outcome: clearance.Blocked, AsOf: "2026-03-02", Rules: "test",
		DecidedAt: at, Reasons: []clearance.Reason{{Effect: clearance.Blocked, Party: "Hikvision", EntryName: "Listed",
			Source: "Entity List", Message: "listed since the order was submitted"}}}
}

// submitClear submits an order with a clear decision.
func submitClear(t *testing.T, s clearance.ReviewStore, id string) {
	t.Helper()
	o := Order(id, "Hikvision", 1)
	mustSubmit(t, s, o, &clearance.Decision{OrderID: id, Outcome: clearance.Clear, AsOf: o.Date, Rules: "test", DecidedAt: at})
}

func testOrderDecisions(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	submitClear(t, s, "PO-1")
	hold := blockedDecision("PO-1")
	hold.Outcome = clearance.Hold
	rec := mustRecord(t, s, &clearance.Findings{Decisions: []clearance.OrderDecision{{Decision: hold, Why: "a possible match"}}})
	if len(rec.Decisions) != 1 || len(rec.Events) != 1 || rec.Events[0].Type != clearance.EventOrderDecision || rec.Events[0].OrderID != "PO-1" {
		t.Fatalf("recording hold on a clear order = %+v", rec)
	}
	for _, d := range []clearance.Decision{hold, blockedDecision("PO-1"), hold} {
		mustRecord(t, s, &clearance.Findings{Decisions: []clearance.OrderDecision{{Decision: d}}})
	}
	ds, err := s.OrderDecisions(ctx, "PO-1")
	if err != nil {
		t.Fatal(err)
	}
	var outcomes []clearance.Outcome
	for _, d := range ds {
		outcomes = append(outcomes, d.Outcome)
	}
	if diff := cmp.Diff([]clearance.Outcome{clearance.Clear, clearance.Hold, clearance.Blocked}, outcomes); diff != "" {
		t.Errorf("decisions (-want +got), only the more severe recorded:\n%s", diff)
	}
	got, _ := s.Order(ctx, "PO-1")
	if got.Decision.Outcome != clearance.Blocked || !got.Decision.Recorded {
		t.Errorf("Order(PO-1) decision = %s, want the latest, blocked", got.Decision.Outcome)
	}
	released := blockedDecision("PO-1")
	released.Outcome = clearance.Released
	_, err = s.RecordFindings(ctx, &clearance.Findings{Decisions: []clearance.OrderDecision{{Decision: released}}})
	wantKind(t, "RecordFindings of a released decision", err, clearance.Invalid)
	withDraws := blockedDecision("PO-1")
	withDraws.Draws = []clearance.Draw{{Order: "PO-1", Licence: "L-1"}}
	_, err = s.RecordFindings(ctx, &clearance.Findings{Decisions: []clearance.OrderDecision{{Decision: withDraws}}})
	wantKind(t, "RecordFindings of a decision with draws", err, clearance.Invalid)
	_, err = s.OrderDecisions(ctx, "PO-9")
	wantKind(t, "OrderDecisions(unknown)", err, clearance.NotFound)
}

func testShipOrder(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	submitClear(t, s, "PO-1")
	submitClear(t, s, "PO-2")
	submitClear(t, s, "PO-3")
	mustRecord(t, s, &clearance.Findings{Decisions: []clearance.OrderDecision{{Decision: blockedDecision("PO-3")}}})
	sh, err := s.ShipOrder(ctx, "PO-1", "dock")
	if err != nil || sh.By != "dock" || sh.At.IsZero() {
		t.Fatalf("ShipOrder(PO-1) = %+v, %v", sh, err)
	}
	_, err = s.ShipOrder(ctx, "PO-1", "dock")
	wantKind(t, "ShipOrder twice", err, clearance.Conflict)
	_, err = s.ShipOrder(ctx, "PO-3", "dock")
	wantKind(t, "ShipOrder of a blocked order", err, clearance.Conflict)
	_, err = s.ShipOrder(ctx, "PO-9", "dock")
	wantKind(t, "ShipOrder(unknown)", err, clearance.NotFound)
	open, err := s.OpenOrders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range open {
		ids = append(ids, o.Order.ID)
	}
	if diff := cmp.Diff([]string{"PO-2", "PO-3"}, ids); diff != "" {
		t.Errorf("OpenOrders (-want +got):\n%s", diff)
	}
	if got, err := s.Shipment(ctx, "PO-1"); err != nil || got.By != "dock" || !got.At.Equal(sh.At) {
		t.Errorf("Shipment(PO-1) = %+v, %v", got, err)
	}
	_, err = s.Shipment(ctx, "PO-2")
	wantKind(t, "Shipment of an open order", err, clearance.NotFound)
	rec := mustRecord(t, s, &clearance.Findings{Decisions: []clearance.OrderDecision{{Decision: blockedDecision("PO-1")}}})
	if len(rec.Decisions) != 0 {
		t.Errorf("a shipped order got a new decision")
	}
	evs := events(t, s)
	if last := evs[len(evs)-1]; last.Type != clearance.EventOrderShipped || last.OrderID != "PO-1" || last.Actor != "dock" {
		t.Errorf("last event = %+v, want PO-1 shipped by dock", last)
	}
}

// testMonitorRuns: a source lags its mark from its first import; a run over
// the lag finishes by moving the marks.
func testMonitorRuns(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	lag := func() []clearance.VersionSpan {
		t.Helper()
		l, err := s.MonitorLag(ctx)
		if err != nil {
			t.Fatalf("MonitorLag: %v", err)
		}
		return l
	}
	if l := lag(); len(l) != 0 {
		t.Errorf("an empty store lags: %v", l)
	}
	mustImport(t, s, Request(srcB, "b1", threeEntries(srcB)...))
	mustImport(t, s, Request(srcA, "a1", threeEntries(srcA)...))
	mustImport(t, s, Request(srcA, "a2", threeEntries(srcA)[:2]...))
	want := []clearance.VersionSpan{{Source: srcA, From: 0, To: 2}, {Source: srcB, From: 0, To: 1}}
	if diff := cmp.Diff(want, lag()); diff != "" {
		t.Fatalf("MonitorLag (-want +got):\n%s", diff)
	}
	_, err := s.BeginMonitorRun(ctx, []clearance.VersionSpan{{Source: srcA, From: 1, To: 2}}, nil)
	wantKind(t, "BeginMonitorRun from a version that is not the mark", err, clearance.Conflict)
	ev := clearance.Event{Type: clearance.EventListUpdated, At: at, Actor: "test", Message: "updated"}
	run, err := s.BeginMonitorRun(ctx, want, []clearance.Event{ev})
	if err != nil || run.ID <= 0 {
		t.Fatalf("BeginMonitorRun = %+v, %v", run, err)
	}
	_, err = s.BeginMonitorRun(ctx, want, nil)
	wantKind(t, "a second BeginMonitorRun", err, clearance.Conflict)
	got, err := s.UnfinishedMonitorRun(ctx)
	if err != nil || got == nil || got.ID != run.ID || !cmp.Equal(got.Spans, want) {
		t.Fatalf("UnfinishedMonitorRun = %+v, %v", got, err)
	}
	run.Stats.Counterparties = 5
	if err := s.FinishMonitorRun(ctx, run, []clearance.Event{{Type: clearance.EventMonitorCompleted, At: at, Actor: "test", Message: "done"}}); err != nil {
		t.Fatalf("FinishMonitorRun: %v", err)
	}
	wantKind(t, "FinishMonitorRun twice", s.FinishMonitorRun(ctx, run, nil), clearance.Conflict)
	if l := lag(); len(l) != 0 {
		t.Errorf("lag after the run = %v", l)
	}
	if u, _ := s.UnfinishedMonitorRun(ctx); u != nil {
		t.Errorf("unfinished run after finishing: %+v", u)
	}
	mustImport(t, s, Request(srcA, "a3", threeEntries(srcA)...))
	if diff := cmp.Diff([]clearance.VersionSpan{{Source: srcA, From: 2, To: 3}}, lag()); diff != "" {
		t.Errorf("lag after another import (-want +got):\n%s", diff)
	}
	runs, err := s.MonitorRuns(ctx, 5)
	if err != nil || len(runs) != 1 || runs[0].FinishedAt.IsZero() || runs[0].Stats.Counterparties != 5 {
		t.Errorf("MonitorRuns = %+v, %v", runs, err)
	}
	if diff := cmp.Diff([]clearance.EventType{clearance.EventListUpdated, clearance.EventMonitorCompleted}, eventTypes(events(t, s))); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// testMonitorProgress: progress saved with findings survives, with the
// cases opened counted by the store.
func testMonitorProgress(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	mustImport(t, s, Request(srcA, "a1", threeEntries(srcA)...))
	run, err := s.BeginMonitorRun(ctx, []clearance.VersionSpan{{Source: srcA, To: 1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	run.Cursor, run.Stats.Counterparties = "C-2", 2
	e := NewEntry(srcA, "e1", "Alpha")
	mustRecord(t, s, &clearance.Findings{Cases: []clearance.Case{NewCase("C-1", e, 0.8), NewCase("C-1", e, 0.8)}, Progress: run})
	got, _ := s.UnfinishedMonitorRun(ctx)
	if got.Cursor != "C-2" || got.Stats.Counterparties != 2 || got.Stats.CasesOpened != 1 || run.Stats.CasesOpened != 1 {
		t.Errorf("saved progress = %+v (run %+v), want cursor C-2, 2 counterparties, 1 case", got, run)
	}
	if err := s.FinishMonitorRun(ctx, run, nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.RecordFindings(ctx, &clearance.Findings{Progress: run})
	wantKind(t, "saving progress of a finished run", err, clearance.Conflict)
}

func testEvents(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	c := mustOpen(t, s, NewCase("C-1", NewEntry(srcA, "e1", "Alpha"), 0.8)) // an event at the fixed time at
	if _, err := s.UpsertCounterparties(ctx, []clearance.Counterparty{Counterparty("C-1", "A")}, "alice"); err != nil {
		t.Fatal(err) // an event now, after at
	}
	all := events(t, s)
	if len(all) != 2 || all[0].ID >= all[1].ID || all[0].CaseID != c.ID || !all[0].At.Equal(at) || all[1].At.Location() != time.UTC {
		t.Fatalf("events = %+v", all)
	}
	for _, tt := range []struct {
		f    clearance.EventFilter
		want []int64
	}{
		{clearance.EventFilter{After: all[0].ID}, []int64{all[1].ID}},
		{clearance.EventFilter{Type: clearance.EventCaseOpened}, []int64{all[0].ID}},
		{clearance.EventFilter{Limit: 1}, []int64{all[0].ID}},
		{clearance.EventFilter{After: all[1].ID}, nil},
		{clearance.EventFilter{Since: at.Add(time.Microsecond)}, []int64{all[1].ID}},
		{clearance.EventFilter{Since: at}, []int64{all[0].ID, all[1].ID}},
	} {
		got, err := s.Events(ctx, tt.f)
		if err != nil {
			t.Fatalf("Events(%+v): %v", tt.f, err)
		}
		var ids []int64
		for _, e := range got {
			ids = append(ids, e.ID)
		}
		if diff := cmp.Diff(tt.want, ids); diff != "" {
			t.Errorf("Events(%+v) (-want +got):\n%s", tt.f, diff)
		}
	}
	if diff := cmp.Diff(all, events(t, s)); diff != "" {
		t.Errorf("events read twice differ:\n%s", diff)
	}
}

func testWebhooks(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	const url = "http://127.0.0.1:9/hook"
	if _, err := s.UpsertCounterparties(ctx, []clearance.Counterparty{Counterparty("C-1", "A")}, "alice"); err != nil {
		t.Fatal(err)
	}
	_, err := s.WebhookBacklog(ctx, url, 0)
	wantKind(t, "WebhookBacklog of an unregistered URL", err, clearance.NotFound)
	if err := s.RegisterWebhook(ctx, url); err != nil {
		t.Fatal(err)
	}
	backlog := func() []clearance.Event {
		b, err := s.WebhookBacklog(ctx, url, 0)
		if err != nil {
			t.Fatalf("WebhookBacklog: %v", err)
		}
		return b
	}
	if b := backlog(); len(b) != 0 {
		t.Errorf("a new receiver's backlog holds %d earlier events", len(b))
	}
	mustOpen(t, s, NewCase("C-1", NewEntry(srcA, "e1", "Alpha"), 0.8))
	mustOpen(t, s, NewCase("C-1", NewEntry(srcA, "e2", "Beta"), 0.8))
	if err := s.RegisterWebhook(ctx, url); err != nil { // again: keeps the cursor
		t.Fatal(err)
	}
	b := backlog()
	if len(b) != 2 {
		t.Fatalf("backlog = %d events, want 2", len(b))
	}
	fail := &clearance.Delivery{URL: url, EventID: b[0].ID, Attempt: 1, At: at, Status: 503, Error: "503 Service Unavailable", Duration: time.Millisecond}
	ok := &clearance.Delivery{URL: url, EventID: b[0].ID, Attempt: 2, At: at, Status: 204, Duration: 2 * time.Millisecond, Done: true}
	for _, d := range []*clearance.Delivery{fail, ok} {
		if err := s.RecordDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if got := backlog(); len(got) != 1 || got[0].ID != b[1].ID {
		t.Errorf("backlog after delivering the first event = %+v", got)
	}
	ds, err := s.Deliveries(ctx, clearance.DeliveryFilter{EventID: b[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]clearance.Delivery{*fail, *ok}, ds); diff != "" {
		t.Errorf("Deliveries (-want +got):\n%s", diff)
	}
	wantKind(t, "RecordDelivery without an event", s.RecordDelivery(ctx, &clearance.Delivery{URL: url, Attempt: 1}), clearance.Invalid)
}

func testOptions(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	opts := match.DefaultOptions()
	opts.Threshold = 0.7
	for range 2 {
		if err := s.SaveOptions(ctx, opts); err != nil {
			t.Fatalf("SaveOptions: %v", err)
		}
	}
	got, err := s.Options(ctx, opts.Hash())
	if err != nil || got != opts || got.Hash() != opts.Hash() {
		t.Errorf("Options(%s) = %+v, %v; want %+v", opts.Hash(), got, err, opts)
	}
	_, err = s.Options(ctx, "000000000000")
	wantKind(t, "Options(unknown)", err, clearance.NotFound)
}

// testWebhookClaims: one worker at a time holds a URL's claim; it renews
// its own; a lapsed claim is taken over; a release frees only one's own
// claim; two workers claiming at once: exactly one wins.
func testWebhookClaims(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	const url = "https://receiver.example/hook"
	if _, err := s.ClaimWebhook(ctx, url, "a", time.Now().Add(time.Minute)); clearance.KindOf(err) != clearance.NotFound {
		t.Errorf("ClaimWebhook of an unregistered URL: %v, want NotFound", err)
	}
	if err := s.RegisterWebhook(ctx, url); err != nil {
		t.Fatal(err)
	}
	claim := func(worker string, until time.Duration) bool {
		t.Helper()
		ok, err := s.ClaimWebhook(ctx, url, worker, time.Now().Add(until))
		if err != nil {
			t.Fatalf("ClaimWebhook(%s): %v", worker, err)
		}
		return ok
	}
	if !claim("a", time.Minute) {
		t.Fatal("a free claim was refused")
	}
	if claim("b", time.Minute) {
		t.Error("b took a's claim while it held")
	}
	if !claim("a", time.Minute) {
		t.Error("a could not renew its own claim")
	}
	if err := s.ReleaseWebhook(ctx, url, "b"); err != nil {
		t.Fatal(err)
	}
	if claim("b", time.Minute) {
		t.Error("b's release freed a's claim")
	}
	// a's claim lapses (it renews it into the past, as a worker that died
	// long ago left it): b takes over.
	if !claim("a", -time.Second) || !claim("b", time.Minute) {
		t.Error("b could not take over a lapsed claim")
	}
	if err := s.ReleaseWebhook(ctx, url, "b"); err != nil {
		t.Fatal(err)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			ok, err := s.ClaimWebhook(ctx, url, fmt.Sprintf("w%d", i), time.Now().Add(time.Minute))
			if err != nil {
				t.Errorf("concurrent claim: %v", err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("%d of 4 concurrent claims won, want exactly 1", wins.Load())
	}
}
