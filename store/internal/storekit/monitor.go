package storekit

import (
	"context"
	"fmt"
	"time"

	"github.com/clearancehq/clearance"
)

// A monitoring run's spans and counts are JSON; its finished_at is "none"
// (see Querier.Time) until it finishes, and a partial unique index allows
// one unfinished run.

// MonitorLag returns the sources whose active version is not their mark.
func (r Review) MonitorLag(ctx context.Context) ([]clearance.VersionSpan, error) {
	return monitorLag(ctx, r.R.ReviewReader())
}

// monitorLag reads every source whose active version differs from its
// mark (0 when it has none), by source.
func monitorLag(ctx context.Context, q Querier) ([]clearance.VersionSpan, error) {
	var out []clearance.VersionSpan
	err := each(ctx, q, "read monitor marks", `SELECT v.source, COALESCE(m.version, 0), v.number
		FROM versions v LEFT JOIN monitor_marks m ON m.source = v.source
		WHERE v.active AND COALESCE(m.version, 0) <> v.number ORDER BY v.source`, nil, func(rows Rows) error {
		var sp clearance.VersionSpan
		err := rows.Scan(&sp.Source, &sp.From, &sp.To)
		out = append(out, sp)
		return err
	})
	return out, err
}

// BeginMonitorRun records a new run with its events, provided no run is
// unfinished and each span starts at its source's mark.
func (r Review) BeginMonitorRun(ctx context.Context, spans []clearance.VersionSpan, events []clearance.Event) (*clearance.MonitorRun, error) {
	if len(spans) == 0 {
		return nil, clearance.Errorf(clearance.Invalid, "begin monitoring: no versions to monitor")
	}
	run := &clearance.MonitorRun{Spans: spans, StartedAt: Now()}
	err := r.R.WriteReview(ctx, "begin monitoring", func(tx ReviewTx) error {
		if err := tx.LockEvents(ctx); err != nil {
			return err
		}
		lag, err := monitorLag(ctx, tx)
		if err != nil {
			return err
		}
		marks := map[clearance.SourceID]int{}
		for _, sp := range lag {
			marks[sp.Source] = sp.From
		}
		for _, sp := range spans {
			if from, ok := marks[sp.Source]; !ok || from != sp.From || sp.To <= 0 {
				return clearance.Errorf(clearance.Conflict, "begin monitoring %s: monitoring of %s is not at version %d", sp, sp.Source, sp.From)
			}
		}
		run.ID, err = insert(ctx, tx, "begin monitoring", `INSERT INTO monitor_runs (spans, started_at, stats) VALUES ($1, $2, $3) RETURNING id`,
			string(mustMarshal(spans)), tx.Time(run.StartedAt), string(mustMarshal(run.Stats)))
		if isDuplicate(err) {
			return clearance.Errorf(clearance.Conflict, "begin monitoring: another run is unfinished")
		}
		if err != nil {
			return err
		}
		_, err = InsertEvents(ctx, tx, events)
		return err
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// ClaimMonitorRun gives the unfinished run to the claim's worker until
// claim.Until, unless another worker holds a claim that has not lapsed and
// is not claim.Dead. The claim is one conditional update of the run's
// row: PostgreSQL makes a second claimer wait for the first's commit and
// then re-reads the row, finding the claim taken; SQLite writes one
// transaction at a time. Either way one claimer changes the row.
func (r Review) ClaimMonitorRun(ctx context.Context, c clearance.MonitorClaim) (*clearance.MonitorRun, error) {
	if c.Worker == "" || c.Until.IsZero() {
		return nil, clearance.Errorf(clearance.Invalid, "claim monitoring run %d: a worker and an expiry are required", c.Run)
	}
	what := fmt.Sprintf("claim monitoring run %d", c.Run)
	var run *clearance.MonitorRun
	err := r.R.WriteReview(ctx, what, func(tx ReviewTx) error {
		n, err := tx.Exec(ctx, what, `UPDATE monitor_runs SET claimed_by = $1, claimed_until = $2
			WHERE id = $3 AND finished_at IS NOT DISTINCT FROM $4
			AND (claimed_by IN ('', $1, $5) OR claimed_until <= $6)`,
			c.Worker, tx.Time(c.Until.UTC()), c.Run, tx.Time(time.Time{}), c.Dead, tx.Time(Now()))
		if err != nil {
			return err
		}
		runs, err := readRuns(ctx, tx, `WHERE id = $1`, c.Run)
		switch {
		case err != nil:
			return err
		case len(runs) == 0 || !runs[0].FinishedAt.IsZero():
			return clearance.Errorf(clearance.Conflict, "%s: it is finished, or unknown", what)
		case n == 0:
			return clearance.Errorf(clearance.Conflict, "%s: %s works it, its claim until %s", what,
				runs[0].Worker, runs[0].ClaimedUntil.Format(time.RFC3339))
		}
		run = &runs[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// UnfinishedMonitorRun returns the unfinished run, or nil.
func (r Review) UnfinishedMonitorRun(ctx context.Context) (*clearance.MonitorRun, error) {
	rd := r.R.ReviewReader()
	runs, err := readRuns(ctx, rd, `WHERE finished_at IS NOT DISTINCT FROM $1`, rd.Time(time.Time{}))
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return &runs[0], nil
}

// MonitorRuns lists the latest runs, newest first.
func (r Review) MonitorRuns(ctx context.Context, limit int) ([]clearance.MonitorRun, error) {
	tail := `ORDER BY id DESC`
	if limit > 0 {
		tail += fmt.Sprintf(` LIMIT %d`, limit)
	}
	return readRuns(ctx, r.R.ReviewReader(), tail)
}

// readRuns reads the runs that tail (a WHERE or ORDER BY clause) selects.
func readRuns(ctx context.Context, q Querier, tail string, args ...any) ([]clearance.MonitorRun, error) {
	out := []clearance.MonitorRun{}
	err := each(ctx, q, "read monitor runs", `SELECT id, spans, started_at, finished_at, cursor, orders_done, stats, claimed_by, claimed_until
		FROM monitor_runs `+tail, args, func(rows Rows) error {
		var run clearance.MonitorRun
		var spans, stats string
		times, read := instants(q, &run.StartedAt, &run.FinishedAt, &run.ClaimedUntil)
		if err := rows.Scan(&run.ID, &spans, times[0], times[1], &run.Cursor, &run.OrdersDone, &stats, &run.Worker, times[2]); err != nil {
			return err
		}
		if err := read(); err != nil {
			return err
		}
		what := fmt.Sprintf("monitoring run %d", run.ID)
		var err error
		if run.Spans, err = decode[[]clearance.VersionSpan]([]byte(spans), what); err != nil {
			return err
		}
		if run.Stats, err = decode[clearance.MonitorStats]([]byte(stats), what); err != nil {
			return err
		}
		out = append(out, run)
		return nil
	})
	return out, err
}

// saveRun stores an unfinished run's cursor and counts and, when finished
// is set, finishes it; what names the step in errors. The run's worker
// must hold its claim, which is renewed to run.ClaimedUntil.
func saveRun(ctx context.Context, tx ReviewTx, run *clearance.MonitorRun, finished time.Time, what string) error {
	until := run.ClaimedUntil.UTC()
	if run.Worker == "" {
		until = time.Time{}
	}
	n, err := tx.Exec(ctx, fmt.Sprintf("%s monitoring run %d", what, run.ID), `UPDATE monitor_runs
		SET finished_at = $1, cursor = $2, orders_done = $3, stats = $4, claimed_until = $7
		WHERE id = $5 AND finished_at IS NOT DISTINCT FROM $6 AND claimed_by = $8`,
		tx.Time(finished), run.Cursor, run.OrdersDone, string(mustMarshal(run.Stats)), run.ID, tx.Time(time.Time{}),
		tx.Time(until), run.Worker)
	if err != nil {
		return err
	}
	if n == 0 {
		holder := "no worker"
		if run.Worker != "" {
			holder = run.Worker
		}
		return clearance.Errorf(clearance.Conflict, "%s monitoring run %d: it is finished, unknown, or claimed by another worker than %s",
			what, run.ID, holder)
	}
	return nil
}

// FinishMonitorRun moves the marks, saves the counts, records the events
// and finishes the run, at once.
func (r Review) FinishMonitorRun(ctx context.Context, run *clearance.MonitorRun, events []clearance.Event) error {
	if run.FinishedAt.IsZero() {
		run.FinishedAt = Now()
	}
	return r.R.WriteReview(ctx, fmt.Sprintf("finish monitoring run %d", run.ID), func(tx ReviewTx) error {
		if err := tx.LockEvents(ctx); err != nil {
			return err
		}
		if err := saveRun(ctx, tx, run, run.FinishedAt, "finish"); err != nil {
			return err
		}
		for _, sp := range run.Spans {
			_, err := tx.Exec(ctx, "mark "+string(sp.Source)+" monitored", `INSERT INTO monitor_marks (source, version) VALUES ($1, $2)
				ON CONFLICT (source) DO UPDATE SET version = excluded.version`, string(sp.Source), sp.To)
			if err != nil {
				return err
			}
		}
		_, err := InsertEvents(ctx, tx, events)
		return err
	})
}
