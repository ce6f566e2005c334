package clearance

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

var goldenRecord = AuditRecord{
	Seq: 7, Time: time.Date(2026, 3, 1, 12, 30, 45, 123456000, time.UTC), Actor: "alice", RequestID: "cli-1",
	Action: AuditScreen, Subject: "Hikvision", Retention: RetainSanctions,
	Payload: json.RawMessage(`{"query":{"name":"Hikvision"}}`), PrevHash: "ab12",
}

// TestAuditHashGolden pins the canonical encoding: records already hashed
// must verify under every later version of the program, so a change here
// is a new encoding version, never an edit.
func TestAuditHashGolden(t *testing.T) {
	const want = "e4717a074727cba486724e4796b3d848106cf1785122bc500e6fc9950b5646db" // checked by an independent implementation of the encoding
	if got := goldenRecord.ComputeHash(); got != want {
		t.Errorf("ComputeHash(golden record) = %s, want %s", got, want)
	}
}

// TestAuditHashCoversEveryField changes one field at a time: each change
// must change the hash, and moving bytes between adjacent fields too.
func TestAuditHashCoversEveryField(t *testing.T) {
	base := goldenRecord.ComputeHash()
	edits := map[string]func(r *AuditRecord){
		"seq":        func(r *AuditRecord) { r.Seq++ },
		"time":       func(r *AuditRecord) { r.Time = r.Time.Add(time.Microsecond) },
		"actor":      func(r *AuditRecord) { r.Actor = "mallory" },
		"request id": func(r *AuditRecord) { r.RequestID = "cli-2" },
		"action":     func(r *AuditRecord) { r.Action = AuditBatch },
		"subject":    func(r *AuditRecord) { r.Subject = "Dahua" },
		"retention":  func(r *AuditRecord) { r.Retention = RetainExport },
		"payload":    func(r *AuditRecord) { r.Payload = json.RawMessage(`{"query":{"name":"Dahua"}}`) },
		"prev hash":  func(r *AuditRecord) { r.PrevHash = "ab13" },
		"boundary":   func(r *AuditRecord) { r.Actor, r.RequestID = "alicecli-1", "" },
	}
	for name, edit := range edits {
		r := goldenRecord
		edit(&r)
		if r.ComputeHash() == base {
			t.Errorf("changing the %s left the hash unchanged", name)
		}
	}
}

func TestSealAudit(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 999, time.UTC)
	head := AuditHead{Seq: 4, Hash: "h4", Time: now.Add(time.Second)} // another instance's clock ran ahead
	recs, next, err := SealAudit(head, now, []AuditRecord{{Actor: "a", Action: AuditScreen}, {Actor: "a", Action: AuditScreen, Retention: RetainExport}})
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].Seq != 5 || recs[0].PrevHash != "h4" || recs[1].PrevHash != recs[0].Hash || next.Hash != recs[1].Hash || next.Seq != 6 {
		t.Errorf("SealAudit chained %+v, head %+v", recs, next)
	}
	if !recs[0].Time.Equal(head.Time) || string(recs[0].Payload) != "{}" || recs[0].Retention != RetainSanctions || recs[1].Retention != RetainExport {
		t.Errorf("SealAudit = %+v: want the head's time, an empty object payload, sanctions retention by default", recs[0])
	}
}

func TestRetentionAndHolds(t *testing.T) {
	at := time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)
	p := DefaultRetention()
	tests := []struct {
		class RetentionClass
		now   time.Time
		want  bool
	}{
		{RetainExport, at.AddDate(5, 0, -1), false},
		{RetainExport, at.AddDate(5, 0, 0), true},
		{RetainSanctions, at.AddDate(9, 11, 0), false},
		{RetainSanctions, at.AddDate(10, 0, 0), true},
	}
	for _, tt := range tests {
		if got := p.Expired(AuditRecord{Time: at, Retention: tt.class}, tt.now); got != tt.want {
			t.Errorf("Expired(%s record of %s at %s) = %v, want %v", tt.class, at.Format(time.DateOnly), tt.now.Format(time.DateOnly), got, tt.want)
		}
	}
	h := AuditHold{From: at.AddDate(0, 0, -1), To: at.AddDate(0, 0, 1)}
	if !h.Covers(at) || h.Covers(at.AddDate(0, 0, 2)) || (AuditHold{}).Covers(at) != true {
		t.Errorf("Covers: a hold over a period covers it only; one without bounds covers all")
	}
	h.ReleasedAt = at
	if h.Covers(at) {
		t.Errorf("a released hold still covers records")
	}
}

// TestCompactObject checks the payload compaction, fast path included,
// against json.Compact.
func TestCompactObject(t *testing.T) {
	for _, p := range []string{`{"a":1}`, `{"a": 1}`, "{\"a\":\n1}", `{"a":"x y"}`, `{"a":"\" "}`, `{"a":"\\"} `,
		`{"a":"\\\" x"}`, `{"a":[1, 2]}`, `{"a":"\t"}`, `{"é":"Петров"}`} {
		var want bytes.Buffer
		if err := json.Compact(&want, []byte(p)); err != nil {
			t.Fatal(err)
		}
		got, err := compactObject([]byte(p))
		if err != nil || string(got) != want.String() {
			t.Errorf("compactObject(%q) = %q, %v; want %q", p, got, err, want.String())
		}
	}
	for _, p := range []string{`{"a":`, `[1]`, `{"a":1}}`, `{"a":"x}`} {
		if _, err := compactObject([]byte(p)); err == nil {
			t.Errorf("compactObject(%q) accepted it", p)
		}
	}
}
