package storekit

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/clearancehq/clearance"
)

// LicenceLine is one row of a licence read: the licence, as recorded, and
// the use of one of its lines.
type LicenceLine struct {
	Number  string
	Body    []byte // the clearance.Licence as JSON
	AddedAt time.Time
	Line    int
	UsedQ   clearance.Quantity
	UsedV   clearance.Money
}

// OrderRow is a submitted order as stored, with its latest decision.
type OrderRow struct {
	OrderBody, DecisionBody []byte
	SubmittedAt             time.Time
}

// BodyRow is a row of an id and a JSON body: a UVL statement, whose body
// holds it without its id; a case; a case's action (ID is the case's); an
// event; a decision (ID is its number).
type BodyRow struct {
	ID   int64
	Body []byte
}

// ScanBody reads a row of an id and a body.
func ScanBody(rows Rows) (BodyRow, error) {
	var r BodyRow
	var body string
	err := rows.Scan(&r.ID, &body)
	r.Body = []byte(body)
	return r, err
}

// DrawColumns are the columns of licence_draws in the order ScanDraw reads
// them.
const DrawColumns = `order_id, item, licence, line, quantity, value`

// ScanDraw reads a draw of DrawColumns.
func ScanDraw(rows Rows) (clearance.Draw, error) {
	var d clearance.Draw
	err := rows.Scan(&d.Order, &d.Item, &d.Licence, &d.Line, &d.Quantity, &d.Value)
	return d, err
}

// Where returns query filtered by cond, whose one placeholder takes v,
// and the arguments; when v is "", query unfiltered and none.
func Where(query, cond, v string) (string, []any) {
	if v == "" {
		return query, nil
	}
	return query + " WHERE " + cond, []any{v}
}

// GateReader reads the licence gate's tables, outside a transaction.
type GateReader interface {
	// LicenceLines reads the licence numbered number, or every licence
	// when number is "", one row a line, by number then line, in one
	// statement, so that every balance is as of one moment.
	LicenceLines(ctx context.Context, number string) ([]LicenceLine, error)
	// Draws reads the draws on a licence, oldest first.
	Draws(ctx context.Context, number string) ([]clearance.Draw, error)
	// UVLStatements reads every statement by id.
	UVLStatements(ctx context.Context) ([]BodyRow, error)
	// Orders reads the order with the given id, or every order when id is
	// "", oldest submission first, each with its latest decision.
	Orders(ctx context.Context, id string) ([]OrderRow, error)
}

// GateTx is what the gate's writes need of a store's transaction. Each
// method wraps its database errors; the Insert methods report a
// duplicate key as ErrDuplicate.
type GateTx interface {
	// InsertLicence stores a licence and its lines, nothing used.
	InsertLicence(ctx context.Context, l *clearance.Licence, body []byte, at time.Time) error
	// InsertUVL stores a statement and returns its id.
	InsertUVL(ctx context.Context, st *clearance.UVLStatement, body []byte) (int64, error)
	// InsertOrder stores a submitted order.
	InsertOrder(ctx context.Context, o *clearance.Order, body []byte, at time.Time) error
	// Use adds quantity and value to the use of a licence line, in one
	// statement guarded by the line's limits, and reports whether the
	// line still held them. It keeps the line's row locked, against
	// every other process, until the transaction ends.
	Use(ctx context.Context, licence string, line int, q clearance.Quantity, v clearance.Money) (bool, error)
	// LineExists reports whether a licence line is recorded.
	LineExists(ctx context.Context, licence string, line int) (bool, error)
	// InsertDraw records one item's draw.
	InsertDraw(ctx context.Context, dr clearance.Draw) error
	// InsertDecision records decision number n on an order.
	InsertDecision(ctx context.Context, d *clearance.Decision, n int, body []byte) error
	// Audit is the audit log in the same transaction.
	Audit() AuditTx
}

// ErrDuplicate is wrapped by a GateTx insert that found its key taken.
var ErrDuplicate = errors.New("duplicate key")

// GateBackend is a store's side of the licence gate: write transactions
// and reads outside them.
type GateBackend interface {
	WriteGate(ctx context.Context, what string, f func(tx GateTx) error) error
	GateReader() GateReader
}

// Gate implements clearance.GateStore over a store's backend; a store
// embeds it. What is stored, checked and refused is decided here, once for
// every dialect; the backends only run statements. Each change appends its
// audit record in its own transaction when the context names an actor
// (clearance.WithActor).
type Gate struct{ G GateBackend }

// AddLicence records a licence with nothing drawn from it.
func (g Gate) AddLicence(ctx context.Context, l *clearance.Licence) (*clearance.LicenceBalance, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	body, err := json.Marshal(l)
	if err != nil {
		return nil, Wrap(clearance.Internal, err, "add licence %s", l.Number)
	}
	at := Now()
	err = g.G.WriteGate(ctx, "add licence "+l.Number, func(tx GateTx) error {
		err := tx.InsertLicence(ctx, l, body, at)
		if isDuplicate(err) {
			return clearance.Errorf(clearance.Conflict, "licence %s is already recorded", l.Number)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, func(actor, requestID string) clearance.AuditRecord {
			return clearance.LicenceRecord(l, actor, requestID)
		})
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

// Licence returns a licence with its balance and the orders that drew on
// it.
func (g Gate) Licence(ctx context.Context, number string) (*clearance.LicenceBalance, error) {
	if number == "" {
		return nil, clearance.Errorf(clearance.NotFound, "no licence number given")
	}
	r := g.G.GateReader()
	rows, err := r.LicenceLines(ctx, number)
	if err != nil {
		return nil, err
	}
	bs, err := balances(rows)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no licence %s", number)
	}
	b := &bs[0]
	if b.Draws, err = r.Draws(ctx, number); err != nil {
		return nil, err
	}
	if b.Draws == nil {
		b.Draws = []clearance.Draw{}
	}
	return b, nil
}

// Licences returns every licence with its balance, by number; Draws are
// left out (see Licence).
func (g Gate) Licences(ctx context.Context) ([]clearance.LicenceBalance, error) {
	rows, err := g.G.GateReader().LicenceLines(ctx, "")
	if err != nil {
		return nil, err
	}
	return balances(rows)
}

// balances groups licence rows into balances.
func balances(rows []LicenceLine) ([]clearance.LicenceBalance, error) {
	var out []clearance.LicenceBalance
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].Licence.Number != r.Number {
			b := clearance.LicenceBalance{AddedAt: r.AddedAt.UTC()}
			if err := json.Unmarshal(r.Body, &b.Licence); err != nil {
				return nil, Wrap(clearance.Internal, err, "decode licence %s", r.Number)
			}
			out = append(out, b)
		}
		b := &out[len(out)-1]
		if r.Line != len(b.Lines) || r.Line >= len(b.Licence.Items) {
			return nil, clearance.Errorf(clearance.Internal, "licence %s: line %d out of order", r.Number, r.Line)
		}
		b.Lines = append(b.Lines, clearance.NewLineBalance(b.Licence.Items[r.Line], r.UsedQ, r.UsedV))
	}
	return out, nil
}

// AddUVLStatement records a UVL statement and returns it with its id. The
// stored body is the statement without its id, which is the row's.
func (g Gate) AddUVLStatement(ctx context.Context, st *clearance.UVLStatement) (*clearance.UVLStatement, error) {
	if err := st.Validate(); err != nil {
		return nil, err
	}
	rec := *st
	rec.ID, rec.RecordedAt = 0, Now()
	body, err := json.Marshal(&rec)
	if err != nil {
		return nil, Wrap(clearance.Internal, err, "add UVL statement of %s", rec.Party)
	}
	err = g.G.WriteGate(ctx, "add UVL statement", func(tx GateTx) (err error) {
		if rec.ID, err = tx.InsertUVL(ctx, &rec, body); err != nil {
			return err
		}
		return audit(ctx, tx, func(actor, requestID string) clearance.AuditRecord {
			return clearance.UVLRecord(&rec, actor, requestID)
		})
	})
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// UVLStatements returns every statement on file, by id.
func (g Gate) UVLStatements(ctx context.Context) ([]clearance.UVLStatement, error) {
	rows, err := g.G.GateReader().UVLStatements(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]clearance.UVLStatement, 0, len(rows))
	for _, r := range rows {
		var st clearance.UVLStatement
		if err := json.Unmarshal(r.Body, &st); err != nil {
			return nil, Wrap(clearance.Internal, err, "decode UVL statement %d", r.ID)
		}
		st.ID = r.ID
		out = append(out, st)
	}
	return out, nil
}

// SubmitOrder records an order and its decision and draws the decision's
// Draws from the licence lines, in one transaction. Each line's use grows
// by one guarded statement that locks the line until the transaction ends,
// so two submissions, in any processes, never both spend one balance: the
// loser gets a Conflict wrapping clearance.ErrBalanceChanged and nothing of
// it is recorded. Lines are drawn in (licence, line) order, so that
// submissions drawing on the same lines never deadlock.
func (g Gate) SubmitOrder(ctx context.Context, o *clearance.Order, d *clearance.Decision) (*clearance.SubmittedOrder, error) {
	if err := checkSubmission(o, d); err != nil {
		return nil, err
	}
	rec := &clearance.SubmittedOrder{Order: *o, Decision: *d, SubmittedAt: Now()}
	rec.Decision.Recorded = true
	orderBody, err := json.Marshal(&rec.Order)
	if err != nil {
		return nil, Wrap(clearance.Internal, err, "submit order %s", o.ID)
	}
	decisionBody, err := json.Marshal(&rec.Decision)
	if err != nil {
		return nil, Wrap(clearance.Internal, err, "submit order %s", o.ID)
	}
	err = g.G.WriteGate(ctx, "submit order "+o.ID, func(tx GateTx) error {
		err := tx.InsertOrder(ctx, o, orderBody, rec.SubmittedAt)
		if isDuplicate(err) {
			return clearance.Errorf(clearance.Conflict, "order %s was already submitted", o.ID)
		}
		if err != nil {
			return err
		}
		for _, u := range lineUses(d.Draws) {
			if err := use(ctx, tx, o.ID, u); err != nil {
				return err
			}
		}
		for _, dr := range d.Draws {
			err := tx.InsertDraw(ctx, dr)
			if isDuplicate(err) {
				return clearance.Errorf(clearance.Invalid, "order %s draws twice for item %d", dr.Order, dr.Item)
			}
			if err != nil {
				return err
			}
		}
		if err := tx.InsertDecision(ctx, &rec.Decision, 1, decisionBody); err != nil {
			return err
		}
		return audit(ctx, tx, func(actor, requestID string) clearance.AuditRecord {
			return clearance.OrderRecord(rec, actor, requestID)
		})
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// audit appends the record that rec returns, in tx, when ctx names an
// actor.
func audit(ctx context.Context, tx GateTx, rec func(actor, requestID string) clearance.AuditRecord) error {
	actor, requestID := clearance.ActorFrom(ctx)
	if actor == "" {
		return nil
	}
	_, err := Append(ctx, tx.Audit(), []clearance.AuditRecord{rec(actor, requestID)})
	return err
}

// lineUse is what an order takes from one licence line, all its items'
// draws on the line together.
type lineUse struct {
	licence string
	line    int
	q       clearance.Quantity
	v       clearance.Money
}

// lineUses sums draws by licence line, in (licence, line) order.
func lineUses(draws []clearance.Draw) []lineUse {
	var out []lineUse
	for _, dr := range draws {
		i := slices.IndexFunc(out, func(u lineUse) bool { return u.licence == dr.Licence && u.line == dr.Line })
		if i < 0 {
			out = append(out, lineUse{licence: dr.Licence, line: dr.Line})
			i = len(out) - 1
		}
		out[i].q += dr.Quantity
		out[i].v += dr.Value
	}
	slices.SortFunc(out, func(a, b lineUse) int {
		return cmp.Or(cmp.Compare(a.licence, b.licence), cmp.Compare(a.line, b.line))
	})
	return out
}

// use takes an order's use of one line, if the line still holds it.
func use(ctx context.Context, tx GateTx, order string, u lineUse) error {
	ok, err := tx.Use(ctx, u.licence, u.line, u.q, u.v)
	if err != nil || ok {
		return err
	}
	exists, err := tx.LineExists(ctx, u.licence, u.line)
	if err != nil {
		return err
	}
	if !exists {
		return clearance.Errorf(clearance.Invalid, "order %s draws on licence %s line %d, which is not recorded", order, u.licence, u.line)
	}
	return &clearance.Error{Kind: clearance.Conflict, Err: clearance.ErrBalanceChanged,
		Message: fmt.Sprintf("order %s: licence %s line %d no longer holds %s units and $%s", order, u.licence, u.line, u.q, u.v)}
}

// checkSubmission refuses what no store may record.
func checkSubmission(o *clearance.Order, d *clearance.Decision) error {
	if err := o.Validate(); err != nil {
		return err
	}
	switch {
	case d.OrderID != o.ID:
		return clearance.Errorf(clearance.Invalid, "submit order %s: the decision is for order %q", o.ID, d.OrderID)
	case !d.Outcome.Valid():
		return clearance.Errorf(clearance.Invalid, "submit order %s: unknown decision %q", o.ID, d.Outcome)
	case len(d.Draws) > 0 && d.Outcome != clearance.Released:
		return clearance.Errorf(clearance.Invalid, "submit order %s: a %s order draws on no licence", o.ID, d.Outcome)
	}
	for _, dr := range d.Draws {
		if dr.Order != o.ID || dr.Item < 0 || dr.Item >= len(o.Items) || dr.Line < 0 || dr.Quantity < 0 || dr.Value < 0 {
			return clearance.Errorf(clearance.Invalid, "submit order %s: invalid draw %+v", o.ID, dr)
		}
	}
	return nil
}

// Order returns a submitted order with its latest decision.
func (g Gate) Order(ctx context.Context, id string) (*clearance.SubmittedOrder, error) {
	if id == "" {
		return nil, clearance.Errorf(clearance.NotFound, "no order id given")
	}
	out, err := readOrders(ctx, g.G.GateReader(), id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no order %s was submitted", id)
	}
	return &out[0], nil
}

// Orders returns every submitted order with its latest decision, oldest
// submission first.
func (g Gate) Orders(ctx context.Context) ([]clearance.SubmittedOrder, error) {
	return readOrders(ctx, g.G.GateReader(), "")
}

// readOrders reads the order with the given id, or every order when id is
// "", each with its latest decision.
func readOrders(ctx context.Context, r GateReader, id string) ([]clearance.SubmittedOrder, error) {
	rows, err := r.Orders(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []clearance.SubmittedOrder
	for _, r := range rows {
		rec := clearance.SubmittedOrder{SubmittedAt: r.SubmittedAt.UTC()}
		err := json.Unmarshal(r.OrderBody, &rec.Order)
		if err == nil {
			err = json.Unmarshal(r.DecisionBody, &rec.Decision)
		}
		if err != nil {
			return nil, Wrap(clearance.Internal, err, "decode order %s", id)
		}
		out = append(out, rec)
	}
	return out, nil
}

// isDuplicate reports whether err says a key was taken.
func isDuplicate(err error) bool { return errors.Is(err, ErrDuplicate) }
