package main

import (
	"encoding/hex"
	"fmt"
	"hash"
	"path/filepath"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// batchHitRow is a batch row with potential matches, as the audit log
// keeps it.
type batchHitRow struct {
	line  int
	query clearance.Query
	hits  []clearance.AuditHit
}

// batchRun is a finished batch, to be recorded.
type batchRun struct {
	in, out         string
	inHash, outHash hash.Hash
	opts            match.Options
	screener        *clearance.Screener
	stats           batchStats
}

// batchAudit is the payload of an AuditBatch record.
type batchAudit struct {
	Input        string                 `json:"input"`
	InputSHA256  string                 `json:"input_sha256"`
	Output       string                 `json:"output"`
	OutputSHA256 string                 `json:"output_sha256"`
	Rows         int                    `json:"rows"`
	Potential    int                    `json:"potential_matches"`
	Clear        int                    `json:"clear"`
	Threshold    float64                `json:"threshold"`
	OptionsHash  string                 `json:"options_hash"`
	Algorithm    string                 `json:"algorithm"`
	Versions     []clearance.VersionRef `json:"list_versions"`
	TookMillis   int64                  `json:"took_ms"`
}

// batchHitAudit is the payload of an AuditBatchHit record.
type batchHitAudit struct {
	Input      string                    `json:"input"`
	Line       int                       `json:"line"`
	Query      clearance.Query           `json:"query"`
	Normalized clearance.NormalizedQuery `json:"normalized"`
	Hits       []clearance.AuditHit      `json:"hits"`
}

// records returns the run's audit records: one for the run, then one per
// row with potential matches, in input order. They share the command's
// request id.
func (b *batchRun) records(app *App) []clearance.AuditRecord {
	name := filepath.Base(b.in)
	st := b.stats
	out := make([]clearance.AuditRecord, 0, 1+len(st.hitRows))
	out = append(out, clearance.AuditRecord{
		Actor: app.cfg.Actor, RequestID: app.requestID, Action: clearance.AuditBatch, Subject: name,
		Payload: clearance.AuditPayload(batchAudit{
			Input: name, InputSHA256: hex.EncodeToString(b.inHash.Sum(nil)),
			Output: filepath.Base(b.out), OutputSHA256: hex.EncodeToString(b.outHash.Sum(nil)),
			Rows: st.rows, Potential: st.hits, Clear: st.rows - st.hits,
			Threshold: b.opts.Threshold, OptionsHash: b.opts.Hash(), Algorithm: b.opts.Algorithm,
			Versions: b.screener.Versions(), TookMillis: st.took.Round(time.Millisecond).Milliseconds(),
		}),
	})
	for _, r := range st.hitRows {
		out = append(out, clearance.AuditRecord{
			Actor: app.cfg.Actor, RequestID: app.requestID, Action: clearance.AuditBatchHit,
			Subject: fmt.Sprintf("%s line %d", name, r.line),
			Payload: clearance.AuditPayload(batchHitAudit{Input: name, Line: r.line, Query: r.query,
				Normalized: r.query.Normalize(), Hits: r.hits}),
		})
	}
	return out
}
