package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
)

// ListImported tells that a list import committed: another instance
// sharing the database reloads its screener on it.
type ListImported struct {
	Source  clearance.SourceID `json:"source"`
	Version int                `json:"version"`
}

// notifyImport queues the notification of an import in its transaction:
// PostgreSQL delivers it on commit, and never for a rolled-back import.
func (s *Store) notifyImport(ctx context.Context, tx pgx.Tx, v clearance.Version) error {
	payload, _ := json.Marshal(ListImported{Source: v.Source, Version: v.Number}) // plain fields always marshal
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, s.channel, string(payload)); err != nil {
		return wrap(kindOf(ctx, err), err, "import %s: notify other instances", v.Source)
	}
	return nil
}

// Subscribe listens for list imports committed by any instance using this
// store's database and schema, this one included, and sends them on the
// returned channel until ctx ends. The channel is closed then, or when the
// listening connection is lost: the subscriber should then reload what it
// holds and subscribe again, since imports may have gone unannounced.
// Listening takes one connection of its own.
func (s *Store) Subscribe(ctx context.Context) (<-chan ListImported, error) {
	pc, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, wrap(kindOf(ctx, err), err, "subscribe to list imports")
	}
	conn := pc.Hijack() // a listening connection must not go back to the pool
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{s.channel}.Sanitize()); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, wrap(kindOf(ctx, err), err, "subscribe to list imports")
	}
	out := make(chan ListImported, 16)
	go func() {
		defer close(out)
		defer conn.Close(context.WithoutCancel(ctx))
		for {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				return
			}
			var ev ListImported
			if json.Unmarshal([]byte(n.Payload), &ev) != nil {
				continue // not ours: someone else notified on the channel
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
