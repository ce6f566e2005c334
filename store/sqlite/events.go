package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

var _ clearance.EventStore = (*Store)(nil)

// insertEvents appends events to the log inside tx and returns them with
// their IDs.
func insertEvents(ctx context.Context, tx *sql.Tx, events []clearance.Event) ([]clearance.Event, error) {
	out := make([]clearance.Event, len(events))
	for i, e := range events {
		if e.Type == "" || e.At.IsZero() {
			return nil, clearance.Errorf(clearance.Invalid, "record event: an event needs a type and a time (%+v)", e)
		}
		e.ID = 0
		e.At = e.At.UTC().Truncate(time.Microsecond)
		body, err := json.Marshal(&e)
		if err != nil {
			return nil, wrap(clearance.Internal, err, "record event %s", e.Type)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO events (type, at, body) VALUES (?, ?, ?) RETURNING id`,
			string(e.Type), e.At.Format(timeLayout), string(body)).Scan(&e.ID)
		if err != nil {
			return nil, wrap(clearance.Internal, err, "record event %s", e.Type)
		}
		out[i] = e
	}
	return out, nil
}

// Events lists events by ID.
func (s *Store) Events(ctx context.Context, f clearance.EventFilter) ([]clearance.Event, error) {
	q := `SELECT id, body FROM events WHERE id > ?`
	args := []any{f.After}
	if !f.Since.IsZero() {
		q += ` AND at >= ?`
		args = append(args, f.Since.UTC().Format(timeLayout))
	}
	if f.Type != "" {
		q += ` AND type = ?`
		args = append(args, string(f.Type))
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	return s.queryEvents(ctx, q, args...)
}

func (s *Store) queryEvents(ctx context.Context, q string, args ...any) ([]clearance.Event, error) {
	out := []clearance.Event{}
	err := queryEach(ctx, s.db, "read events", q, args, func(rows *sql.Rows) error {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return err
		}
		var e clearance.Event
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			return err
		}
		e.ID = id
		out = append(out, e)
		return nil
	})
	return out, err
}

// RegisterWebhook starts a new URL's cursor at the last event.
func (s *Store) RegisterWebhook(ctx context.Context, url string) error {
	if strings.TrimSpace(url) == "" {
		return clearance.Errorf(clearance.Invalid, "register webhook: no URL")
	}
	return s.write(ctx, "register webhook", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO webhooks (url, cursor, registered_at)
			VALUES (?, (SELECT COALESCE(MAX(id), 0) FROM events), ?) ON CONFLICT (url) DO NOTHING`,
			url, now().Format(timeLayout))
		if err != nil {
			return wrap(clearance.Internal, err, "register webhook")
		}
		return nil
	})
}

// WebhookBacklog returns the events after the URL's cursor.
func (s *Store) WebhookBacklog(ctx context.Context, url string, limit int) ([]clearance.Event, error) {
	var cursor int64
	err := s.db.QueryRowContext(ctx, `SELECT cursor FROM webhooks WHERE url = ?`, url).Scan(&cursor)
	if errNoRows(err) {
		return nil, clearance.Errorf(clearance.NotFound, "webhook %s is not registered", url)
	}
	if err != nil {
		return nil, wrap(clearance.Internal, err, "read webhook cursor")
	}
	return s.Events(ctx, clearance.EventFilter{After: cursor, Limit: limit})
}

// RecordDelivery records an attempt, and moves the cursor when it is Done.
func (s *Store) RecordDelivery(ctx context.Context, d *clearance.Delivery) error {
	if d.URL == "" || d.EventID <= 0 || d.Attempt <= 0 {
		return clearance.Errorf(clearance.Invalid, "record delivery: URL, event and attempt are required (%+v)", d)
	}
	return s.write(ctx, "record delivery", func(tx *sql.Tx) error {
		at := d.At
		if at.IsZero() {
			at = now()
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (url, event_id, attempt, at, status, error, duration_ns, done)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.URL, d.EventID, d.Attempt, at.UTC().Format(timeLayout),
			d.Status, d.Error, int64(d.Duration), d.Done).Scan(&d.ID)
		if err != nil {
			return wrap(clearance.Internal, err, "record delivery of event %d", d.EventID)
		}
		if d.Done {
			_, err = tx.ExecContext(ctx, `UPDATE webhooks SET cursor = MAX(cursor, ?) WHERE url = ?`, d.EventID, d.URL)
			if err != nil {
				return wrap(clearance.Internal, err, "move webhook cursor")
			}
		}
		return nil
	})
}

// Deliveries lists delivery attempts by ID.
func (s *Store) Deliveries(ctx context.Context, f clearance.DeliveryFilter) ([]clearance.Delivery, error) {
	q := `SELECT id, url, event_id, attempt, at, status, error, duration_ns, done FROM webhook_deliveries`
	var args []any
	if f.EventID > 0 {
		q += ` WHERE event_id = ?`
		args = append(args, f.EventID)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	out := []clearance.Delivery{}
	err := queryEach(ctx, s.db, "read deliveries", q, args, func(rows *sql.Rows) error {
		var d clearance.Delivery
		var at string
		var dur int64
		if err := rows.Scan(&d.ID, &d.URL, &d.EventID, &d.Attempt, &at, &d.Status, &d.Error, &dur, &d.Done); err != nil {
			return err
		}
		d.Duration = time.Duration(dur)
		var err error
		d.At, err = time.Parse(timeLayout, at)
		out = append(out, d)
		return err
	})
	return out, err
}

// queryEach runs a query and calls scan on each row; what names the
// operation in errors.
func queryEach(ctx context.Context, db querier, what, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return wrap(clearance.Internal, err, "%s", what)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return wrap(clearance.Internal, err, "%s", what)
		}
	}
	if err := rows.Err(); err != nil {
		return wrap(clearance.Internal, err, "%s", what)
	}
	return nil
}
