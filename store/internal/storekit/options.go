package storekit

import (
	"context"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// SaveOptions remembers matching options under their hash. A hash names
// one set of options, so options saved before are left as they are.
func (r Review) SaveOptions(ctx context.Context, opts match.Options) error {
	hash := opts.Hash()
	if _, found, err := optionsBody(ctx, r.R.ReviewReader(), hash); err != nil || found {
		return err
	}
	return r.R.WriteReview(ctx, "save matching options "+hash, func(tx ReviewTx) error {
		_, err := tx.Exec(ctx, "save matching options "+hash, `INSERT INTO match_options (hash, algorithm, body, saved_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING`, hash, opts.Algorithm, string(mustMarshal(opts)), tx.Time(Now()))
		return err
	})
}

// Options returns the matching options saved under hash.
func (r Review) Options(ctx context.Context, hash string) (match.Options, error) {
	body, found, err := optionsBody(ctx, r.R.ReviewReader(), hash)
	if err != nil {
		return match.Options{}, err
	}
	if !found {
		return match.Options{}, clearance.Errorf(clearance.NotFound, "no matching options with hash %s were recorded", hash)
	}
	return decode[match.Options](body, "matching options "+hash)
}

func optionsBody(ctx context.Context, q Querier, hash string) ([]byte, bool, error) {
	var body string
	found, err := queryRow(ctx, q, "read matching options "+hash, `SELECT body FROM match_options WHERE hash = $1`, []any{hash}, &body)
	return []byte(body), found, err
}
