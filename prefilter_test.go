package clearance_test

import (
	"context"
	"slices"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
	"github.com/clearancehq/clearance/defaultdata"
	"github.com/clearancehq/clearance/match"
)

// shippedCSL parses the shipped Consolidated Screening List.
func shippedCSL(t testing.TB) []*clearance.Entry {
	t.Helper()
	i := slices.IndexFunc(defaultdata.Snapshots, func(s defaultdata.Snapshot) bool { return s.Source == clearance.SourceUSCSL })
	entries, _, err := parseSnapshot(context.Background(), defaultdata.Snapshots[i])
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// TestPrefilterLosesNoHit holds the monitor's prefilter to its promise on
// the October 2019 rule: every hit that a full screening of the CSL finds on
// the rule's entries from the review threshold, the prefilter over those
// entries alone passes on. The names are the rule's own, bent as people
// type them (typos, dropped legal forms, reordering) and padded with words
// that weigh little over the whole lists but much over a handful of entries,
// which is where the two scores part most; and ordinary made-up names.
func TestPrefilterLosesNoHit(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the whole CSL")
	}
	all := shippedCSL(t)
	var rule []*clearance.Entry
	var listed []string
	inRule := map[string]bool{}
	for _, e := range all {
		if e.List == clearance.ListEntity && e.StartDate == "2019-10-09" && slices.Contains(e.FederalRegister, "84 FR 54002") {
			rule = append(rule, e)
			inRule[e.ID] = true
			for _, n := range e.Names {
				listed = append(listed, n.Value)
			}
		}
	}
	if len(rule) < 25 {
		t.Fatalf("found %d entries of 84 FR 54002, want the rule's", len(rule))
	}
	full, err := clearance.NewScreener(all, nil)
	if err != nil {
		t.Fatal(err)
	}
	pre, err := clearance.NewScreener(rule, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := match.DefaultOptions()
	review := clearance.DefaultReviewThreshold
	fullOpts := opts
	fullOpts.Threshold, fullOpts.Limit = review, 0
	pads := []func(string) string{
		func(s string) string { return s },
		func(s string) string { return s + " Trading Company" },
		func(s string) string { return "International " + s + " Group" },
		func(s string) string { return s + " USA Inc" },
	}
	hits := 0
	for i, n := range benchmark.Generate(2019, listed, 1200) {
		q := clearance.Query{Name: pads[i%len(pads)](n.Text), Country: n.Country}
		fs, err := full.Screen(q, fullOpts)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range fs.Hits {
			if !inRule[h.EntryID] {
				continue
			}
			hits++
			ps, err := pre.Screen(q, clearance.PrefilterOptions(opts, review))
			if err != nil {
				t.Fatal(err)
			}
			if len(ps.Hits) == 0 {
				t.Errorf("prefilter drops %q, which the full screening finds on %s at %.3f", q.Name, h.EntryName, h.Score)
			}
			break
		}
	}
	if hits < 100 {
		t.Errorf("only %d names hit the rule's entries: the test no longer tests much", hits)
	}
	t.Logf("%d names hit the rule's entries in a full screening; the prefilter passed them all on", hits)
}
