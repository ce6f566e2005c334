package sqlite

import (
	"context"
	"database/sql"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.GateStore = (*Store)(nil)

// gateBackend gives the shared licence gate (storekit.Gate) SQLite's write
// transactions: the database's only writer, so a licence line's use is
// read and raised by one submission at a time, in any process.
type gateBackend struct{ s *Store }

func (b gateBackend) WriteGate(ctx context.Context, what string, f func(storekit.GateTx) error) error {
	return b.s.write(ctx, what, func(tx *sql.Tx) error { return f(gateTx{tx}) })
}

func (b gateBackend) GateReader() storekit.GateReader { return gateQ{b.s.db} }

// gateTx writes the gate's tables in a transaction.
type gateTx struct{ tx *sql.Tx }

// duplicate turns a primary key violation into storekit.ErrDuplicate and
// wraps any other error.
func duplicate(err error, format string, args ...any) error {
	switch {
	case err == nil:
		return nil
	case sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return storekit.ErrDuplicate
	}
	return wrap(clearance.Internal, err, format, args...)
}

func (g gateTx) InsertLicence(ctx context.Context, l *clearance.Licence, body []byte, at time.Time) error {
	_, err := g.tx.ExecContext(ctx, `INSERT INTO licences
		(number, authority, destination, valid_from, valid_to, body, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		l.Number, l.Authority, l.Destination, l.ValidFrom, l.ValidTo, string(body), at.Format(timeLayout))
	if err != nil {
		return duplicate(err, "add licence %s", l.Number)
	}
	for i, li := range l.Items {
		_, err := g.tx.ExecContext(ctx, `INSERT INTO licence_lines
			(licence, line, eccn, quantity_limit, value_limit) VALUES (?, ?, ?, ?, ?)`,
			l.Number, i, li.ECCN, nullable(li.Quantity), nullable(li.Value))
		if err != nil {
			return wrap(clearance.Internal, err, "add licence %s line %d", l.Number, i)
		}
	}
	return nil
}

// nullable turns an absent limit into SQL NULL.
func nullable[T ~int64](p *T) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func (g gateTx) InsertUVL(ctx context.Context, st *clearance.UVLStatement, body []byte) (int64, error) {
	res, err := g.tx.ExecContext(ctx, `INSERT INTO uvl_statements (party, signed, order_id, body, recorded_at)
		VALUES (?, ?, ?, ?, ?)`, st.Party, st.Signed, st.Order, string(body), st.RecordedAt.Format(timeLayout))
	var id int64
	if err == nil {
		id, err = res.LastInsertId()
	}
	if err != nil {
		return 0, wrap(clearance.Internal, err, "add UVL statement of %s", st.Party)
	}
	return id, nil
}

func (g gateTx) InsertOrder(ctx context.Context, o *clearance.Order, body []byte, at time.Time) error {
	_, err := g.tx.ExecContext(ctx, `INSERT INTO orders (id, order_date, body, submitted_at) VALUES (?, ?, ?, ?)`,
		o.ID, o.Date, string(body), at.Format(timeLayout))
	return duplicate(err, "submit order %s", o.ID)
}

// Use raises a line's use under the write lock that the transaction took
// when it began.
func (g gateTx) Use(ctx context.Context, licence string, line int, q clearance.Quantity, v clearance.Money) (bool, error) {
	res, err := g.tx.ExecContext(ctx, `UPDATE licence_lines
		SET quantity_used = quantity_used + ?1, value_used = value_used + ?2
		WHERE licence = ?3 AND line = ?4
		  AND (quantity_limit IS NULL OR quantity_used + ?1 <= quantity_limit)
		  AND (value_limit IS NULL OR value_used + ?2 <= value_limit)`,
		int64(q), int64(v), licence, line)
	var n int64
	if err == nil {
		n, err = res.RowsAffected()
	}
	if err != nil {
		return false, wrap(clearance.Internal, err, "draw on licence %s line %d", licence, line)
	}
	return n > 0, nil
}

func (g gateTx) LineExists(ctx context.Context, licence string, line int) (bool, error) {
	var n int
	err := g.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM licence_lines WHERE licence = ? AND line = ?`, licence, line).Scan(&n)
	if err != nil {
		return false, wrap(clearance.Internal, err, "read licence %s line %d", licence, line)
	}
	return n > 0, nil
}

func (g gateTx) InsertDraw(ctx context.Context, dr clearance.Draw) error {
	_, err := g.tx.ExecContext(ctx, `INSERT INTO licence_draws (order_id, item, licence, line, quantity, value) VALUES (?, ?, ?, ?, ?, ?)`,
		dr.Order, dr.Item, dr.Licence, dr.Line, int64(dr.Quantity), int64(dr.Value))
	return duplicate(err, "record draw of order %s", dr.Order)
}

func (g gateTx) InsertDecision(ctx context.Context, d *clearance.Decision, n int, body []byte) error {
	_, err := g.tx.ExecContext(ctx, `INSERT INTO decisions (order_id, number, outcome, body, decided_at) VALUES (?, ?, ?, ?, ?)`,
		d.OrderID, n, d.Outcome, string(body), d.DecidedAt.UTC().Format(timeLayout))
	if err != nil {
		return wrap(clearance.Internal, err, "submit order %s: record decision", d.OrderID)
	}
	return nil
}

func (g gateTx) Audit() storekit.AuditTx { return auditTx{auditQ{g.tx}, g.tx, nil} }

// gateQ reads the gate's tables.
type gateQ struct{ q querier }

func (g gateQ) LicenceLines(ctx context.Context, number string) ([]storekit.LicenceLine, error) {
	query, args := storekit.Where(`SELECT l.number, l.body, l.added_at, ll.line, ll.quantity_used, ll.value_used
		FROM licences l JOIN licence_lines ll ON ll.licence = l.number`, `l.number = ?`, number)
	return collect(ctx, g.q, "read licences", query+` ORDER BY l.number, ll.line`, args,
		func(rows storekit.Rows) (storekit.LicenceLine, error) {
			var r storekit.LicenceLine
			var body, added string
			err := rows.Scan(&r.Number, &body, &added, &r.Line, &r.UsedQ, &r.UsedV)
			if err == nil {
				r.AddedAt, err = parseTime(added)
			}
			r.Body = []byte(body)
			return r, err
		})
}

func (g gateQ) Draws(ctx context.Context, number string) ([]clearance.Draw, error) {
	return collect(ctx, g.q, "read draws of licence "+number, `SELECT `+storekit.DrawColumns+`
		FROM licence_draws WHERE licence = ? ORDER BY rowid`, []any{number}, storekit.ScanDraw)
}

func (g gateQ) UVLStatements(ctx context.Context) ([]storekit.BodyRow, error) {
	return collect(ctx, g.q, "read UVL statements", `SELECT id, body FROM uvl_statements ORDER BY id`, nil, storekit.ScanBody)
}

func (g gateQ) Orders(ctx context.Context, id string) ([]storekit.OrderRow, error) {
	query, args := storekit.Where(`SELECT o.body, o.submitted_at, d.body FROM orders o
		JOIN decisions d ON d.order_id = o.id
		  AND d.number = (SELECT MAX(number) FROM decisions WHERE order_id = o.id)`, `o.id = ?`, id)
	return collect(ctx, g.q, "read orders", query+` ORDER BY o.submitted_at, o.rowid`, args,
		func(rows storekit.Rows) (storekit.OrderRow, error) {
			var r storekit.OrderRow
			var order, at, decision string
			err := rows.Scan(&order, &at, &decision)
			if err == nil {
				r.SubmittedAt, err = parseTime(at)
			}
			r.OrderBody, r.DecisionBody = []byte(order), []byte(decision)
			return r, err
		})
}

// collect runs a query and reads every row with scan; what names the read
// in errors.
func collect[T any](ctx context.Context, q querier, what, query string, args []any, scan func(storekit.Rows) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap(clearance.Internal, err, "%s", what)
	}
	defer rows.Close()
	out, err := storekit.Collect(rows, func() (T, error) { return scan(rows) })
	if err != nil {
		return nil, wrap(clearance.Internal, err, "%s", what)
	}
	return out, nil
}
