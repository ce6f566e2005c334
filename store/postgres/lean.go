package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/clearancehq/clearance/store/internal/storekit"
)

// leanMigration is migration 9: the entry bodies without their raw source
// records (entry_lean_blobs), by the same hash, which start-up reads to
// screen. Raw records are three bytes in five of the shipped lists' bodies,
// and reading them only to skip them made up a fifth of loading the
// screener. It is a Go migration because each copy is the body with the
// member cut out byte for byte (storekit.WithoutRawBody), as SQLite's
// json_remove makes them; SQL's jsonb would reorder and respace them. Its
// up step copies the bodies already stored, a page at a time; imports store
// both from then on.
var leanMigration = goose.NewGoMigration(9, &goose.GoFunc{RunTx: leanUp}, &goose.GoFunc{RunTx: leanDown})

// leanPage is how many bodies the migration copies a statement.
const leanPage = 1000

func leanUp(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE TABLE entry_lean_blobs (
		hash bytea PRIMARY KEY REFERENCES entry_blobs (hash) ON DELETE CASCADE,
		body bytea NOT NULL
	)`); err != nil {
		return err
	}
	after := []byte{}
	for {
		hashes, leans, err := leanCopies(ctx, tx, after)
		if err != nil || len(hashes) == 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entry_lean_blobs (hash, body)
			SELECT * FROM unnest($1::bytea[], $2::bytea[])`, hashes, leans); err != nil {
			return fmt.Errorf("copy bodies without raw records: %w", err)
		}
		after = hashes[len(hashes)-1]
	}
}

// leanCopies reads the leanPage bodies after hash after, in hash order, and
// returns their hashes and copies without raw records.
func leanCopies(ctx context.Context, tx *sql.Tx, after []byte) (hashes, leans [][]byte, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT hash, body FROM entry_blobs WHERE hash > $1 ORDER BY hash LIMIT $2`, after, leanPage)
	if err != nil {
		return nil, nil, fmt.Errorf("read bodies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var hash, body []byte
		if err := rows.Scan(&hash, &body); err != nil {
			return nil, nil, fmt.Errorf("read bodies: %w", err)
		}
		hashes, leans = append(hashes, hash), append(leans, storekit.WithoutRawBody(body))
	}
	return hashes, leans, rows.Err()
}

func leanDown(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `DROP TABLE entry_lean_blobs`)
	return err
}

// leanEntriesQuery is storekit.EntriesQuery reading each body without its
// raw record where the store holds one, else the whole body (which
// DecodeEntryWithoutRaw reads too): an entry never goes missing for want of
// a copy.
const leanEntriesQuery = `SELECT coalesce(l.body, b.body)
	FROM version_entries e JOIN entry_blobs b ON b.hash = e.blob_hash
	LEFT JOIN entry_lean_blobs l ON l.hash = e.blob_hash
	WHERE e.source = $1 AND e.version = $2
	ORDER BY e.entry_id`
