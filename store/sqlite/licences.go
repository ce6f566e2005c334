package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearancehq/clearance"
)

var _ clearance.GateStore = (*Store)(nil)

// write runs fn in a write transaction, holding this process's write token,
// and commits when fn succeeds. what names the operation in errors.
func (s *Store) write(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	if err := s.lockWriter(ctx); err != nil {
		return wrap(clearance.KindOf(err), err, "%s", what)
	}
	defer s.unlockWriter()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(clearance.Internal, err, "%s: begin", what)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return wrap(clearance.Internal, err, "%s: commit", what)
	}
	return nil
}

// now is the store's clock, at the precision it keeps.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// AddLicence records a licence with nothing drawn from it.
func (s *Store) AddLicence(ctx context.Context, l *clearance.Licence) (*clearance.LicenceBalance, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	body, err := json.Marshal(l)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "add licence %s", l.Number)
	}
	at := now()
	err = s.write(ctx, "add licence "+l.Number, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO licences
			(number, authority, destination, valid_from, valid_to, body, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			l.Number, l.Authority, l.Destination, l.ValidFrom, l.ValidTo, string(body), at.Format(timeLayout))
		if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
			return clearance.Errorf(clearance.Conflict, "licence %s is already recorded", l.Number)
		}
		if err != nil {
			return wrap(clearance.Internal, err, "add licence %s", l.Number)
		}
		for i, li := range l.Items {
			_, err := tx.ExecContext(ctx, `INSERT INTO licence_lines
				(licence, line, eccn, quantity_limit, value_limit) VALUES (?, ?, ?, ?, ?)`,
				l.Number, i, li.ECCN, nullable(li.Quantity), nullable(li.Value))
			if err != nil {
				return wrap(clearance.Internal, err, "add licence %s line %d", l.Number, i)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b := &clearance.LicenceBalance{Licence: *l, AddedAt: at, Draws: []clearance.Draw{}}
	for _, li := range l.Items {
		b.Lines = append(b.Lines, clearance.NewLineBalance(li, 0, 0))
	}
	return b, nil
}

// nullable turns an absent limit into SQL NULL.
func nullable[T ~int64](p *T) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// licenceQuery reads licences with the use of their lines in one statement,
// so that every balance it returns is as of one moment.
const licenceQuery = `SELECT l.number, l.body, l.added_at, ll.line, ll.quantity_used, ll.value_used
	FROM licences l JOIN licence_lines ll ON ll.licence = l.number`

// Licence returns a licence with its balance and the orders that drew on it.
func (s *Store) Licence(ctx context.Context, number string) (*clearance.LicenceBalance, error) {
	bs, err := s.queryLicences(ctx, licenceQuery+` WHERE l.number = ? ORDER BY ll.line`, number)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no licence %s", number)
	}
	b := &bs[0]
	rows, err := s.db.QueryContext(ctx, `SELECT order_id, item, line, quantity, value
		FROM licence_draws WHERE licence = ? ORDER BY rowid`, number)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "read draws of licence %s", number)
	}
	defer rows.Close()
	b.Draws = []clearance.Draw{}
	for rows.Next() {
		d := clearance.Draw{Licence: number}
		if err := rows.Scan(&d.Order, &d.Item, &d.Line, &d.Quantity, &d.Value); err != nil {
			return nil, wrap(clearance.Internal, err, "read draws of licence %s", number)
		}
		b.Draws = append(b.Draws, d)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(clearance.Internal, err, "read draws of licence %s", number)
	}
	return b, nil
}

// Licences returns every licence with its balance, by number; Draws are
// left out (see Licence).
func (s *Store) Licences(ctx context.Context) ([]clearance.LicenceBalance, error) {
	return s.queryLicences(ctx, licenceQuery+` ORDER BY l.number, ll.line`)
}

func (s *Store) queryLicences(ctx context.Context, query string, args ...any) ([]clearance.LicenceBalance, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "read licences")
	}
	defer rows.Close()
	var out []clearance.LicenceBalance
	for rows.Next() {
		var (
			number, body, added string
			line                int
			usedQ               clearance.Quantity
			usedV               clearance.Money
		)
		if err := rows.Scan(&number, &body, &added, &line, &usedQ, &usedV); err != nil {
			return nil, wrap(clearance.Internal, err, "read licences")
		}
		if len(out) == 0 || out[len(out)-1].Licence.Number != number {
			b, err := decodeLicence(number, body, added)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
		b := &out[len(out)-1]
		if line != len(b.Lines) || line >= len(b.Licence.Items) {
			return nil, clearance.Errorf(clearance.Internal, "licence %s: line %d out of order", number, line)
		}
		b.Lines = append(b.Lines, clearance.NewLineBalance(b.Licence.Items[line], usedQ, usedV))
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(clearance.Internal, err, "read licences")
	}
	return out, nil
}

func decodeLicence(number, body, added string) (clearance.LicenceBalance, error) {
	b := clearance.LicenceBalance{}
	if err := json.Unmarshal([]byte(body), &b.Licence); err != nil {
		return b, wrap(clearance.Internal, err, "decode licence %s", number)
	}
	at, err := time.Parse(timeLayout, added)
	if err != nil {
		return b, wrap(clearance.Internal, err, "licence %s: added_at", number)
	}
	b.AddedAt = at
	return b, nil
}

// AddUVLStatement records a UVL statement and returns it with its id. The
// body column holds the statement without its id, which is the row's.
func (s *Store) AddUVLStatement(ctx context.Context, st *clearance.UVLStatement) (*clearance.UVLStatement, error) {
	if err := st.Validate(); err != nil {
		return nil, err
	}
	rec := *st
	rec.ID, rec.RecordedAt = 0, now()
	body, err := json.Marshal(&rec)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "add UVL statement of %s", rec.Party)
	}
	err = s.write(ctx, "add UVL statement", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO uvl_statements (party, signed, order_id, body, recorded_at)
			VALUES (?, ?, ?, ?, ?)`, rec.Party, rec.Signed, rec.Order, string(body), rec.RecordedAt.Format(timeLayout))
		if err == nil {
			rec.ID, err = res.LastInsertId()
		}
		if err != nil {
			return wrap(clearance.Internal, err, "add UVL statement of %s", rec.Party)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// UVLStatements returns every statement on file, by id.
func (s *Store) UVLStatements(ctx context.Context) ([]clearance.UVLStatement, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, body FROM uvl_statements ORDER BY id`)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "read UVL statements")
	}
	defer rows.Close()
	var out []clearance.UVLStatement
	for rows.Next() {
		var (
			id   int64
			body string
			st   clearance.UVLStatement
		)
		err := rows.Scan(&id, &body)
		if err == nil {
			err = json.Unmarshal([]byte(body), &st)
		}
		if err != nil {
			return nil, wrap(clearance.Internal, err, "read UVL statements")
		}
		st.ID = id
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(clearance.Internal, err, "read UVL statements")
	}
	return out, nil
}

// errNoRows reports whether err says a query found nothing.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
