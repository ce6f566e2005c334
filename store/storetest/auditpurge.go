package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

// purgeAt purges the log as of the given time and returns the result.
func purgeAt(t *testing.T, s clearance.AuditLog, now time.Time) clearance.AuditPurgeResult {
	t.Helper()
	res, err := s.PurgeAudit(t.Context(), clearance.DefaultRetention(), now, "records-officer")
	if err != nil {
		t.Fatalf("PurgeAudit(%s): %v", now.Format(time.DateOnly), err)
	}
	return res
}

func testPurge(t *testing.T, _ AuditHarness, s clearance.Store) {
	// Export records are kept 5 years, sanctions records 10: six years on,
	// the leading export records go and the purge stops at the first
	// sanctions record, even though an export record follows it.
	if _, err := s.AppendAudit(t.Context(), rec(1, clearance.RetainExport), rec(2, clearance.RetainExport),
		rec(3, clearance.RetainSanctions), rec(4, clearance.RetainExport)); err != nil {
		t.Fatal(err)
	}
	if res := purgeAt(t, s, time.Now().AddDate(4, 11, 0)); res.Purged != 0 {
		t.Fatalf("purge before five years deleted %d records", res.Purged)
	}
	res := purgeAt(t, s, time.Now().AddDate(6, 0, 0))
	if res.Purged != 2 || res.Anchor.AnchorSeq != 2 || res.Record.Seq != 5 || res.Record.Action != clearance.AuditPurge {
		t.Fatalf("purge at six years = %+v, want records 1-2 purged and record 5 stating it", res)
	}
	if got := seqs(readAudit(t, s, clearance.AuditQuery{})); !cmp.Equal(got, []int64{3, 4, 5}) {
		t.Errorf("records after purge = %v, want [3 4 5]", got)
	}
	mustVerify(t, s, 3)
	// Eleven years on, everything but the new purge record goes.
	res = purgeAt(t, s, time.Now().AddDate(11, 0, 0))
	if res.Purged != 3 || res.Anchor.AnchorSeq != 5 {
		t.Fatalf("purge at eleven years = %+v, want records 3-5 purged", res)
	}
	mustVerify(t, s, 1)
	appendN(t, s, 1)
	mustVerify(t, s, 2)
}

func testPurgeHeld(t *testing.T, _ AuditHarness, s clearance.Store) {
	appendN(t, s, 3)
	hold, err := s.PlaceHold(t.Context(), clearance.AuditHold{Reason: "BIS request 2026-17", PlacedBy: "counsel"})
	if err != nil || hold.ID == 0 || !hold.Active() {
		t.Fatalf("PlaceHold = %+v, %v", hold, err)
	}
	_, err = s.PlaceHold(t.Context(), clearance.AuditHold{PlacedBy: "counsel"})
	wantKind(t, "PlaceHold(no reason)", err, clearance.Invalid)
	if res := purgeAt(t, s, time.Now().AddDate(20, 0, 0)); res.Purged != 0 {
		t.Fatalf("purge under a legal hold deleted %d records", res.Purged)
	}
	// A hold over a past period only keeps that period.
	past, err := s.PlaceHold(t.Context(), clearance.AuditHold{Reason: "old matter", PlacedBy: "counsel",
		From: time.Now().AddDate(-2, 0, 0), To: time.Now().AddDate(-1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	released, err := s.ReleaseHold(t.Context(), hold.ID, "counsel")
	if err != nil || released.Active() || released.ReleasedBy != "counsel" {
		t.Fatalf("ReleaseHold = %+v, %v", released, err)
	}
	_, err = s.ReleaseHold(t.Context(), hold.ID, "counsel")
	wantKind(t, "ReleaseHold(released hold)", err, clearance.NotFound)
	holds, err := s.Holds(t.Context())
	if err != nil || len(holds) != 2 || holds[0].Active() || !holds[1].Active() || !holds[1].From.Equal(past.From) {
		t.Fatalf("Holds = %+v, %v; want the released hold and the past one", holds, err)
	}
	// records: 3 appended, hold placed, hold placed, hold released
	if res := purgeAt(t, s, time.Now().AddDate(20, 0, 0)); res.Purged != 6 {
		t.Fatalf("purge after release deleted %d records, want 6", res.Purged)
	}
	mustVerify(t, s, 1)
}

func testTamperAfterPurge(t *testing.T, h AuditHarness, s clearance.Store) {
	if _, err := s.AppendAudit(t.Context(), rec(1, clearance.RetainExport), rec(2, clearance.RetainExport),
		rec(3, clearance.RetainSanctions), rec(4, clearance.RetainSanctions)); err != nil {
		t.Fatal(err)
	}
	purgeAt(t, s, time.Now().AddDate(6, 0, 0)) // deletes 1-2, appends 5
	mustVerify(t, s, 3)
	// Deleting the first remaining record, and moving the anchor past it
	// as a purge would, is caught: the purge record states the anchor.
	tamper(t, h, s, `UPDATE audit_head SET anchor_seq = 3, anchor_hash = (SELECT hash FROM audit_records WHERE seq = 3)`,
		`DELETE FROM audit_records WHERE seq = 3`)
	wantBreak(t, s, 4)
}
