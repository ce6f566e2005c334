package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

var _ clearance.OptionsStore = (*Store)(nil)

// SaveOptions remembers matching options under their hash.
func (s *Store) SaveOptions(ctx context.Context, opts match.Options) error {
	hash := opts.Hash()
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM match_options WHERE hash = ?`, hash).Scan(&one)
	if err == nil {
		return nil // saved before: a hash names one set of options
	}
	if !errNoRows(err) {
		return wrap(clearance.Internal, err, "save matching options %s", hash)
	}
	return s.write(ctx, "save matching options "+hash, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO match_options (hash, algorithm, body, saved_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (hash) DO NOTHING`, hash, opts.Algorithm, string(mustMarshal(opts)), now().Format(timeLayout))
		if err != nil {
			return wrap(clearance.Internal, err, "save matching options %s", hash)
		}
		return nil
	})
}

// Options returns the matching options saved under hash.
func (s *Store) Options(ctx context.Context, hash string) (match.Options, error) {
	var body string
	err := s.db.QueryRowContext(ctx, `SELECT body FROM match_options WHERE hash = ?`, hash).Scan(&body)
	if errNoRows(err) {
		return match.Options{}, clearance.Errorf(clearance.NotFound, "no matching options with hash %s were recorded", hash)
	}
	var opts match.Options
	if err == nil {
		err = json.Unmarshal([]byte(body), &opts)
	}
	if err != nil {
		return match.Options{}, wrap(clearance.Internal, err, "read matching options %s", hash)
	}
	return opts, nil
}
