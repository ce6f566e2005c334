package evaluation

import (
	"context"
	"fmt"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// Env is what the screened sets run with.
type Env struct {
	Screener *clearance.Screener
	Options  match.Options
	Workers  int
	Progress Progress // nil for none
	Verbose  bool     // collect examples: false alerts, misses
}

// hit is what the evaluation keeps of a screening hit.
type hit struct {
	EntryID   string
	EntryName string
	List      clearance.ListCode
	Dataset   clearance.SourceID
	AlsoIn    []string
	PartyRef  string
	Score     float64
	Matched   string
	Tokens    string
	Evidence  string
}

func (h hit) String() string {
	s := fmt.Sprintf("%.3f %s [%s] via %q: %s", h.Score, h.EntryName, h.List, h.Matched, h.Tokens)
	if h.Evidence != "" {
		s += "; " + h.Evidence
	}
	return s
}

// screenAll screens the queries in parallel and returns, for each, its hits
// at or above the threshold, best first.
func (e *Env) screenAll(ctx context.Context, set string, qs []clearance.Query) ([][]hit, error) {
	return e.screenWith(ctx, set, qs, e.Options)
}

func (e *Env) screenWith(ctx context.Context, set string, qs []clearance.Query, opts match.Options) ([][]hit, error) {
	if e.Progress != nil {
		e.Progress.Start(set, len(qs))
		defer e.Progress.Finish()
	}
	return parallel(ctx, len(qs), e.Workers, e.Progress, func(i int) ([]hit, error) {
		s, err := e.Screener.Screen(qs[i], opts)
		if err != nil {
			return nil, fmt.Errorf("%s: screen %q: %w", set, qs[i].Name, err)
		}
		out := make([]hit, len(s.Hits))
		for j, h := range s.Hits {
			out[j] = summarize(h)
		}
		return out, nil
	})
}

func summarize(h clearance.Hit) hit {
	out := hit{EntryID: h.EntryID, EntryName: h.EntryName, List: h.List, Dataset: h.Dataset, AlsoIn: h.AlsoIn,
		Score: h.Score, Matched: h.MatchedName, Tokens: tokenSummary(h.Explanation)}
	if h.Entry != nil {
		out.PartyRef = h.Entry.PartyRef
	}
	var ev []string
	for _, e := range h.Explanation.Evidence {
		ev = append(ev, fmt.Sprintf("%s %+.2f", e.Feature, e.Effect))
	}
	out.Evidence = strings.Join(ev, ", ")
	return out
}

// describe renders a query with its evidence for examples.
func describe(q clearance.Query) string {
	var ev []string
	if q.BirthDate != "" {
		ev = append(ev, "born "+q.BirthDate)
	}
	if q.Country != "" {
		ev = append(ev, q.Country)
	}
	if len(ev) == 0 {
		return q.Name
	}
	return q.Name + " (" + strings.Join(ev, ", ") + ")"
}
