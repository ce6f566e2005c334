package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// AuditCmd groups the audit log's commands.
type AuditCmd struct {
	Verify  AuditVerifyCmd  `cmd:"" help:"Check the audit log's hash chain; exit non-zero naming the first bad record."`
	Export  AuditExportCmd  `cmd:"" help:"Write the audit records of a period as JSON lines or CSV."`
	Purge   AuditPurgeCmd   `cmd:"" help:"Delete the oldest records past their retention and under no legal hold."`
	Hold    AuditHoldCmd    `cmd:"" help:"Place a legal hold: no record of the period is purged until it is released."`
	Release AuditReleaseCmd `cmd:"" help:"Release a legal hold."`
	Holds   AuditHoldsCmd   `cmd:"" help:"List the legal holds."`
}

// AuditVerifyCmd verifies the chain.
type AuditVerifyCmd struct{}

// Run verifies the chain and prints its head, which can be kept elsewhere
// to prove later that no one rewrote the whole chain.
func (c *AuditVerifyCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	v, err := clearance.VerifyAudit(app.ctx, st)
	if err != nil {
		return err
	}
	h := v.Head
	fmt.Fprintf(app.stdout, "Audit log intact: %d records (%d to %d), head %s\n", v.Records, h.AnchorSeq+1, h.Seq, orDash(h.Hash))
	if h.AnchorSeq > 0 {
		fmt.Fprintf(app.stdout, "Records to %d were purged; the chain starts from their last hash %s\n", h.AnchorSeq, h.AnchorHash)
	}
	return nil
}

// AuditExportCmd exports records.
type AuditExportCmd struct {
	From   string `name:"from" required:"" help:"First day (YYYY-MM-DD, UTC) or instant (RFC 3339)." placeholder:"DATE"`
	To     string `name:"to" required:"" help:"Last day, included (YYYY-MM-DD, UTC), or instant, excluded (RFC 3339)." placeholder:"DATE"`
	Format string `name:"format" default:"jsonl" enum:"jsonl,csv" help:"jsonl (one record per line) or csv."`
	Out    string `name:"out" help:"Write to FILE instead of standard output." placeholder:"FILE"`
}

// Run writes the records of the period in sequence order.
func (c *AuditExportCmd) Run(app *App) error {
	from, err := clearance.ParseTimeBound("--from", c.From, false)
	if err != nil {
		return err
	}
	to, err := clearance.ParseTimeBound("--to", c.To, true)
	if err != nil {
		return err
	}
	st, err := app.Store()
	if err != nil {
		return err
	}
	w := app.stdout
	if c.Out != "" {
		f, err := os.Create(c.Out)
		if err != nil {
			return clearance.Errorf(clearance.Invalid, "export: %w", err)
		}
		defer f.Close()
		w = f
	}
	_, err = clearance.ExportAudit(app.ctx, st, clearance.AuditQuery{From: from, To: to}, w, c.Format)
	return err
}

// AuditPurgeCmd purges expired records.
type AuditPurgeCmd struct{}

// Run purges under the configured retention.
func (c *AuditPurgeCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	res, err := st.PurgeAudit(app.ctx, app.cfg.Retention, time.Now(), app.cfg.Actor)
	if err != nil {
		return err
	}
	if res.Purged == 0 {
		fmt.Fprintf(app.stdout, "Nothing to purge (retention: export %d years, sanctions %d years).\n",
			app.cfg.Retention.ExportYears, app.cfg.Retention.SanctionsYears)
		return nil
	}
	fmt.Fprintf(app.stdout, "Purged %d records, to record %d; purge recorded as record %d.\n",
		res.Purged, res.Anchor.AnchorSeq, res.Record.Seq)
	return nil
}

// AuditHoldCmd places a legal hold.
type AuditHoldCmd struct {
	Reason string `name:"reason" required:"" help:"Why: the request or matter that requires the records kept."`
	From   string `name:"from" help:"First day of the records held (default: the beginning)." placeholder:"DATE"`
	To     string `name:"to" help:"Last day of the records held (default: no end)." placeholder:"DATE"`
}

// Run places the hold.
func (c *AuditHoldCmd) Run(app *App) error {
	h, err := clearance.NewAuditHold(c.Reason, app.cfg.Actor, c.From, c.To)
	if err != nil {
		return fmt.Errorf("--%w", err)
	}
	st, err := app.Store()
	if err != nil {
		return err
	}
	if h, err = st.PlaceHold(app.ctx, h); err != nil {
		return err
	}
	fmt.Fprintf(app.stdout, "Legal hold %d placed: %s\n", h.ID, h.Reason)
	return nil
}

// AuditReleaseCmd releases a legal hold.
type AuditReleaseCmd struct {
	ID int64 `arg:"" name:"ID" help:"The hold's number (clearance audit holds)."`
}

// Run releases the hold.
func (c *AuditReleaseCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	if _, err := st.ReleaseHold(app.ctx, c.ID, app.cfg.Actor); err != nil {
		return err
	}
	fmt.Fprintf(app.stdout, "Legal hold %d released.\n", c.ID)
	return nil
}

// AuditHoldsCmd lists the legal holds.
type AuditHoldsCmd struct{}

// Run prints every hold.
func (c *AuditHoldsCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	holds, err := st.Holds(app.ctx)
	if err != nil {
		return err
	}
	return writeJSON(app.stdout, holds)
}

// audit appends records to the audit log.
func (a *App) audit(recs ...clearance.AuditRecord) error {
	st, err := a.Store()
	if err != nil {
		return err
	}
	if _, err := st.AppendAudit(a.ctx, recs...); err != nil {
		return fmt.Errorf("record in the audit log: %w", err)
	}
	return nil
}

// auditStream records what recs yields in one transaction, a group at a
// time (see clearance.AuditLog.AppendAuditStream).
func (a *App) auditStream(recs iter.Seq2[clearance.AuditRecord, error]) error {
	st, err := a.Store()
	if err != nil {
		return err
	}
	if _, _, err := st.AppendAuditStream(a.ctx, recs); err != nil {
		return fmt.Errorf("record in the audit log: %w", err)
	}
	return nil
}

// configAudit is the configuration that decides outcomes, as the audit
// log records it.
type configAudit struct {
	Match       match.Options             `json:"match"`
	OptionsHash string                    `json:"options_hash"`
	Retention   clearance.RetentionPolicy `json:"retention"`
	Gate        GateConfig                `json:"gate"`
}

// recordConfig appends an AuditConfig record when the configuration that
// decides outcomes differs from the one last recorded, with both.
func (a *App) recordConfig(st clearance.Store) error {
	cur := clearance.AuditPayload(configAudit{Match: a.cfg.Match, OptionsHash: a.cfg.Match.Hash(), Retention: a.cfg.Retention,
		Gate: a.cfg.Gate})
	var last struct {
		Config json.RawMessage `json:"config"`
	}
	for r, err := range st.AuditRecords(a.ctx, clearance.AuditQuery{Action: clearance.AuditConfig, Newest: true, Limit: 1}) {
		if err != nil {
			return err
		}
		if err := json.Unmarshal(r.Payload, &last); err != nil {
			return clearance.Errorf(clearance.Internal, "audit record %d: %w", r.Seq, err)
		}
	}
	if bytes.Equal(last.Config, cur) {
		return nil
	}
	payload := struct {
		Config   json.RawMessage `json:"config"`
		Previous json.RawMessage `json:"previous,omitempty"`
	}{cur, last.Config}
	return a.audit(clearance.AuditRecord{Actor: a.cfg.Actor, RequestID: a.requestID, Action: clearance.AuditConfig,
		Subject: "configuration", Payload: clearance.AuditPayload(payload)})
}
