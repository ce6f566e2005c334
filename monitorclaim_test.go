package clearance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/storetest"
)

// claimWorld is a monitor world whose registry of ten, Hikvision first and
// last, is to be re-screened after an update adding Hikvision: three
// batches of three and one.
func claimWorld(t *testing.T) *monitorWorld {
	w := newMonitorWorld(t)
	w.importList(baseList()...)
	var cps []clearance.Counterparty
	for i := range 10 {
		cps = append(cps, storetest.Counterparty(fmt.Sprintf("C-%02d", i), fmt.Sprintf("Ordinary Trading %c Ltd", 'A'+i)))
	}
	cps[0].Name, cps[9].Name = hikvision, "Hikvision"
	w.register(cps...)
	if _, err := w.st.Import(t.Context(), storetest.Request(clearance.SourceUSCSL, "h2", append(baseList(), elEntry("el-hik", hikvision, "Hikvision"))...)); err != nil {
		t.Fatal(err)
	}
	return w
}

// other returns a second monitor over the world's store, as another
// instance would run it, under another worker name.
func (w *monitorWorld) other(worker string) *clearance.Monitor {
	m := *w.m
	m.Worker, m.AfterBatch, m.Busy, m.Dead = worker, nil, nil, nil
	return &m
}

// caseIDs lists the counterparties with cases, in order.
func (w *monitorWorld) caseIDs() string {
	var ids []string
	for _, c := range w.cases(clearance.CaseFilter{}) {
		ids = append(ids, c.CounterpartyID)
	}
	return strings.Join(ids, ",")
}

// TestMonitorOneWorker: while one instance works a run, another that finds
// it leaves it to the first, which finishes it alone: each case opens
// once, one run completes.
func TestMonitorOneWorker(t *testing.T) {
	w := claimWorld(t)
	w.m.Worker = "one"
	inBatch, release := make(chan struct{}), make(chan struct{})
	w.m.AfterBatch = func(*clearance.MonitorRun) {
		select {
		case inBatch <- struct{}{}:
			<-release
		default:
		}
	}
	type result struct {
		runs []clearance.MonitorRun
		err  error
	}
	first := make(chan result)
	go func() {
		runs, err := w.m.Run(t.Context())
		first <- result{runs, err}
	}()
	<-inBatch

	two := w.other("two")
	var busy []*clearance.MonitorRun
	two.Busy = func(run *clearance.MonitorRun) { busy = append(busy, run) }
	runs, err := two.Run(t.Context())
	if err != nil || len(runs) != 0 || len(busy) != 1 || busy[0].Worker != "one" || busy[0].Cursor != "C-02" {
		t.Errorf("the second instance's Run = %+v, %v, busy with %+v; want nothing done, the run left to one", runs, err, busy)
	}
	close(release)
	r := <-first
	if r.err != nil || len(r.runs) != 1 || r.runs[0].Stats.Counterparties != 10 || r.runs[0].Stats.CasesOpened != 2 {
		t.Fatalf("the first instance's Run = %+v, %v; want one run over 10 counterparties, 2 cases", r.runs, r.err)
	}
	if ids := w.caseIDs(); ids != "C-00,C-09" {
		t.Errorf("cases on %s, want C-00 and C-09 once each", ids)
	}
	if n := strings.Count(strings.Join(w.eventTypes(), " "), string(clearance.EventMonitorCompleted)); n != 2 {
		t.Errorf("%d monitoring runs completed, want 2 (the first list's and the update's)", n)
	}
}

// TestMonitorTakeover: a run whose worker died is taken over at once when
// its death is known, and once its claim lapses otherwise; each case
// opens once.
func TestMonitorTakeover(t *testing.T) {
	for _, how := range []string{"dead", "lapsed"} {
		t.Run(how, func(t *testing.T) {
			w := claimWorld(t)
			w.m.Worker, w.m.Lease = "one", time.Hour
			if how == "lapsed" {
				w.m.Lease = 20 * time.Millisecond
			}
			ctx, cancel := context.WithCancel(t.Context())
			w.m.AfterBatch = func(*clearance.MonitorRun) { cancel() } // the process dies after one batch
			if _, err := w.m.Run(ctx); err == nil {
				t.Fatal("Run survived its death")
			}
			two := w.other("two")
			if how == "dead" {
				var busy int
				two.Busy = func(*clearance.MonitorRun) { busy++ }
				if runs, err := two.Run(t.Context()); err != nil || len(runs) != 0 || busy != 1 {
					t.Fatalf("Run while one's claim holds = %+v, %v (busy %d); want the run left to one", runs, err, busy)
				}
				two.Dead = func(worker string) bool { return worker == "one" }
			} else {
				time.Sleep(50 * time.Millisecond)
			}
			runs, err := two.Run(t.Context())
			if err != nil || len(runs) != 1 || runs[0].Worker != "two" || runs[0].Stats.Counterparties != 10 || runs[0].Stats.CasesOpened != 2 {
				t.Fatalf("takeover = %+v, %v; want the run finished by two", runs, err)
			}
			if ids := w.caseIDs(); ids != "C-00,C-09" {
				t.Errorf("cases on %s, want C-00 and C-09 once each", ids)
			}
		})
	}
}
