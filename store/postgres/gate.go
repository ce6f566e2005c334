package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.GateStore = (*Store)(nil)

// gateBackend gives the shared licence gate (storekit.Gate) PostgreSQL
// transactions at READ COMMITTED. A draw is one guarded UPDATE of its
// licence line: it takes the row's lock, and when another transaction
// holds it, waits for that one to end and evaluates the guard again on the
// row as committed. So concurrent submissions from any number of processes
// never overdraw a line, and the loser learns it from the rows affected.
type gateBackend struct{ s *Store }

func (b gateBackend) WriteGate(ctx context.Context, what string, f func(storekit.GateTx) error) error {
	return b.s.inTx(ctx, what, func(tx pgx.Tx) error { return f(gateTx{tx}) })
}

func (b gateBackend) GateReader() storekit.GateReader { return gateQ{b.s.pool} }

// uniqueViolation is the SQLSTATE of a duplicate key.
const uniqueViolation = "23505"

// gateTx writes the gate's tables in a transaction.
type gateTx struct{ tx pgx.Tx }

// duplicate turns a duplicate key into storekit.ErrDuplicate and wraps any
// other error.
func duplicate(ctx context.Context, err error, format string, args ...any) error {
	switch {
	case err == nil:
		return nil
	case pgCode(err) == uniqueViolation:
		return storekit.ErrDuplicate
	}
	return wrap(kindOf(ctx, err), err, format, args...)
}

func (g gateTx) InsertLicence(ctx context.Context, l *clearance.Licence, body []byte, at time.Time) error {
	_, err := g.tx.Exec(ctx, `INSERT INTO licences
		(number, authority, destination, valid_from, valid_to, body, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		l.Number, string(l.Authority), l.Destination, l.ValidFrom, l.ValidTo, string(body), at)
	if err != nil {
		return duplicate(ctx, err, "add licence %s", l.Number)
	}
	rows := make([][]any, len(l.Items))
	for i, li := range l.Items {
		rows[i] = []any{l.Number, int32(i), li.ECCN, limit(li.Quantity), limit(li.Value)}
	}
	_, err = g.tx.CopyFrom(ctx, pgx.Identifier{"licence_lines"},
		[]string{"licence", "line", "eccn", "quantity_limit", "value_limit"}, pgx.CopyFromRows(rows))
	if err != nil {
		return wrap(kindOf(ctx, err), err, "add licence %s: lines", l.Number)
	}
	return nil
}

// limit is a line's limit as a nullable bigint.
func limit[T ~int64](p *T) *int64 {
	if p == nil {
		return nil
	}
	v := int64(*p)
	return &v
}

func (g gateTx) InsertUVL(ctx context.Context, st *clearance.UVLStatement, body []byte) (int64, error) {
	var id int64
	err := g.tx.QueryRow(ctx, `INSERT INTO uvl_statements (party, signed, order_id, body, recorded_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, st.Party, st.Signed, st.Order, string(body), st.RecordedAt).Scan(&id)
	if err != nil {
		return 0, wrap(kindOf(ctx, err), err, "add UVL statement of %s", st.Party)
	}
	return id, nil
}

func (g gateTx) InsertOrder(ctx context.Context, o *clearance.Order, body []byte, at time.Time) error {
	_, err := g.tx.Exec(ctx, `INSERT INTO orders (id, order_date, body, submitted_at) VALUES ($1, $2, $3, $4)`,
		o.ID, o.Date, string(body), at)
	return duplicate(ctx, err, "submit order %s", o.ID)
}

func (g gateTx) Use(ctx context.Context, licence string, line int, q clearance.Quantity, v clearance.Money) (bool, error) {
	tag, err := g.tx.Exec(ctx, `UPDATE licence_lines
		SET quantity_used = quantity_used + $1, value_used = value_used + $2
		WHERE licence = $3 AND line = $4
		  AND (quantity_limit IS NULL OR quantity_used + $1 <= quantity_limit)
		  AND (value_limit IS NULL OR value_used + $2 <= value_limit)`,
		int64(q), int64(v), licence, int32(line))
	if err != nil {
		return false, wrap(kindOf(ctx, err), err, "draw on licence %s line %d", licence, line)
	}
	return tag.RowsAffected() > 0, nil
}

func (g gateTx) LineExists(ctx context.Context, licence string, line int) (bool, error) {
	var found bool
	err := g.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM licence_lines WHERE licence = $1 AND line = $2)`,
		licence, int32(line)).Scan(&found)
	if err != nil {
		return false, wrap(kindOf(ctx, err), err, "read licence %s line %d", licence, line)
	}
	return found, nil
}

func (g gateTx) InsertDraw(ctx context.Context, dr clearance.Draw) error {
	_, err := g.tx.Exec(ctx, `INSERT INTO licence_draws (order_id, item, licence, line, quantity, value)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		dr.Order, int32(dr.Item), dr.Licence, int32(dr.Line), int64(dr.Quantity), int64(dr.Value))
	return duplicate(ctx, err, "record draw of order %s", dr.Order)
}

func (g gateTx) InsertDecision(ctx context.Context, d *clearance.Decision, n int, body []byte) error {
	_, err := g.tx.Exec(ctx, `INSERT INTO decisions (order_id, number, outcome, body, decided_at) VALUES ($1, $2, $3, $4, $5)`,
		d.OrderID, int32(n), string(d.Outcome), string(body), d.DecidedAt)
	if err != nil {
		return wrap(kindOf(ctx, err), err, "submit order %s: record decision", d.OrderID)
	}
	return nil
}

func (g gateTx) Audit() storekit.AuditTx { return auditTx{auditQ{g.tx}, g.tx} }

// gateQ reads the gate's tables.
type gateQ struct{ q querier }

func (g gateQ) LicenceLines(ctx context.Context, number string) ([]storekit.LicenceLine, error) {
	query, args := storekit.Where(`SELECT l.number, l.body, l.added_at, ll.line, ll.quantity_used, ll.value_used
		FROM licences l JOIN licence_lines ll ON ll.licence = l.number`, `l.number = $1`, number)
	return collect(ctx, g.q, "read licences", query+` ORDER BY l.number COLLATE "C", ll.line`, args,
		func(rows storekit.Rows) (storekit.LicenceLine, error) {
			var r storekit.LicenceLine
			var body string
			var q, v int64
			err := rows.Scan(&r.Number, &body, &r.AddedAt, &r.Line, &q, &v)
			r.Body, r.UsedQ, r.UsedV = []byte(body), clearance.Quantity(q), clearance.Money(v)
			return r, err
		})
}

func (g gateQ) Draws(ctx context.Context, number string) ([]clearance.Draw, error) {
	return collect(ctx, g.q, "read draws of licence "+number, `SELECT `+storekit.DrawColumns+`
		FROM licence_draws WHERE licence = $1 ORDER BY seq`, []any{number}, storekit.ScanDraw)
}

func (g gateQ) UVLStatements(ctx context.Context) ([]storekit.BodyRow, error) {
	return collect(ctx, g.q, "read UVL statements", `SELECT id, body FROM uvl_statements ORDER BY id`, nil, storekit.ScanBody)
}

func (g gateQ) Orders(ctx context.Context, id string) ([]storekit.OrderRow, error) {
	query, args := storekit.Where(`SELECT o.body, o.submitted_at, d.body FROM orders o
		JOIN decisions d ON d.order_id = o.id
		  AND d.number = (SELECT MAX(number) FROM decisions WHERE order_id = o.id)`, `o.id = $1`, id)
	return collect(ctx, g.q, "read orders", query+` ORDER BY o.submitted_at, o.seq`, args,
		func(rows storekit.Rows) (storekit.OrderRow, error) {
			var r storekit.OrderRow
			var order, decision string
			err := rows.Scan(&order, &r.SubmittedAt, &decision)
			r.OrderBody, r.DecisionBody = []byte(order), []byte(decision)
			return r, err
		})
}

// collect runs a query and reads every row with scan; what names the read
// in errors.
func collect[T any](ctx context.Context, q querier, what, query string, args []any, scan func(storekit.Rows) (T, error)) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, wrap(kindOf(ctx, err), err, "%s", what)
	}
	defer rows.Close()
	out, err := storekit.Collect(rows, func() (T, error) { return scan(rows) })
	if err != nil {
		return nil, wrap(kindOf(ctx, err), err, "%s", what)
	}
	return out, nil
}
