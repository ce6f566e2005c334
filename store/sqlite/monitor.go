package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearancehq/clearance"
)

var _ clearance.MonitorStore = (*Store)(nil)

// MonitorLag returns the sources whose active version is not their mark.
func (s *Store) MonitorLag(ctx context.Context) ([]clearance.VersionSpan, error) {
	return monitorLag(ctx, s.db)
}

func monitorLag(ctx context.Context, q querier) ([]clearance.VersionSpan, error) {
	var out []clearance.VersionSpan
	err := queryEach(ctx, q, "read monitor marks", `SELECT v.source, COALESCE(m.version, 0), v.number
		FROM versions v LEFT JOIN monitor_marks m ON m.source = v.source
		WHERE v.active = 1 AND COALESCE(m.version, 0) <> v.number ORDER BY v.source`, nil, func(rows *sql.Rows) error {
		var sp clearance.VersionSpan
		if err := rows.Scan(&sp.Source, &sp.From, &sp.To); err != nil {
			return err
		}
		out = append(out, sp)
		return nil
	})
	return out, err
}

// BeginMonitorRun records a new run with its events.
func (s *Store) BeginMonitorRun(ctx context.Context, spans []clearance.VersionSpan, events []clearance.Event) (*clearance.MonitorRun, error) {
	if len(spans) == 0 {
		return nil, clearance.Errorf(clearance.Invalid, "begin monitoring: no versions to monitor")
	}
	run := &clearance.MonitorRun{Spans: spans, StartedAt: now()}
	err := s.write(ctx, "begin monitoring", func(tx *sql.Tx) error {
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
		err = tx.QueryRowContext(ctx, `INSERT INTO monitor_runs (spans, started_at, stats) VALUES (?, ?, ?) RETURNING id`,
			string(mustMarshal(spans)), run.StartedAt.Format(timeLayout), string(mustMarshal(run.Stats))).Scan(&run.ID)
		if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_UNIQUE {
			return clearance.Errorf(clearance.Conflict, "begin monitoring: another run is unfinished")
		}
		if err != nil {
			return wrap(clearance.Internal, err, "begin monitoring")
		}
		_, err = insertEvents(ctx, tx, events)
		return err
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

const runColumns = `id, spans, started_at, finished_at, cursor, orders_done, stats`

// UnfinishedMonitorRun returns the unfinished run, or nil.
func (s *Store) UnfinishedMonitorRun(ctx context.Context) (*clearance.MonitorRun, error) {
	runs, err := s.queryRuns(ctx, `SELECT `+runColumns+` FROM monitor_runs WHERE finished_at = ''`)
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	return &runs[0], nil
}

// MonitorRuns lists the latest runs, newest first.
func (s *Store) MonitorRuns(ctx context.Context, limit int) ([]clearance.MonitorRun, error) {
	if limit <= 0 {
		limit = -1
	}
	return s.queryRuns(ctx, `SELECT `+runColumns+` FROM monitor_runs ORDER BY id DESC LIMIT ?`, limit)
}

func (s *Store) queryRuns(ctx context.Context, q string, args ...any) ([]clearance.MonitorRun, error) {
	out := []clearance.MonitorRun{}
	err := queryEach(ctx, s.db, "read monitor runs", q, args, func(rows *sql.Rows) error {
		var r clearance.MonitorRun
		var spans, started, finished, stats string
		if err := rows.Scan(&r.ID, &spans, &started, &finished, &r.Cursor, &r.OrdersDone, &stats); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(spans), &r.Spans); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(stats), &r.Stats); err != nil {
			return err
		}
		var err error
		if r.StartedAt, err = time.Parse(timeLayout, started); err == nil && finished != "" {
			r.FinishedAt, err = time.Parse(timeLayout, finished)
		}
		out = append(out, r)
		return err
	})
	return out, err
}

// saveProgress saves an unfinished run's cursor and counts.
func saveProgress(ctx context.Context, tx *sql.Tx, run *clearance.MonitorRun) error {
	res, err := tx.ExecContext(ctx, `UPDATE monitor_runs SET cursor = ?, orders_done = ?, stats = ? WHERE id = ? AND finished_at = ''`,
		run.Cursor, run.OrdersDone, string(mustMarshal(run.Stats)), run.ID)
	return checkOneRun(res, err, run.ID, "save progress of")
}

func checkOneRun(res sql.Result, err error, id int64, what string) error {
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err != nil {
		return wrap(clearance.Internal, err, "%s monitoring run %d", what, id)
	}
	if n == 0 {
		return clearance.Errorf(clearance.Conflict, "%s monitoring run %d: it is finished, or unknown", what, id)
	}
	return nil
}

// FinishMonitorRun moves the marks and finishes the run, with its events.
func (s *Store) FinishMonitorRun(ctx context.Context, run *clearance.MonitorRun, events []clearance.Event) error {
	if run.FinishedAt.IsZero() {
		run.FinishedAt = now()
	}
	return s.write(ctx, fmt.Sprintf("finish monitoring run %d", run.ID), func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE monitor_runs SET finished_at = ?, cursor = ?, orders_done = ?, stats = ? WHERE id = ? AND finished_at = ''`,
			run.FinishedAt.UTC().Format(timeLayout), run.Cursor, run.OrdersDone, string(mustMarshal(run.Stats)), run.ID)
		if err := checkOneRun(res, err, run.ID, "finish"); err != nil {
			return err
		}
		for _, sp := range run.Spans {
			_, err := tx.ExecContext(ctx, `INSERT INTO monitor_marks (source, version) VALUES (?, ?)
				ON CONFLICT (source) DO UPDATE SET version = excluded.version`, string(sp.Source), sp.To)
			if err != nil {
				return wrap(clearance.Internal, err, "finish monitoring run %d: mark %s", run.ID, sp.Source)
			}
		}
		_, err = insertEvents(ctx, tx, events)
		return err
	})
}
