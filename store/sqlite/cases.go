package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/internal/storekit"
)

var _ clearance.CaseStore = (*Store)(nil)

const caseColumns = `id, body`

// keyWhere selects the cases of one key.
const keyWhere = `counterparty_id = ? AND order_id = ? AND party_index = ? AND dataset = ? AND entry_id = ?`

func keyArgs(k clearance.CaseKey) []any {
	return []any{k.CounterpartyID, k.OrderID, k.PartyIndex, string(k.Dataset), k.EntryID}
}

// Case returns one case with its actions.
func (s *Store) Case(ctx context.Context, id int64) (*clearance.Case, error) {
	return readCase(ctx, s.db, id)
}

func readCase(ctx context.Context, q querier, id int64) (*clearance.Case, error) {
	out, err := queryCases(ctx, q, `WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no case %d", id)
	}
	return &out[0], nil
}

// Cases lists cases by ID.
func (s *Store) Cases(ctx context.Context, f clearance.CaseFilter) ([]clearance.Case, error) {
	var conds []string
	var args []any
	add := func(cond, v string) {
		if v != "" {
			conds = append(conds, cond)
			args = append(args, v)
		}
	}
	add("state = ?", string(f.State))
	add("assignee = ?", f.Assignee)
	add("counterparty_id = ?", f.CounterpartyID)
	add("order_id = ?", f.OrderID)
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	return queryCases(ctx, s.db, where, args...)
}

// LatestCases returns the latest case of each key that has one.
func (s *Store) LatestCases(ctx context.Context, keys []clearance.CaseKey) (map[clearance.CaseKey]*clearance.Case, error) {
	out := map[clearance.CaseKey]*clearance.Case{}
	for _, k := range keys {
		if _, done := out[k]; done {
			continue
		}
		cs, err := queryCases(ctx, s.db, `WHERE id = (SELECT MAX(id) FROM cases WHERE `+keyWhere+`)`, keyArgs(k)...)
		if err != nil {
			return nil, err
		}
		if len(cs) > 0 {
			out[k] = &cs[0]
		}
	}
	return out, nil
}

// queryCases reads the cases a WHERE clause selects, by ID, with their
// actions.
func queryCases(ctx context.Context, q querier, where string, args ...any) ([]clearance.Case, error) {
	out := []clearance.Case{}
	byID := map[int64]int{}
	err := queryEach(ctx, q, "read cases", `SELECT `+caseColumns+` FROM cases `+where+` ORDER BY id`, args, func(rows *sql.Rows) error {
		var c clearance.Case
		var body string
		if err := rows.Scan(&c.ID, &body); err != nil {
			return err
		}
		id := c.ID
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			return err
		}
		c.ID, c.Actions = id, []clearance.CaseAction{}
		byID[id] = len(out)
		out = append(out, c)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	actions := `SELECT case_id, body FROM case_actions WHERE case_id IN (SELECT id FROM cases ` + where + `) ORDER BY case_id, seq`
	err = queryEach(ctx, q, "read case actions", actions, args, func(rows *sql.Rows) error {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return err
		}
		var a clearance.CaseAction
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			out[i].Actions = append(out[i].Actions, a)
		}
		return nil
	})
	return out, err
}

// UpdateCase applies a change to a case inside a write transaction.
func (s *Store) UpdateCase(ctx context.Context, id int64, apply func(*clearance.Case) ([]clearance.Event, error)) (*clearance.Case, error) {
	var out *clearance.Case
	err := s.write(ctx, "update case", func(tx *sql.Tx) error {
		c, err := readCase(ctx, tx, id)
		if err != nil {
			return err
		}
		n := len(c.Actions)
		events, err := apply(c)
		if err != nil {
			return err
		}
		if c.ID != id || !c.State.Valid() || len(c.Actions) < n {
			return clearance.Errorf(clearance.Internal, "update case %d: the change altered its id or history, or left an unknown state %q", id, c.State)
		}
		_, err = tx.ExecContext(ctx, `UPDATE cases SET state = ?, assignee = ?, body = ? WHERE id = ?`,
			string(c.State), c.Assignee, caseBody(c), id)
		if err != nil {
			return wrap(clearance.Internal, err, "update case %d", id)
		}
		if err := insertActions(ctx, tx, id, n, c.Actions[n:]); err != nil {
			return err
		}
		if _, err := insertEvents(ctx, tx, events); err != nil {
			return err
		}
		if err := storekit.AuditCaseActions(ctx, auditTx{auditQ{tx}, tx}, c, n); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// caseBody is what the body column holds: the case without its ID and
// actions, which have columns and a table of their own.
func caseBody(c *clearance.Case) string {
	b := *c
	b.ID, b.Actions = 0, nil
	return string(mustMarshal(&b))
}

// insertActions appends actions to a case's history from sequence number
// from.
func insertActions(ctx context.Context, tx *sql.Tx, id int64, from int, actions []clearance.CaseAction) error {
	for i, a := range actions {
		_, err := tx.ExecContext(ctx, `INSERT INTO case_actions (case_id, seq, body) VALUES (?, ?, ?)`,
			id, from+i, string(mustMarshal(&a)))
		if err != nil {
			return wrap(clearance.Internal, err, "record action %s on case %d", a.Action, id)
		}
	}
	return nil
}
