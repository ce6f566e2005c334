package storekit

import (
	"context"

	"github.com/clearancehq/clearance"
)

// AuditCaseActions appends, in tx, the AuditCaseAction record of each of
// the actions a case update added: c's actions from index from on. It
// appends nothing when the context names no actor (clearance.WithActor).
func AuditCaseActions(ctx context.Context, tx AuditTx, c *clearance.Case, from int) error {
	actor, requestID := clearance.ActorFrom(ctx)
	if actor == "" || from >= len(c.Actions) {
		return nil
	}
	recs := make([]clearance.AuditRecord, 0, len(c.Actions)-from)
	for i, a := range c.Actions[from:] {
		recs = append(recs, clearance.CaseActionRecord(c, a, from+i+1, actor, requestID))
	}
	_, err := Append(ctx, tx, recs)
	return err
}
