package clearance

import (
	"context"
	"fmt"
	"strings"
)

// ReconsiderOwnership decides every open order again after new ownership
// data was imported, as of today (an order not yet shipped ships no earlier
// than today), with the Gatekeeper gk, whose ownership finder holds the new
// data. An order whose decision becomes stricter because an ownership rule
// now reaches one of its parties is recorded with that decision and why
// (an order.decision_changed event); like monitoring, it never draws on a
// licence and never relaxes a decision. It returns the decisions recorded.
func ReconsiderOwnership(ctx context.Context, st ReviewStore, gk *Gatekeeper, today string) ([]OrderDecision, error) {
	if gk.Ownership == nil {
		return nil, nil
	}
	open, err := st.OpenOrders(ctx)
	if err != nil || len(open) == 0 {
		return nil, err
	}
	if err := st.SaveOptions(ctx, gk.partyOptions()); err != nil {
		return nil, err
	}
	var out []OrderDecision
	for i := range open {
		rec := &open[i]
		d, screened, err := gk.Reconsider(ctx, &rec.Order, today)
		if err != nil {
			return nil, fmt.Errorf("order %s: %w", rec.Order.ID, err)
		}
		var why []string
		for _, ps := range screened {
			for _, f := range ps.Ownership {
				if f.Applies {
					why = append(why, fmt.Sprintf("the %s %q is %s by ownership under the %s", ps.Party.Role, ps.Party.Name, f.Status, f.Rule))
				}
			}
		}
		holdForLicenceAfter(d, "new ownership data")
		if len(why) > 0 && d.Outcome.Severity() > rec.Decision.Outcome.Severity() {
			out = append(out, OrderDecision{Decision: *d, Why: "after an ownership import, " + strings.Join(why, "; ")})
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	if _, err := st.RecordFindings(ctx, &Findings{Decisions: out}); err != nil {
		return nil, err
	}
	return out, nil
}
