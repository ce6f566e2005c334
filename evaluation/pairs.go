package evaluation

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// Pair is one labelled name pair of the nomenklatura name benchmark.
type Pair struct {
	Line     int    `json:"line"`
	Group    string `json:"case_group"`
	Schema   string `json:"schema"` // Person, Company, Organization, LegalEntity, Vessel...
	Name1    string `json:"name1"`
	Name2    string `json:"name2"`
	Match    bool   `json:"is_match"`
	Quality  string `json:"quality"`
	Category string `json:"category"`
}

// PairKey identifies a pair across files that list the same pairs.
type PairKey struct{ Schema, Name1, Name2 string }

// Key returns the pair's key.
func (p Pair) Key() PairKey { return PairKey{p.Schema, p.Name1, p.Name2} }

// Paths of the pairs set, relative to the evaluation directory.
const (
	PairsFile = "nomenklatura_name_bench/cases.csv"
	PeerFile  = "nomenklatura_name_bench/logicv2-frozen.csv"
)

// LoadPairs reads a cases.csv file (columns schema, name1, name2, is_match,
// and optionally case_group, quality, category).
func LoadPairs(path string) ([]Pair, error) {
	c, f, err := openCSV(path, "schema", "name1", "name2", "is_match")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readPairs(c)
}

func readPairs(c *csvFile) ([]Pair, error) {
	var out []Pair
	for {
		ok, err := c.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		p := Pair{Line: c.line, Group: c.get("case_group"), Schema: c.get("schema"), Name1: c.get("name1"), Name2: c.get("name2"),
			Quality: c.get("quality"), Category: c.get("category")}
		for _, f := range []struct{ col, v string }{{"name1", p.Name1}, {"name2", p.Name2}} {
			if f.v == "" {
				return nil, c.errorf(f.col, "empty name")
			}
			if !utf8.ValidString(f.v) {
				return nil, c.errorf(f.col, "invalid UTF-8")
			}
		}
		if p.Match, err = parseBool(c.get("is_match")); err != nil {
			return nil, c.errorf("is_match", "%v", err)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, clearance.Errorf(clearance.Invalid, "%s: no pairs after the header", c.name)
	}
	return out, nil
}

// LoadPeer reads a peer's predictions on the pairs (a logicv2-frozen.csv
// file: columns schema, name1, name2, predicted_match).
func LoadPeer(path string) (map[PairKey]bool, error) {
	c, f, err := openCSV(path, "schema", "name1", "name2", "predicted_match")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[PairKey]bool{}
	for {
		ok, err := c.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		v, err := parseBool(c.get("predicted_match"))
		if err != nil {
			return nil, c.errorf("predicted_match", "%v", err)
		}
		out[PairKey{c.get("schema"), c.get("name1"), c.get("name2")}] = v
	}
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", s)
}

// KindOfSchema maps a FollowTheMoney schema to the entity kind a query
// would state.
func KindOfSchema(schema string) clearance.EntityKind {
	switch schema {
	case "Person":
		return clearance.KindPerson
	case "Company", "Organization", "PublicBody":
		return clearance.KindOrganization
	case "Vessel":
		return clearance.KindVessel
	case "Airplane":
		return clearance.KindAircraft
	}
	return clearance.KindUnknown
}

// ScriptOf names the writing system of a name, for grouping: its ISO 15924
// code, or "none" when it has no letters.
func ScriptOf(name string) string {
	if s := clearance.DetectScript(name); s != "" {
		return s
	}
	return "none"
}

// scriptPair names the scripts of two names: one code when they agree,
// else both, sorted ("Cyrl+Latn").
func scriptPair(a, b string) string {
	sa, sb := ScriptOf(a), ScriptOf(b)
	if sa == sb {
		return sa
	}
	if sb < sa {
		sa, sb = sb, sa
	}
	return sa + "+" + sb
}

// sweepThresholds are the thresholds at which the pairs' F1 is also shown.
var sweepThresholds = []float64{0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}

// RunPairs scores every pair with the index's Compare (pairs mode: name1 is
// the query, name2 the listed name, token weights from the loaded lists)
// and predicts a match at or above opts.Threshold. peer, when not nil, holds
// a peer's predictions for the same pairs, shown side by side.
func RunPairs(ix *match.Index, pairs []Pair, peer map[PairKey]bool, opts match.Options, verbose bool) *SetReport {
	start := time.Now()
	var overall, byCat, byKind, byScript, byQuality Tally
	scores := make([]float64, len(pairs))
	var examples []Example
	covered := 0
	for i, p := range pairs {
		r := ix.Compare(match.Query{Name: p.Name1, Kind: string(KindOfSchema(p.Schema))}, p.Name2, opts)
		scores[i] = r.Score
		pred := r.Score >= opts.Threshold
		var pp *bool
		if v, ok := peer[p.Key()]; ok {
			pp = &v
			covered++
		}
		cat := p.Category
		if cat == "" {
			cat = "(none)"
		}
		overall.Add("all pairs", p.Match, pred, pp)
		if pp != nil {
			overall.Add("pairs the peer scored", p.Match, pred, pp)
		}
		byCat.Add(cat, p.Match, pred, pp)
		byKind.Add(p.Schema, p.Match, pred, pp)
		byScript.Add(scriptPair(p.Name1, p.Name2), p.Match, pred, pp)
		byQuality.Add(p.Quality, p.Match, pred, pp)
		if verbose && p.Match != pred {
			what := "FP"
			if p.Match {
				what = "FN"
			}
			examples = append(examples, Example{What: what, Group: cat, Query: p.Name1 + "  |  " + p.Name2, Score: r.Score,
				Detail: fmt.Sprintf("%s line %d; %s", filepath.Base(PairsFile), p.Line, tokenSummary(r.Explanation))})
		}
	}
	var sweep []Row
	for _, t := range sweepThresholds {
		row := Row{Key: fmt.Sprintf("%.2f", t)}
		for i, p := range pairs {
			row.C.Add(p.Match, scores[i] >= t)
		}
		sweep = append(sweep, row)
	}
	sortExamples(examples)
	rep := &SetReport{
		ID:    "pairs",
		Title: "Name pairs (nomenklatura benchmark)",
		Description: fmt.Sprintf("%d labelled pairs scored in pairs mode (name1 as the query, name2 as the listed name); "+
			"match predicted at score >= %.2f. Peer: OpenSanctions logic-v2 (its own threshold 0.7) on the %d pairs it scored.",
			len(pairs), opts.Threshold, covered),
		Tables: []Table{
			{Title: "Overall", By: "set", Layout: LayoutPRF, Rows: overall.Rows()},
			{Title: "By entity kind (schema)", By: "schema", Layout: LayoutPRF, Rows: byKind.Rows()},
			{Title: "By script of the two names", By: "script", Layout: LayoutPRF, Rows: byScript.Rows()},
			{Title: "By category (categories with fewer than 5 pairs merged)", By: "category", Layout: LayoutPRF, Rows: MergeSmall(byCat.Rows(), 5, "other categories")},
			{Title: "By label quality", By: "quality", Layout: LayoutPRF, Rows: byQuality.Rows()},
			{Title: "By threshold (the same scores at other thresholds)", By: "threshold", Layout: LayoutPRF, Rows: sweep},
		},
		Examples: examples,
	}
	if verbose {
		rep.Tables = append(rep.Tables, Table{Title: "By category (all)", By: "category", Layout: LayoutPRF, Rows: byCat.Rows(), Detail: true})
	}
	var c Confusion
	for _, r := range overall.Rows() {
		if r.Key == "all pairs" {
			c = r.C
		}
	}
	f1, _ := c.F1()
	rep.Targets = []Target{newTarget(rep.ID, "pairs F1", "f1", f1, 0.90, false, c.N())}
	if peer != nil && covered < len(pairs) {
		rep.Notes = append(rep.Notes, fmt.Sprintf("The peer's file has no prediction for %d of the %d pairs; its figures are on the %d it has, with the labels of %s.",
			len(pairs)-covered, len(pairs), covered, filepath.Base(PairsFile)))
	}
	rep.Took = time.Since(start)
	return rep
}

// tokenSummary renders how a query's tokens aligned with a listed name.
func tokenSummary(ex match.Explanation) string {
	if s := ex.Alignment(); s != "" {
		return s
	}
	return fmt.Sprintf("no alignment (%q vs %q)", ex.Query, ex.Listed)
}

// sortExamples orders examples by kind, then the most telling first: false
// alerts and FPs by falling score, misses and FNs by rising score.
func sortExamples(ex []Example) {
	sort.SliceStable(ex, func(i, j int) bool {
		if ex[i].What != ex[j].What {
			return ex[i].What < ex[j].What
		}
		if ex[i].What == "FN" || strings.HasPrefix(ex[i].What, "miss") {
			return ex[i].Score < ex[j].Score
		}
		return ex[i].Score > ex[j].Score
	})
}
