package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

// AuditHarness is what the audit suite needs of a store beyond its
// interface.
type AuditHarness struct {
	// Open returns a new, empty store; the suite closes it.
	Open func(t *testing.T) clearance.Store
	// Reopen returns a second handle on the database s uses, as another
	// process would open it; the suite closes it.
	Reopen func(t *testing.T, s clearance.Store) clearance.Store
	// Exec runs raw SQL on the database s uses: how the tamper tests edit,
	// delete and reorder records behind the store's back.
	Exec func(s clearance.Store, sql string) error
	// Unguard lifts the append-only triggers, as the database owner (or an
	// attacker with the owner's rights) can.
	Unguard []string
}

// RunAuditLog runs the audit log's contract suite.
func RunAuditLog(t *testing.T, h AuditHarness) {
	tests := []struct {
		name string
		run  func(t *testing.T, h AuditHarness, s clearance.Store)
	}{
		{"AppendAndRead", testAppendAndRead},
		{"AppendRefused", testAppendRefused},
		{"AppendStream", testAppendStream},
		{"Query", testAuditQuery},
		{"ImportRecorded", testImportRecorded},
		{"GateRecorded", testGateRecorded},
		{"ConcurrentAppends", testConcurrentAppends},
		{"GuardedByTriggers", testGuarded},
		{"TamperEdit", testTamperEdit},
		{"TamperDelete", testTamperDelete},
		{"TamperDeleteLast", testTamperDeleteLast},
		{"TamperReorder", testTamperReorder},
		{"Purge", testPurge},
		{"PurgeHeld", testPurgeHeld},
		{"TamperAfterPurge", testTamperAfterPurge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := h.Open(t)
			t.Cleanup(func() { s.Close() })
			tt.run(t, h, s)
		})
	}
}

// rec returns a record of the test action with a payload naming i.
func rec(i int, retention clearance.RetentionClass) clearance.AuditRecord {
	return clearance.AuditRecord{
		Actor: "alice", RequestID: fmt.Sprintf("r%d", i), Action: "test.action",
		Subject: fmt.Sprintf("subject %d", i), Retention: retention,
		Payload: json.RawMessage(fmt.Sprintf(`{ "i": %d, "name": "Ivan Петрович \u00e9\t\"x\"" }`, i)),
	}
}

// appendN appends n records, one transaction each, and returns them.
func appendN(t *testing.T, s clearance.AuditLog, n int) []clearance.AuditRecord {
	t.Helper()
	var out []clearance.AuditRecord
	for i := range n {
		got, err := s.AppendAudit(t.Context(), rec(i, ""))
		if err != nil {
			t.Fatalf("AppendAudit(%d): %v", i, err)
		}
		out = append(out, got...)
	}
	return out
}

// readAudit returns the records q selects.
func readAudit(t *testing.T, s clearance.AuditLog, q clearance.AuditQuery) []clearance.AuditRecord {
	t.Helper()
	var out []clearance.AuditRecord
	for r, err := range s.AuditRecords(t.Context(), q) {
		if err != nil {
			t.Fatalf("AuditRecords(%+v): %v", q, err)
		}
		out = append(out, r)
	}
	return out
}

func seqs(rs []clearance.AuditRecord) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.Seq
	}
	return out
}

// mustVerify fails the test unless the chain verifies with n records.
func mustVerify(t *testing.T, s clearance.AuditLog, n int64) {
	t.Helper()
	v, err := clearance.VerifyAudit(t.Context(), s)
	if err != nil || v.Records != n {
		t.Fatalf("VerifyAudit = %d records, %v; want %d records, intact", v.Records, err, n)
	}
}

// wantBreak fails the test unless verification names record seq.
func wantBreak(t *testing.T, s clearance.AuditLog, seq int64) {
	t.Helper()
	_, err := clearance.VerifyAudit(t.Context(), s)
	var b *clearance.AuditBreak
	if !errors.As(err, &b) || b.Seq != seq {
		t.Fatalf("VerifyAudit = %v, want a break at record %d", err, seq)
	}
	if clearance.KindOf(err) != clearance.Invalid {
		t.Errorf("VerifyAudit error kind = %v, want invalid", clearance.KindOf(err))
	}
}

func testAppendAndRead(t *testing.T, _ AuditHarness, s clearance.Store) {
	mustVerify(t, s, 0) // an empty log is intact
	before := time.Now().Add(-time.Second)
	got, err := s.AppendAudit(t.Context(), rec(1, clearance.RetainExport), rec(2, ""))
	if err != nil {
		t.Fatalf("AppendAudit: %v", err)
	}
	more := appendN(t, s, 1)
	want := append(got, more...)
	for i, r := range want {
		if r.Seq != int64(i+1) || r.Hash != r.ComputeHash() || r.Time.Before(before) || r.Time.Location() != time.UTC {
			t.Errorf("record %d = seq %d, time %v, hash %s (computed %s)", i, r.Seq, r.Time, r.Hash, r.ComputeHash())
		}
		if i > 0 && (r.PrevHash != want[i-1].Hash || r.Time.Before(want[i-1].Time)) {
			t.Errorf("record %d does not chain on record %d", r.Seq, want[i-1].Seq)
		}
	}
	if want[0].PrevHash != "" || want[1].Retention != clearance.RetainSanctions || string(want[0].Payload) != `{"i":1,"name":"Ivan Петрович \u00e9\t\"x\""}` {
		t.Errorf("first records = %+v, want no previous hash, the default retention, a compacted payload", want[:2])
	}
	if diff := cmp.Diff(want, readAudit(t, s, clearance.AuditQuery{})); diff != "" {
		t.Errorf("AuditRecords differ from what AppendAudit returned (-appended +read):\n%s", diff)
	}
	head, err := s.AuditHead(t.Context())
	if err != nil || head.Seq != 3 || head.Hash != want[2].Hash || !head.Time.Equal(want[2].Time) {
		t.Errorf("AuditHead = %+v, %v; want record 3", head, err)
	}
	mustVerify(t, s, 3)
}

func testAppendRefused(t *testing.T, _ AuditHarness, s clearance.Store) {
	appendN(t, s, 1)
	noActor, badPayload, array, badClass := rec(1, ""), rec(2, ""), rec(3, ""), rec(4, "forever")
	noActor.Actor = ""
	badPayload.Payload = json.RawMessage(`{"i":`)
	array.Payload = json.RawMessage(`[1,2]`)
	for name, r := range map[string]clearance.AuditRecord{"no actor": noActor, "bad payload": badPayload, "array payload": array, "unknown retention": badClass} {
		_, err := s.AppendAudit(t.Context(), rec(9, ""), r)
		wantKind(t, "AppendAudit(good, "+name+")", err, clearance.Invalid)
	}
	if got := readAudit(t, s, clearance.AuditQuery{}); len(got) != 1 {
		t.Errorf("after refused appends: %d records, want 1 (all or none)", len(got))
	}
	mustVerify(t, s, 1)
}

// streamOf yields n records made by rec, then err if it is not nil.
func streamOf(n int, bad int, err error) iter.Seq2[clearance.AuditRecord, error] {
	return func(yield func(clearance.AuditRecord, error) bool) {
		for i := range n {
			r := rec(i, "")
			if i == bad {
				r.Actor = ""
			}
			if !yield(r, nil) {
				return
			}
		}
		if err != nil {
			yield(clearance.AuditRecord{}, err)
		}
	}
}

func testAppendStream(t *testing.T, _ AuditHarness, s clearance.Store) {
	appendN(t, s, 1)
	// More records than one group holds, so the chain crosses groups.
	n, last, err := s.AppendAuditStream(t.Context(), streamOf(1234, -1, nil))
	if err != nil || n != 1234 || last.Seq != 1235 || last.Hash != last.ComputeHash() {
		t.Fatalf("AppendAuditStream(1234) = %d, seq %d, %v; want 1234, seq 1235", n, last.Seq, err)
	}
	head, err := s.AuditHead(t.Context())
	if err != nil || head.Seq != 1235 || head.Hash != last.Hash {
		t.Errorf("AuditHead = %+v, %v; want the last record streamed", head, err)
	}
	mustVerify(t, s, 1235)
	// All or none: a record refused in a later group, or the stream
	// failing after it, leaves nothing of it.
	_, _, err = s.AppendAuditStream(t.Context(), streamOf(1200, 1100, nil))
	wantKind(t, "AppendAuditStream with record 1100 without an actor", err, clearance.Invalid)
	failed := errors.New("the spill file could not be read")
	if _, _, err := s.AppendAuditStream(t.Context(), streamOf(700, -1, failed)); !errors.Is(err, failed) {
		t.Errorf("AppendAuditStream of a failing stream = %v, want its error", err)
	}
	if n, _, err := s.AppendAuditStream(t.Context(), streamOf(0, -1, nil)); n != 0 || err != nil {
		t.Errorf("AppendAuditStream of nothing = %d, %v; want 0, nil", n, err)
	}
	if got := readAudit(t, s, clearance.AuditQuery{}); len(got) != 1235 {
		t.Errorf("after the refused streams: %d records, want 1235", len(got))
	}
	mustVerify(t, s, 1235)
}

func testAuditQuery(t *testing.T, _ AuditHarness, s clearance.Store) {
	appendN(t, s, 2)
	mid := time.Now()
	time.Sleep(2 * time.Millisecond)
	other := rec(7, "")
	other.Action = "other.action"
	if _, err := s.AppendAudit(t.Context(), other, rec(8, "")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    clearance.AuditQuery
		want []int64
	}{
		{clearance.AuditQuery{}, []int64{1, 2, 3, 4}},
		{clearance.AuditQuery{From: mid}, []int64{3, 4}},
		{clearance.AuditQuery{To: mid}, []int64{1, 2}},
		{clearance.AuditQuery{Action: "other.action"}, []int64{3}},
		{clearance.AuditQuery{AfterSeq: 1, ThroughSeq: 3}, []int64{2, 3}},
		{clearance.AuditQuery{Newest: true, Limit: 2}, []int64{4, 3}},
		{clearance.AuditQuery{Action: "test.action", Newest: true, Limit: 1}, []int64{4}},
	}
	for _, tt := range tests {
		if got := seqs(readAudit(t, s, tt.q)); !cmp.Equal(got, tt.want) {
			t.Errorf("AuditRecords(%+v) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func testImportRecorded(t *testing.T, _ AuditHarness, s clearance.Store) {
	mustImport(t, s, Request(srcA, "h1", threeEntries(srcA)...))
	if _, err := s.Import(t.Context(), Request(srcA, "h1")); err != nil {
		t.Fatalf("Import(unchanged): %v", err)
	}
	bad := Request(srcA, "h2", append(threeEntries(srcA), nil)...)
	if _, err := s.Import(t.Context(), bad); err == nil {
		t.Fatal("Import(nil entry) succeeded")
	}
	got := readAudit(t, s, clearance.AuditQuery{})
	if len(got) != 2 {
		t.Fatalf("audit log after two imports and a failed one: %d records, want 2", len(got))
	}
	var p struct {
		Version   int  `json:"version"`
		Entries   int  `json:"entries"`
		Unchanged bool `json:"unchanged"`
	}
	for i, r := range got {
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if r.Action != clearance.AuditListImport || r.Subject != string(srcA) || r.Actor != "storetest" || r.RequestID != "req-h1" ||
			p.Version != 1 || p.Entries != 3 || p.Unchanged != (i == 1) {
			t.Errorf("import record %d = %+v %s", i, r, r.Payload)
		}
	}
	mustVerify(t, s, 2)
}

// testConcurrentAppends appends from goroutines on two handles of the
// database, as two processes would: the chain must not fork.
func testConcurrentAppends(t *testing.T, h AuditHarness, s clearance.Store) {
	other := h.Reopen(t, s)
	t.Cleanup(func() { other.Close() })
	const writers, each = 6, 15
	var wg sync.WaitGroup
	for w := range writers {
		st := clearance.AuditLog(s)
		if w%2 == 1 {
			st = other
		}
		wg.Go(func() {
			for i := range each {
				if _, err := st.AppendAudit(t.Context(), rec(100*w+i, ""), rec(100*w+i, "")); err != nil {
					t.Errorf("writer %d: AppendAudit: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	mustVerify(t, s, 2*writers*each)
	// Each append's two records are adjacent: appends did not interleave.
	got := readAudit(t, s, clearance.AuditQuery{})
	for i := 0; i+1 < len(got); i += 2 {
		if got[i].RequestID != got[i+1].RequestID {
			t.Fatalf("records %d and %d are of different appends", got[i].Seq, got[i+1].Seq)
		}
	}
}

func testGuarded(t *testing.T, h AuditHarness, s clearance.Store) {
	appendN(t, s, 2)
	for _, sql := range []string{
		`UPDATE audit_records SET subject = 'edited' WHERE seq = 1`,
		`DELETE FROM audit_records WHERE seq = 2`,
	} {
		if err := h.Exec(s, sql); err == nil {
			t.Errorf("%s succeeded: the append-only triggers should refuse it", sql)
		}
	}
	mustVerify(t, s, 2)
}

// tamper lifts the guards and runs raw SQL.
func tamper(t *testing.T, h AuditHarness, s clearance.Store, sqls ...string) {
	t.Helper()
	for _, sql := range append(append([]string{}, h.Unguard...), sqls...) {
		if err := h.Exec(s, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

func testTamperEdit(t *testing.T, h AuditHarness, s clearance.Store) {
	appendN(t, s, 5)
	tamper(t, h, s, `UPDATE audit_records SET payload = '{"i":2,"name":"someone else"}' WHERE seq = 3`)
	wantBreak(t, s, 3)
}

func testTamperDelete(t *testing.T, h AuditHarness, s clearance.Store) {
	appendN(t, s, 5)
	tamper(t, h, s, `DELETE FROM audit_records WHERE seq = 2`)
	wantBreak(t, s, 2)
}

func testTamperDeleteLast(t *testing.T, h AuditHarness, s clearance.Store) {
	appendN(t, s, 5)
	tamper(t, h, s, `DELETE FROM audit_records WHERE seq = 5`)
	wantBreak(t, s, 5)
}

func testTamperReorder(t *testing.T, h AuditHarness, s clearance.Store) {
	appendN(t, s, 5)
	tamper(t, h, s,
		`UPDATE audit_records SET seq = seq + 1000 WHERE seq IN (2, 3)`,
		`UPDATE audit_records SET seq = 1005 - seq WHERE seq > 1000`)
	wantBreak(t, s, 2)
}
