package sqlite

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// BenchmarkAppendAudit appends screening-sized records (about 600 bytes of
// payload) in transactions of six, as the API's group commit makes them
// under load from eight clients; ns/op is per record.
func BenchmarkAppendAudit(b *testing.B) {
	s := openTemp(b)
	defer s.Close()
	payload := `{"query":{"name":"Antonio Rodriguez"},"hits":[` + strings.Repeat(`{"entry_id":"us-csl:SDN:19133","score":0.8137,"matched_name":"RODRIGUEZ, Antonio"},`, 6) + `{}]}`
	const group = 6
	recs := make([]clearance.AuditRecord, group)
	for i := range recs {
		recs[i] = clearance.AuditRecord{Actor: "key:load", RequestID: "8c47dcd10890954e030d5c17", Action: clearance.AuditScreen,
			Subject: "Antonio Rodriguez", Payload: []byte(payload)}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += group {
		if _, err := s.AppendAudit(b.Context(), recs...); err != nil {
			b.Fatal(err)
		}
	}
}
