package storekit

import (
	"context"
	"fmt"
	"strings"

	"github.com/clearancehq/clearance"
)

// caseQuery selects cases: the one numbered ID, or else the latest on
// Latest, or else those Filter selects.
type caseQuery struct {
	ID     int64
	Latest *clearance.CaseKey
	Filter clearance.CaseFilter
}

// caseKeyWhere selects the cases of one key, given as caseKeyArgs.
const caseKeyWhere = `counterparty_id = $1 AND order_id = $2 AND party_index = $3 AND dataset = $4 AND entry_id = $5`

func caseKeyArgs(k clearance.CaseKey) []any {
	return []any{k.CounterpartyID, k.OrderID, k.PartyIndex, string(k.Dataset), k.EntryID}
}

// caseSelect returns the statements of a case query, which share the
// arguments: the IDs and bodies of the cases, by ID, then the case IDs and
// bodies of their actions, by case and sequence number.
func caseSelect(q caseQuery) (cases, actions string, args []any) {
	var where string
	switch {
	case q.ID > 0:
		where, args = `WHERE id = $1`, []any{q.ID}
	case q.Latest != nil:
		where, args = `WHERE id = (SELECT MAX(id) FROM cases WHERE `+caseKeyWhere+`)`, caseKeyArgs(*q.Latest)
	default:
		var conds []string
		add := func(col, v string) {
			if v != "" {
				args = append(args, v)
				conds = append(conds, fmt.Sprintf("%s = $%d", col, len(args)))
			}
		}
		add("state", string(q.Filter.State))
		add("assignee", q.Filter.Assignee)
		add("counterparty_id", q.Filter.CounterpartyID)
		add("order_id", q.Filter.OrderID)
		if len(conds) > 0 {
			where = "WHERE " + strings.Join(conds, " AND ")
		}
	}
	cases = `SELECT id, body FROM cases ` + where + ` ORDER BY id`
	actions = `SELECT case_id, body FROM case_actions WHERE case_id IN (SELECT id FROM cases ` + where + `) ORDER BY case_id, seq`
	return cases, actions, args
}

// readCases reads the cases q selects, with their actions.
func readCases(ctx context.Context, r Querier, q caseQuery) ([]clearance.Case, error) {
	cq, aq, args := caseSelect(q)
	cases, err := bodies(ctx, r, "read cases", cq, args...)
	if err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return []clearance.Case{}, nil
	}
	actions, err := bodies(ctx, r, "read case actions", aq, args...)
	if err != nil {
		return nil, err
	}
	out := make([]clearance.Case, 0, len(cases))
	byID := make(map[int64]int, len(cases))
	for _, row := range cases {
		c, err := decode[clearance.Case](row.Body, fmt.Sprintf("case %d", row.ID))
		if err != nil {
			return nil, err
		}
		c.ID, c.Actions = row.ID, []clearance.CaseAction{}
		byID[c.ID] = len(out)
		out = append(out, c)
	}
	for _, row := range actions {
		a, err := decode[clearance.CaseAction](row.Body, fmt.Sprintf("action on case %d", row.ID))
		if err != nil {
			return nil, err
		}
		if i, ok := byID[row.ID]; ok {
			out[i].Actions = append(out[i].Actions, a)
		}
	}
	return out, nil
}

// readCase reads one case; NotFound when there is none.
func readCase(ctx context.Context, r Querier, q caseQuery) (*clearance.Case, error) {
	out, err := readCases(ctx, r, q)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no case %d", q.ID)
	}
	return &out[0], nil
}

// Case returns one case with its actions.
func (r Review) Case(ctx context.Context, id int64) (*clearance.Case, error) {
	if id <= 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no case %d", id)
	}
	return readCase(ctx, r.R.ReviewReader(), caseQuery{ID: id})
}

// Cases lists cases by ID.
func (r Review) Cases(ctx context.Context, f clearance.CaseFilter) ([]clearance.Case, error) {
	return readCases(ctx, r.R.ReviewReader(), caseQuery{Filter: f})
}

// CaseCounts counts the cases in each state, in one statement.
func (r Review) CaseCounts(ctx context.Context) (map[clearance.CaseState]int, error) {
	out := map[clearance.CaseState]int{}
	err := each(ctx, r.R.ReviewReader(), "count cases", `SELECT state, COUNT(*) FROM cases GROUP BY state`, nil, func(rows Rows) error {
		var state string
		var n int64
		if err := rows.Scan(&state, &n); err != nil {
			return err
		}
		out[clearance.CaseState(state)] = int(n)
		return nil
	})
	return out, err
}

// LatestCases returns the latest case of each key that has one.
func (r Review) LatestCases(ctx context.Context, keys []clearance.CaseKey) (map[clearance.CaseKey]*clearance.Case, error) {
	out := map[clearance.CaseKey]*clearance.Case{}
	rd := r.R.ReviewReader()
	for _, k := range keys {
		if _, done := out[k]; done {
			continue
		}
		cs, err := readCases(ctx, rd, caseQuery{Latest: &k})
		if err != nil {
			return nil, err
		}
		if len(cs) > 0 {
			out[k] = &cs[0]
		}
	}
	return out, nil
}

// UpdateCase applies a change to a case inside a write transaction that
// locks the case before it reads it, so that two updates of one case, from
// any processes, take turns. The transaction also appends each new
// action's audit record when the context names an actor.
func (r Review) UpdateCase(ctx context.Context, id int64, apply func(*clearance.Case) ([]clearance.Event, error)) (*clearance.Case, error) {
	if id <= 0 {
		return nil, clearance.Errorf(clearance.NotFound, "no case %d", id)
	}
	var out *clearance.Case
	err := r.R.WriteReview(ctx, fmt.Sprintf("update case %d", id), func(tx ReviewTx) error {
		if err := tx.LockCase(ctx, id); err != nil {
			return err
		}
		c, err := readCase(ctx, tx, caseQuery{ID: id})
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
		if err := tx.LockEvents(ctx); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, fmt.Sprintf("update case %d", id), `UPDATE cases SET state = $1, assignee = $2, body = $3 WHERE id = $4`,
			string(c.State), c.Assignee, string(caseBody(c)), id)
		if err != nil {
			return err
		}
		if err := insertActions(ctx, tx, id, n, c.Actions[n:]); err != nil {
			return err
		}
		if _, err := InsertEvents(ctx, tx, events); err != nil {
			return err
		}
		if err := AuditCaseActions(ctx, tx.Audit(), c, n); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// caseBody is what the body column holds: the case without its ID and
// actions, which have columns and a table of their own.
func caseBody(c *clearance.Case) []byte {
	b := *c
	b.ID, b.Actions = 0, nil
	return mustMarshal(&b)
}

// insertActions appends actions to a case's history from sequence number
// from.
func insertActions(ctx context.Context, tx ReviewTx, id int64, from int, actions []clearance.CaseAction) error {
	for i := range actions {
		_, err := tx.Exec(ctx, fmt.Sprintf("record action %s on case %d", actions[i].Action, id),
			`INSERT INTO case_actions (case_id, seq, body) VALUES ($1, $2, $3)`, id, from+i, string(mustMarshal(&actions[i])))
		if err != nil {
			return err
		}
	}
	return nil
}
