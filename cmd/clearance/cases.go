package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/clearancehq/clearance"
)

// CasesCmd groups the case workflow's commands.
type CasesCmd struct {
	List     CasesListCmd     `cmd:"" help:"List cases, newest last."`
	Show     CasesShowCmd     `cmd:"" help:"Show a case: the hit and why it matched, the entry, what triggered it, its history."`
	Assign   CasesAssignCmd   `cmd:"" help:"Give a case to an analyst."`
	Escalate CasesEscalateCmd `cmd:"" help:"Escalate a case."`
	Clear    CasesClearCmd    `cmd:"" help:"Clear a case as a false positive (a high score needs a second approver)."`
	Confirm  CasesConfirmCmd  `cmd:"" help:"Confirm a case as a true match."`
	Approve  CasesApproveCmd  `cmd:"" help:"Approve a clearance proposed by another user (four-eyes)."`
	Reasons  CasesReasonsCmd  `cmd:"" help:"List the reason codes."`
}

// CasesListCmd lists cases.
type CasesListCmd struct {
	JSON         bool   `name:"json" help:"Print JSON: an array of cases."`
	State        string `name:"state" enum:",open,cleared,confirmed,escalated" default:"" help:"Only cases in this state: open, cleared, confirmed or escalated."`
	Assignee     string `name:"assignee" help:"Only cases assigned to this user."`
	Counterparty string `name:"counterparty" help:"Only cases on this counterparty id."`
	Order        string `name:"order" help:"Only cases on this order id."`
}

// Run lists the cases.
func (c *CasesListCmd) Run(app *App) error {
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	cases, err := st.Cases(app.ctx, clearance.CaseFilter{State: clearance.CaseState(c.State), Assignee: c.Assignee,
		CounterpartyID: c.Counterparty, OrderID: c.Order})
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, cases)
	}
	if len(cases) == 0 {
		fmt.Fprintln(app.stdout, "No case.")
		return nil
	}
	return printCases(app.stdout, cases)
}

// printCases writes a table of cases.
func printCases(w io.Writer, cases []clearance.Case) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tSUBJECT\tNAME\tENTRY\tLIST\tSCORE\tOPENED\tASSIGNEE")
	for _, c := range cases {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\n", c.ID, c.Status(), subject(&c), truncate(c.Subject.Name, 40),
			truncate(c.EntryName, 50), c.List, c.Score, c.OpenedAt.Local().Format("2006-01-02 15:04"), orDash(c.Assignee))
	}
	return tw.Flush()
}

// subject names a case's subject briefly: "C-1" or "PO-7 end user".
func subject(c *clearance.Case) string {
	if c.OrderID != "" {
		return fmt.Sprintf("order %s (%s)", c.OrderID, c.Role)
	}
	return c.CounterpartyID
}

// CasesShowCmd shows one case.
type CasesShowCmd struct {
	JSON bool  `name:"json" help:"Print JSON."`
	ID   int64 `arg:"" name:"ID" help:"The case's id."`
}

// Run shows the case.
func (c *CasesShowCmd) Run(app *App) error {
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	cs, err := st.Case(app.ctx, c.ID)
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, cs)
	}
	printCase(app.stdout, cs, app.cfg.Review.ApprovalThreshold)
	return nil
}

// caseAction is what the commands acting on a case share.
type caseAction struct {
	JSON            bool  `name:"json" help:"Print the case as JSON."`
	ID              int64 `arg:"" name:"ID" help:"The case's id."`
	ExpectedVersion int   `name:"expected-version" placeholder:"N" help:"Act only if the case is still at this version (cases show prints it): refuse if someone acted on it since."`
}

// apply takes an action on the case through the case workflow and prints
// its outcome.
func (c *caseAction) apply(app *App, cmd clearance.CaseCommand) error {
	st, err := app.reviewStore()
	if err != nil {
		return err
	}
	cmd.ExpectedVersion = c.ExpectedVersion
	review := &clearance.Review{Store: st, ApprovalThreshold: app.cfg.Review.ApprovalThreshold}
	cs, err := review.Act(app.ctx, c.ID, cmd)
	if err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, cs)
	}
	last := cs.Actions[len(cs.Actions)-1]
	switch {
	case last.Action == clearance.ActionClearanceProposed:
		fmt.Fprintf(app.stdout, "Case %d: %s proposes clearing it (%s). Its score %.3f is at or above %.2f, so it is awaiting second approval by another user: clearance cases approve %d --by USER\n",
			cs.ID, last.By, last.Reason, cs.Score, app.cfg.Review.ApprovalThreshold, cs.ID)
	case cs.Resolution != nil:
		fmt.Fprintf(app.stdout, "Case %d %s (%s) by %s", cs.ID, cs.State, cs.Resolution.Reason, cs.Resolution.By)
		if cs.Resolution.ApprovedBy != "" {
			fmt.Fprintf(app.stdout, ", approved by %s", cs.Resolution.ApprovedBy)
		}
		fmt.Fprintln(app.stdout, ".")
	default:
		fmt.Fprintf(app.stdout, "Case %d is %s%s.\n", cs.ID, cs.Status(), assigned(cs))
	}
	return nil
}

func assigned(c *clearance.Case) string {
	if c.Assignee == "" {
		return ""
	}
	return ", assigned to " + c.Assignee
}

// CasesClearCmd clears a case.
type CasesClearCmd struct {
	caseAction
	Reason  string `name:"reason" required:"" help:"Reason code (clearance cases reasons): different_person_dob, different_country, different_entity_type, different_address, different_identifier, name_only_similarity."`
	By      string `name:"by" required:"" help:"The analyst clearing it."`
	Comment string `name:"comment" help:"What the analyst checked."`
}

// Run clears the case, or proposes its clearance for a second approval.
func (c *CasesClearCmd) Run(app *App) error {
	return c.apply(app, clearance.CaseCommand{Verb: clearance.VerbClear, By: c.By, Reason: clearance.ReasonCode(c.Reason), Comment: c.Comment})
}

// CasesConfirmCmd confirms a case.
type CasesConfirmCmd struct {
	caseAction
	Reason  string `name:"reason" required:"" help:"Reason code: confirmed_match, confirmed_identifier, confirmed_affiliate."`
	By      string `name:"by" required:"" help:"The analyst confirming it."`
	Comment string `name:"comment" help:"What the analyst checked."`
}

// Run confirms the case.
func (c *CasesConfirmCmd) Run(app *App) error {
	return c.apply(app, clearance.CaseCommand{Verb: clearance.VerbConfirm, By: c.By, Reason: clearance.ReasonCode(c.Reason), Comment: c.Comment})
}

// CasesApproveCmd approves a pending clearance.
type CasesApproveCmd struct {
	caseAction
	By      string `name:"by" required:"" help:"The second approver: not the user who proposed the clearance."`
	Comment string `name:"comment" help:"A note."`
}

// Run approves the clearance.
func (c *CasesApproveCmd) Run(app *App) error {
	return c.apply(app, clearance.CaseCommand{Verb: clearance.VerbApprove, By: c.By, Comment: c.Comment})
}

// CasesAssignCmd assigns a case.
type CasesAssignCmd struct {
	caseAction
	To string `name:"to" required:"" help:"The analyst to assign it to."`
	By string `name:"by" default:"cli" help:"Who assigns it."`
}

// Run assigns the case.
func (c *CasesAssignCmd) Run(app *App) error {
	return c.apply(app, clearance.CaseCommand{Verb: clearance.VerbAssign, By: c.By, To: c.To})
}

// CasesEscalateCmd escalates a case.
type CasesEscalateCmd struct {
	caseAction
	By      string `name:"by" required:"" help:"The analyst escalating it."`
	To      string `name:"to" help:"Who takes it over (optional)."`
	Comment string `name:"comment" help:"Why."`
}

// Run escalates the case.
func (c *CasesEscalateCmd) Run(app *App) error {
	return c.apply(app, clearance.CaseCommand{Verb: clearance.VerbEscalate, By: c.By, To: c.To, Comment: c.Comment})
}

// CasesReasonsCmd lists the reason codes.
type CasesReasonsCmd struct {
	JSON bool `name:"json" help:"Print JSON."`
}

// Run lists the reason codes.
func (c *CasesReasonsCmd) Run(app *App) error {
	return printList(app.stdout, c.JSON, clearance.Reasons, "", "CODE\tMARKS A CASE\tMEANING",
		func(r clearance.ReasonInfo) string {
			return strings.Join([]string{string(r.Code), string(r.Resolves), r.Meaning}, "\t")
		})
}
