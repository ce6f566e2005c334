package evaluation

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/clearancehq/clearance"
)

// Variant is a query generated from a listed entry, to be found as that
// entry.
type Variant struct {
	Kind  VariantKind      `json:"kind"`
	Query string           `json:"query"`
	Entry *clearance.Entry `json:"-"`
}

// Sample returns n persons and organisations drawn from entries with a
// seeded random source, in id order. The same entries, n and seed give the
// same sample.
func Sample(entries []*clearance.Entry, n int, seed uint64) []*clearance.Entry {
	var pool []*clearance.Entry
	for _, e := range entries {
		if e.Kind == clearance.KindPerson || e.Kind == clearance.KindOrganization {
			pool = append(pool, e)
		}
	}
	sort.Slice(pool, func(i, j int) bool { return pool[i].ID < pool[j].ID })
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	if n < len(pool) {
		pool = pool[:n]
	}
	sort.Slice(pool, func(i, j int) bool { return pool[i].ID < pool[j].ID })
	return pool
}

// Variants returns the queries generated from an entry's names, one per
// kind that applies: the primary name itself (the control), with legal
// forms dropped and abbreviated (organisations), with one and with two
// typos in its longest word, reordered (persons), with two words joined,
// with its longest word split, and the entry's first alias in a script
// other than Latin.
func Variants(e *clearance.Entry, seed uint64) []Variant {
	rng := entryRand(seed, e.ID)
	var out []Variant
	add := func(k VariantKind) func(q string, ok bool) {
		return func(q string, ok bool) {
			if ok && q != "" {
				out = append(out, Variant{Kind: k, Query: q, Entry: e})
			}
		}
	}
	add(VariantExact)(e.Name, true)
	if e.Kind == clearance.KindOrganization {
		add(VariantLegalForm)(dropLegalForm(e.Name))
		add(VariantAbbrev)(abbreviate(e.Name))
	}
	add(VariantTypo1)(typo(e.Name, 1, rng))
	add(VariantTypo2)(typo(e.Name, 2, rng))
	if e.Kind == clearance.KindPerson {
		add(VariantReorder)(reorder(e.Name))
	}
	add(VariantJoin)(joinWords(e.Name, rng))
	add(VariantSplit)(splitWord(e.Name))
	for _, n := range e.Names[1:] {
		sc := n.Script
		if sc == "" {
			sc = clearance.DetectScript(n.Value)
		}
		if sc != "" && sc != "Latn" {
			add(VariantScript)(n.Value, true)
			break
		}
	}
	return out
}

// foundEntry reports whether a hit is the entry, or the same listing
// republished by another source (same list and party reference).
func foundEntry(h hit, e *clearance.Entry) bool {
	if h.EntryID == e.ID {
		return true
	}
	return e.PartyRef != "" && h.PartyRef == e.PartyRef && h.List == e.List
}

// RunVariants samples n persons and organisations from the loaded entries,
// generates variant queries from their names and screens them against
// every loaded list: a variant is found when its source entry is among the
// hits at or above the threshold.
func RunVariants(ctx context.Context, env *Env, entries []*clearance.Entry, n int, seed uint64) (*SetReport, error) {
	start := time.Now()
	sample := Sample(entries, n, seed)
	var vs []Variant
	for _, e := range sample {
		vs = append(vs, Variants(e, seed)...)
	}
	qs := make([]clearance.Query, len(vs))
	for i, v := range vs {
		qs[i] = clearance.Query{Name: v.Query}
	}
	res, err := env.screenAll(ctx, "variants", qs)
	if err != nil {
		return nil, err
	}
	var byKind, byEntity, bySource, byScript Tally
	var total Confusion
	var missed []int
	for i, v := range vs {
		found := false
		for _, h := range res[i] {
			if foundEntry(h, v.Entry) {
				found = true
				break
			}
		}
		byKind.Add(string(v.Kind), true, found, nil)
		if v.Kind != VariantExact {
			total.Add(true, found)
			byEntity.Add(v.Entry.Kind.String(), true, found, nil)
			bySource.Add(string(v.Entry.Source), true, found, nil)
			byScript.Add(ScriptOf(v.Query), true, found, nil)
		}
		if !found {
			missed = append(missed, i)
		}
	}
	var examples []Example
	if env.Verbose && len(missed) > 0 {
		if examples, err = env.explainVariantMisses(ctx, vs, res, missed); err != nil {
			return nil, err
		}
	}
	sortExamples(examples)
	rec, _ := total.Recall()
	return &SetReport{
		ID:    "variants",
		Title: "Variants generated from list entries",
		Description: fmt.Sprintf("%d persons and organisations sampled from the loaded entries (seed %d); %d queries generated from their "+
			"names, screened by name alone against every loaded list. Found when the source entry (or the same listing republished "+
			"by another source) is among the hits at or above the threshold. The exact names are a control, left out of the totals.",
			len(sample), seed, len(vs)),
		Tables: []Table{
			{Title: "By variant", By: "variant", Layout: LayoutRecall, Rows: kindOrder(byKind.InOrder()), Total: &Row{Key: "all variants (control excluded)", C: total}},
			{Title: "By entity kind (control excluded)", By: "kind", Layout: LayoutRecall, Rows: byEntity.Rows()},
			{Title: "By source of the entry (control excluded)", By: "source", Layout: LayoutRecall, Rows: bySource.Rows()},
			{Title: "By script of the query (control excluded)", By: "script", Layout: LayoutRecall, Rows: byScript.Rows()},
		},
		Targets:  []Target{newTarget("variants", "generated variants recall", "recall", rec, 0.97, false, total.N())},
		Examples: examples,
		Took:     time.Since(start),
	}, nil
}

// kindOrder puts variant rows in the order of VariantKinds.
func kindOrder(rows []Row) []Row {
	pos := map[string]int{}
	for i, k := range VariantKinds {
		pos[string(k)] = i
	}
	sort.SliceStable(rows, func(i, j int) bool { return pos[rows[i].Key] < pos[rows[j].Key] })
	return rows
}

// explainVariantMisses screens the missed variants again with a low
// threshold and a wide limit to show how close the source entry came.
func (e *Env) explainVariantMisses(ctx context.Context, vs []Variant, res [][]hit, missed []int) ([]Example, error) {
	low := e.Options
	low.Threshold = 0.3
	low.Limit = 50
	qs := make([]clearance.Query, len(missed))
	for k, i := range missed {
		qs[k] = clearance.Query{Name: vs[i].Query}
	}
	lowRes, err := e.screenWith(ctx, "variant misses", qs, low)
	if err != nil {
		return nil, err
	}
	out := make([]Example, 0, len(missed))
	for k, i := range missed {
		v := vs[i]
		ex := Example{What: "miss (" + string(v.Kind) + ")", Group: string(v.Kind), Query: v.Query,
			Detail: fmt.Sprintf("from %s %q; the entry scored under 0.30", v.Entry.ID, v.Entry.Name)}
		for _, h := range lowRes[k] {
			if foundEntry(h, v.Entry) {
				ex.Score = h.Score
				ex.Detail = fmt.Sprintf("from %s %q; the entry scored %s", v.Entry.ID, v.Entry.Name, h)
				break
			}
		}
		if len(res[i]) > 0 {
			ex.Detail += "; top hit " + res[i][0].String()
		}
		out = append(out, ex)
	}
	return out, nil
}
