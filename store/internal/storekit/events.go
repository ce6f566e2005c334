package storekit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

// eventSelect returns the SELECT of the IDs and bodies of the events f
// selects, by ID, and its arguments; tm writes an instant as an argument.
func eventSelect(f clearance.EventFilter, tm func(time.Time) any) (string, []any) {
	q := `SELECT id, body FROM events WHERE id > $1`
	args := []any{f.After}
	if !f.Since.IsZero() {
		args = append(args, tm(f.Since))
		q += fmt.Sprintf(` AND at >= $%d`, len(args))
	}
	if f.Type != "" {
		args = append(args, string(f.Type))
		q += fmt.Sprintf(` AND type = $%d`, len(args))
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	return q, args
}

// Events lists events by ID.
func (r Review) Events(ctx context.Context, f clearance.EventFilter) ([]clearance.Event, error) {
	return readEvents(ctx, r.R.ReviewReader(), f)
}

func readEvents(ctx context.Context, q Querier, f clearance.EventFilter) ([]clearance.Event, error) {
	query, args := eventSelect(f, q.Time)
	rows, err := bodies(ctx, q, "read events", query, args...)
	if err != nil {
		return nil, err
	}
	out := make([]clearance.Event, 0, len(rows))
	for _, row := range rows {
		e, err := decode[clearance.Event](row.Body, fmt.Sprintf("event %d", row.ID))
		if err != nil {
			return nil, err
		}
		e.ID, e.At = row.ID, e.At.UTC()
		out = append(out, e)
	}
	return out, nil
}

// RegisterWebhook starts a new URL's cursor at the last event.
func (r Review) RegisterWebhook(ctx context.Context, url string) error {
	if strings.TrimSpace(url) == "" {
		return clearance.Errorf(clearance.Invalid, "register webhook: no URL")
	}
	return r.R.WriteReview(ctx, "register webhook", func(tx ReviewTx) error {
		_, err := tx.Exec(ctx, "register webhook", `INSERT INTO webhooks (url, cursor, registered_at)
			VALUES ($1, (SELECT COALESCE(MAX(id), 0) FROM events), $2) ON CONFLICT (url) DO NOTHING`, url, tx.Time(Now()))
		return err
	})
}

// ClaimWebhook makes worker the one deliverer of the URL's events until
// until, when no other worker holds an unexpired claim; it reports whether
// worker holds the claim now.
func (r Review) ClaimWebhook(ctx context.Context, url, worker string, until time.Time) (bool, error) {
	if worker == "" {
		return false, clearance.Errorf(clearance.Invalid, "claim webhook %s: no worker", url)
	}
	var n int64
	err := r.R.WriteReview(ctx, "claim webhook", func(tx ReviewTx) (err error) {
		n, err = tx.Exec(ctx, "claim webhook", `UPDATE webhooks SET claimed_by = $1, claimed_until = $2
			WHERE url = $3 AND (claimed_by = '' OR claimed_by = $1 OR claimed_until IS NULL OR claimed_until < $4)`,
			worker, tx.Time(until.UTC()), url, tx.Time(time.Now().UTC()))
		return err
	})
	if err != nil {
		return false, err
	}
	if n == 0 {
		var found bool
		var cursor int64
		if found, err = queryRow(ctx, r.R.ReviewReader(), "read webhook", `SELECT cursor FROM webhooks WHERE url = $1`, []any{url}, &cursor); err != nil {
			return false, err
		}
		if !found {
			return false, clearance.Errorf(clearance.NotFound, "webhook %s is not registered", url)
		}
	}
	return n == 1, nil
}

// ReleaseWebhook gives up worker's claim on the URL, if it holds it.
func (r Review) ReleaseWebhook(ctx context.Context, url, worker string) error {
	return r.R.WriteReview(ctx, "release webhook", func(tx ReviewTx) error {
		_, err := tx.Exec(ctx, "release webhook", `UPDATE webhooks SET claimed_by = '', claimed_until = $1 WHERE url = $2 AND claimed_by = $3`,
			tx.Time(time.Time{}), url, worker)
		return err
	})
}

// WebhookBacklog returns the events after the URL's cursor.
func (r Review) WebhookBacklog(ctx context.Context, url string, limit int) ([]clearance.Event, error) {
	rd := r.R.ReviewReader()
	var cursor int64
	found, err := queryRow(ctx, rd, "read webhook cursor", `SELECT cursor FROM webhooks WHERE url = $1`, []any{url}, &cursor)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, clearance.Errorf(clearance.NotFound, "webhook %s is not registered", url)
	}
	return readEvents(ctx, rd, clearance.EventFilter{After: cursor, Limit: limit})
}

// RecordDelivery records an attempt, and moves the cursor when it is Done.
func (r Review) RecordDelivery(ctx context.Context, d *clearance.Delivery) error {
	if d.URL == "" || d.EventID <= 0 || d.Attempt <= 0 {
		return clearance.Errorf(clearance.Invalid, "record delivery: URL, event and attempt are required (%+v)", d)
	}
	at := d.At
	if at.IsZero() {
		at = Now()
	}
	what := fmt.Sprintf("record delivery of event %d", d.EventID)
	return r.R.WriteReview(ctx, what, func(tx ReviewTx) (err error) {
		d.ID, err = insert(ctx, tx, what, `INSERT INTO webhook_deliveries (url, event_id, attempt, at, status, error, duration_ns, done)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			d.URL, d.EventID, d.Attempt, tx.Time(at), d.Status, d.Error, int64(d.Duration), d.Done)
		if err != nil || !d.Done {
			return err
		}
		_, err = tx.Exec(ctx, "move webhook cursor", `UPDATE webhooks SET cursor = $1 WHERE url = $2 AND cursor < $1`, d.EventID, d.URL)
		return err
	})
}

// Deliveries lists delivery attempts by ID.
func (r Review) Deliveries(ctx context.Context, f clearance.DeliveryFilter) ([]clearance.Delivery, error) {
	rd := r.R.ReviewReader()
	q := `SELECT id, url, event_id, attempt, at, status, error, duration_ns, done FROM webhook_deliveries`
	var args []any
	if f.EventID > 0 {
		q += ` WHERE event_id = $1`
		args = append(args, f.EventID)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	out := []clearance.Delivery{}
	err := each(ctx, rd, "read deliveries", q, args, func(rows Rows) error {
		var d clearance.Delivery
		var ns int64
		at, read := instants(rd, &d.At)
		if err := rows.Scan(&d.ID, &d.URL, &d.EventID, &d.Attempt, at[0], &d.Status, &d.Error, &ns, &d.Done); err != nil {
			return err
		}
		if err := read(); err != nil {
			return err
		}
		d.Duration = time.Duration(ns)
		out = append(out, d)
		return nil
	})
	return out, err
}
