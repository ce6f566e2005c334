package clearance

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// AuditExportFormats are the formats ExportAudit writes: JSON lines (one
// record per line, as AuditRecord marshals) and CSV (a header, then one
// row per record, the payload as JSON text).
var AuditExportFormats = []string{"jsonl", "csv"}

// ExportAudit writes the records q selects to w in format, in the order
// the log returns them, and returns how many it wrote. An unknown format
// is Invalid and writes nothing.
func ExportAudit(ctx context.Context, log AuditLog, q AuditQuery, w io.Writer, format string) (int, error) {
	var write func(*AuditRecord) error
	switch format {
	case "jsonl":
		write = exportJSONL(w)
	case "csv":
		write = exportCSV(w)
	default:
		return 0, Errorf(Invalid, "audit export format %q: want jsonl or csv", format)
	}
	n := 0
	for r, err := range log.AuditRecords(ctx, q) {
		if err != nil {
			return n, err
		}
		if err := write(&r); err != nil {
			return n, Errorf(Internal, "export audit record %d: %w", r.Seq, err)
		}
		n++
	}
	if err := write(nil); err != nil {
		return n, Errorf(Internal, "export audit records: %w", err)
	}
	return n, nil
}

// exportJSONL writes one record per line; nil flushes.
func exportJSONL(w io.Writer) func(*AuditRecord) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return func(r *AuditRecord) error {
		if r == nil {
			return nil
		}
		return enc.Encode(r)
	}
}

// AuditCSVHeader is the header row of a CSV audit export.
var AuditCSVHeader = []string{"seq", "time", "actor", "request_id", "action", "subject", "retention", "payload", "prev_hash", "hash"}

// exportCSV writes a header, then one row per record; nil flushes.
func exportCSV(w io.Writer) func(*AuditRecord) error {
	cw := csv.NewWriter(w)
	header := false
	return func(r *AuditRecord) error {
		if !header {
			header = true
			if err := cw.Write(AuditCSVHeader); err != nil {
				return err
			}
		}
		if r == nil {
			cw.Flush()
			return cw.Error()
		}
		return cw.Write([]string{strconv.FormatInt(r.Seq, 10), r.Time.Format(time.RFC3339Nano), r.Actor, r.RequestID,
			string(r.Action), r.Subject, string(r.Retention), string(r.Payload), r.PrevHash, r.Hash})
	}
}

// ParseTimeBound reads a bound of a period, named field in errors: a day
// (YYYY-MM-DD, UTC) or an RFC 3339 instant. A day as the end of a period
// (end set) means the end of that day.
func ParseTimeBound(field, s string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, Errorf(Invalid, "%s %q: want YYYY-MM-DD or an RFC 3339 instant", field, s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}
