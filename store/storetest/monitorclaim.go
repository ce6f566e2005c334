package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
)

// beginRun imports a new version of srcA and begins a run over the lag.
func beginRun(t *testing.T, s clearance.ReviewStore, hash string) *clearance.MonitorRun {
	t.Helper()
	mustImport(t, s, Request(srcA, hash, NewEntry(srcA, "e-"+hash, "Entry "+hash)))
	lag, err := s.MonitorLag(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	run, err := s.BeginMonitorRun(t.Context(), lag, nil)
	if err != nil {
		t.Fatalf("BeginMonitorRun: %v", err)
	}
	return run
}

// testMonitorClaimRace: of two workers claiming one run at once, exactly
// one wins, round after round; the loser's claim changes nothing.
func testMonitorClaimRace(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	for round := range 6 {
		run := beginRun(t, s, fmt.Sprint("race", round))
		until := time.Now().Add(time.Hour)
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			got   [2]*clearance.MonitorRun
			errs  [2]error
		)
		for i := range 2 {
			wg.Go(func() {
				<-start
				got[i], errs[i] = s.ClaimMonitorRun(ctx, clearance.MonitorClaim{Run: run.ID, Worker: fmt.Sprintf("w%d-%d", round, i), Until: until})
			})
		}
		close(start)
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil:
				if won >= 0 {
					t.Fatalf("round %d: both workers claimed run %d", round, run.ID)
				}
				won = i
			case clearance.KindOf(err) != clearance.Conflict:
				t.Fatalf("round %d: claim by worker %d: %v, want a Conflict", round, i, err)
			}
		}
		if won < 0 {
			t.Fatalf("round %d: neither worker claimed run %d: %v", round, run.ID, errs)
		}
		winner := fmt.Sprintf("w%d-%d", round, won)
		stored, err := s.UnfinishedMonitorRun(ctx)
		if err != nil || stored == nil || stored.Worker != winner || !stored.ClaimedUntil.Equal(until.UTC().Truncate(time.Microsecond)) ||
			got[won].Worker != winner {
			t.Fatalf("round %d: run as stored = %+v (%v), claim returned %+v; want claimed by %s until %s", round, stored, err, got[won], winner, until)
		}
		if err := s.FinishMonitorRun(ctx, got[won], nil); err != nil {
			t.Fatalf("round %d: the winner's FinishMonitorRun: %v", round, err)
		}
	}
}

// testMonitorClaimLapse: a live claim keeps other workers out; its holder
// renews it by claiming again and by saving progress; a lapsed claim, or
// one held by a worker named dead, is taken over; the worker it was taken
// from can then neither save progress (its cases are not recorded) nor
// finish the run; a finished run cannot be claimed.
func testMonitorClaimLapse(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	claim := func(worker string, until time.Time, dead string) (*clearance.MonitorRun, error) {
		t.Helper()
		run, err := s.UnfinishedMonitorRun(ctx)
		if err != nil || run == nil {
			t.Fatalf("UnfinishedMonitorRun = %v, %v", run, err)
		}
		return s.ClaimMonitorRun(ctx, clearance.MonitorClaim{Run: run.ID, Worker: worker, Until: until, Dead: dead})
	}
	run := beginRun(t, s, "lapse")
	if run.Worker != "" || !run.ClaimedUntil.IsZero() {
		t.Errorf("a new run is claimed: %+v", run)
	}
	soon := time.Now().Add(time.Hour)
	a, err := claim("A", soon, "")
	if err != nil {
		t.Fatalf("claim of an unclaimed run: %v", err)
	}
	_, err = claim("B", soon, "")
	wantKind(t, "a claim on a run another worker holds", err, clearance.Conflict)
	_, err = claim("B", soon, "C")
	wantKind(t, "a claim naming another worker dead than the holder", err, clearance.Conflict)
	if _, err := claim("A", soon.Add(time.Hour), ""); err != nil {
		t.Errorf("the holder's renewal: %v", err)
	}

	// A's claim lapses: B takes the run over, with its saved progress.
	a.Cursor, a.Stats.Counterparties, a.ClaimedUntil = "C-1", 1, time.Now().Add(-time.Second)
	mustRecord(t, s, &clearance.Findings{Progress: a})
	b, err := claim("B", soon, "")
	if err != nil || b.Worker != "B" || b.Cursor != "C-1" || b.Stats.Counterparties != 1 {
		t.Fatalf("claim of a lapsed run = %+v, %v; want B's, with A's progress", b, err)
	}
	a.Cursor, a.Stats.Counterparties, a.ClaimedUntil = "C-2", 2, soon
	e := NewEntry(srcA, "e1", "Alpha")
	_, err = s.RecordFindings(ctx, &clearance.Findings{Cases: []clearance.Case{NewCase("C-2", e, 0.9)}, Progress: a})
	wantKind(t, "saving progress of a run taken over", err, clearance.Conflict)
	wantKind(t, "finishing a run taken over", s.FinishMonitorRun(ctx, a, nil), clearance.Conflict)
	if got, _ := s.UnfinishedMonitorRun(ctx); got == nil || got.Worker != "B" || got.Cursor != "C-1" {
		t.Errorf("the run after its former worker's writes = %+v, want B's with cursor C-1", got)
	}
	if cs, err := s.Cases(ctx, clearance.CaseFilter{}); err != nil || len(cs) != 0 {
		t.Errorf("the former worker's findings recorded cases: %v, %v", cs, err)
	}

	// B renews by saving; C takes the run from B, named dead, though
	// B's claim has not lapsed.
	later := soon.Add(30 * time.Minute)
	b.Cursor, b.ClaimedUntil = "C-3", later
	mustRecord(t, s, &clearance.Findings{Progress: b})
	if got, _ := s.UnfinishedMonitorRun(ctx); got == nil || !got.ClaimedUntil.Equal(later.UTC().Truncate(time.Microsecond)) {
		t.Errorf("saving progress did not renew the claim: %+v", got)
	}
	c, err := claim("C", soon, "B")
	if err != nil || c.Worker != "C" || c.Cursor != "C-3" {
		t.Fatalf("claim from a dead worker = %+v, %v", c, err)
	}
	if err := s.FinishMonitorRun(ctx, c, nil); err != nil {
		t.Fatalf("FinishMonitorRun by the holder: %v", err)
	}
	_, err = s.ClaimMonitorRun(ctx, clearance.MonitorClaim{Run: c.ID, Worker: "D", Until: soon})
	wantKind(t, "a claim on a finished run", err, clearance.Conflict)
	_, err = s.ClaimMonitorRun(ctx, clearance.MonitorClaim{Run: c.ID + 100, Worker: "D", Until: soon})
	wantKind(t, "a claim on an unknown run", err, clearance.Conflict)
	_, err = s.ClaimMonitorRun(ctx, clearance.MonitorClaim{Run: c.ID, Until: soon})
	wantKind(t, "a claim without a worker", err, clearance.Invalid)
}
