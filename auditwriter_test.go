package clearance_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/sqlite"
)

// TestAuditWriterGroupCommit: many concurrent appends all land, in one
// valid chain, in fewer transactions than records.
func TestAuditWriterGroupCommit(t *testing.T) {
	st, err := sqlite.Open(t.Context(), t.TempDir()+"/c.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	counting := &countingLog{AuditLog: st}
	w := &clearance.AuditWriter{Log: counting}
	var wg sync.WaitGroup
	const n = 400
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := clearance.AuditRecord{Actor: "key:test", Action: clearance.AuditScreen, Subject: fmt.Sprint("name ", i),
				Payload: clearance.AuditPayload(map[string]int{"i": i})}
			if err := w.Append(t.Context(), rec); err != nil {
				t.Errorf("Append %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	w.Close()
	v, err := clearance.VerifyAudit(t.Context(), st)
	if err != nil || v.Records != n {
		t.Fatalf("VerifyAudit = %+v, %v; want %d records, intact", v, err, n)
	}
	if counting.calls >= n {
		t.Errorf("%d appends for %d records: no grouping", counting.calls, n)
	}
	t.Logf("%d records in %d transactions", n, counting.calls)
	if err := w.Append(t.Context(), clearance.AuditRecord{Actor: "x", Action: clearance.AuditScreen}); clearance.KindOf(err) != clearance.Unavailable {
		t.Errorf("Append after Close: %v, want Unavailable", err)
	}
}

type countingLog struct {
	clearance.AuditLog
	mu    sync.Mutex
	calls int
}

func (c *countingLog) AppendAudit(ctx context.Context, recs ...clearance.AuditRecord) ([]clearance.AuditRecord, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return c.AuditLog.AppendAudit(ctx, recs...)
}
