package evaluation

import (
	"context"
	"fmt"
	"time"

	"github.com/clearancehq/clearance"
)

// PersonSet is one yente validation file, loaded.
type PersonSet struct {
	Label   string // short name for tables
	File    string // path, for messages
	Persons []Person
	Goal    float64 // recall target (positives only)
}

// RunNegatives screens persons who are not listed (synthetic persons, US
// Congress members) against every loaded list: any hit at or above the
// threshold is a false alert.
func RunNegatives(ctx context.Context, env *Env, sets []PersonSet) (*SetReport, error) {
	start := time.Now()
	var byFile, byScript Tally
	var total Confusion
	var examples []Example
	for _, s := range sets {
		qs := make([]clearance.Query, len(s.Persons))
		for i, p := range s.Persons {
			qs[i] = p.Query()
		}
		res, err := env.screenAll(ctx, "negatives: "+s.Label, qs)
		if err != nil {
			return nil, err
		}
		for i, hits := range res {
			alert := len(hits) > 0
			byFile.Add(s.Label, false, alert, nil)
			byScript.Add(ScriptOf(qs[i].Name), false, alert, nil)
			total.Add(false, alert)
			if alert && env.Verbose {
				examples = append(examples, Example{What: "false alert", Group: s.Label, Query: describe(qs[i]), Score: hits[0].Score,
					Detail: fmt.Sprintf("line %d -> %s", s.Persons[i].Line, hits[0])})
			}
		}
	}
	sortExamples(examples)
	rate, _ := total.AlertRate()
	rep := &SetReport{
		ID:    "negatives",
		Title: "Persons who are not listed (yente validation)",
		Description: "Synthetic persons (global and US) and members of the US Congress, screened against every loaded list " +
			"with kind person, date of birth and nationality as evidence; any hit at or above the threshold is a false alert.",
		Tables: []Table{
			{Title: "By file", By: "file", Layout: LayoutAlerts, Rows: byFile.InOrder(), Total: &Row{Key: "all", C: total}},
			{Title: "By script of the name", By: "script", Layout: LayoutAlerts, Rows: byScript.Rows()},
		},
		Targets:  []Target{newTarget("negatives", "synthetic persons + Congress alerting", "alert_rate", rate, 0.005, true, total.N())},
		Examples: examples,
		Took:     time.Since(start),
	}
	return rep, nil
}

// foundUN reports whether a hit is a UN Security Council listing.
func foundUN(h hit) bool {
	if h.List == clearance.ListUN || h.Dataset == clearance.SourceUN {
		return true
	}
	for _, s := range h.AlsoIn {
		if s == string(clearance.SourceUN) {
			return true
		}
	}
	return false
}

// RunUN screens persons listed by the UN Security Council, as listed and
// with typos and reordering, against every loaded list: a person is found
// when a hit from the UN list scores at or above the threshold.
func RunUN(ctx context.Context, env *Env, sets []PersonSet) (*SetReport, error) {
	start := time.Now()
	var byFile, byScript Tally
	var total Confusion
	var examples []Example
	var targets []Target
	for _, s := range sets {
		qs := make([]clearance.Query, len(s.Persons))
		for i, p := range s.Persons {
			qs[i] = p.Query()
		}
		res, err := env.screenAll(ctx, "UN positives: "+s.Label, qs)
		if err != nil {
			return nil, err
		}
		var c Confusion
		var missed []int
		for i, hits := range res {
			found := false
			for _, h := range hits {
				if foundUN(h) {
					found = true
					break
				}
			}
			c.Add(true, found)
			byFile.Add(s.Label, true, found, nil)
			byScript.Add(ScriptOf(qs[i].Name), true, found, nil)
			total.Add(true, found)
			if !found {
				missed = append(missed, i)
			}
		}
		rec, _ := c.Recall()
		targets = append(targets, newTarget("un", "UN recall, "+s.Label, "recall", rec, s.Goal, false, c.N()))
		if env.Verbose && len(missed) > 0 {
			ex, err := env.explainMisses(ctx, s, qs, res, missed)
			if err != nil {
				return nil, err
			}
			examples = append(examples, ex...)
		}
	}
	sortExamples(examples)
	return &SetReport{
		ID:    "un",
		Title: "UN Security Council persons (yente validation)",
		Description: "Persons on the UN Security Council list, as listed (untreated) and with typos and reordering (treated), " +
			"screened against every loaded list with kind person, date of birth and nationality as evidence; found when a hit " +
			"from the UN list scores at or above the threshold (the files do not give the UN reference, so any UN hit counts).",
		Tables: []Table{
			{Title: "By file", By: "file", Layout: LayoutRecall, Rows: byFile.InOrder(), Total: &Row{Key: "all", C: total}},
			{Title: "By script of the name", By: "script", Layout: LayoutRecall, Rows: byScript.Rows()},
		},
		Targets:  targets,
		Examples: examples,
		Took:     time.Since(start),
	}, nil
}

// explainMisses screens the missed persons again with a low threshold and a
// wide limit to show the best UN candidate the matcher saw.
func (e *Env) explainMisses(ctx context.Context, s PersonSet, qs []clearance.Query, res [][]hit, missed []int) ([]Example, error) {
	low := e.Options
	low.Threshold = 0.3
	low.Limit = 50
	mq := make([]clearance.Query, len(missed))
	for k, i := range missed {
		mq[k] = qs[i]
	}
	lowRes, err := e.screenWith(ctx, "UN misses: "+s.Label, mq, low)
	if err != nil {
		return nil, err
	}
	var out []Example
	for k, i := range missed {
		detail := fmt.Sprintf("line %d; no UN candidate scored 0.30 or more", s.Persons[i].Line)
		score := 0.0
		for _, h := range lowRes[k] {
			if foundUN(h) {
				detail = fmt.Sprintf("line %d; best UN candidate %s", s.Persons[i].Line, h)
				score = h.Score
				break
			}
		}
		if len(res[i]) > 0 {
			detail += fmt.Sprintf("; top hit %s", res[i][0])
		}
		out = append(out, Example{What: "miss", Group: s.Label, Query: describe(qs[i]), Score: score, Detail: detail})
	}
	return out, nil
}
