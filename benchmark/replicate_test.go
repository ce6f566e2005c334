package benchmark

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

func TestReplicate(t *testing.T) {
	in := []*clearance.Entry{{ID: "a", Name: "Rosoboronexport Trading", Names: []clearance.Name{{Value: "Rosoboronexport Trading"}, {Value: "ROE"}}}}
	out := Replicate(in, 3, 1)
	if len(out) != 3 {
		t.Fatalf("Replicate(1 entry, 3) gave %d entries, want 3", len(out))
	}
	ids := map[string]bool{}
	for _, e := range out {
		if ids[e.ID] {
			t.Errorf("duplicate id %q", e.ID)
		}
		ids[e.ID] = true
	}
	if out[0] != in[0] {
		t.Errorf("the first copy must be the original entry")
	}
	for _, e := range out[1:] {
		if e.Names[0].Value == in[0].Names[0].Value || e.Name != e.Names[0].Value {
			t.Errorf("copy %s: name %q (primary %q) not perturbed from %q", e.ID, e.Names[0].Value, e.Name, in[0].Names[0].Value)
		}
		if e.Names[1].Value != "ROE" {
			t.Errorf("copy %s: short word %q changed", e.ID, e.Names[1].Value)
		}
	}
	if in[0].Names[0].Value != "Rosoboronexport Trading" {
		t.Errorf("the original was modified: %q", in[0].Names[0].Value)
	}
}

// TestReplicateSpellsWordsAlike checks that a copy spells a word the same
// way in every name that holds it, in any case, so that a copy has a
// dictionary as large as the original's, not one spelling per occurrence.
func TestReplicateSpellsWordsAlike(t *testing.T) {
	in := []*clearance.Entry{
		{ID: "a", Names: []clearance.Name{{Value: "Rosoboronexport Trading"}}},
		{ID: "b", Names: []clearance.Name{{Value: "Almaz Trading Company"}, {Value: "ALMAZ TRADING"}}},
	}
	out := Replicate(in, 4, 1)
	for k := 1; k < 4; k++ {
		a, b := out[k*2], out[k*2+1]
		trading := strings.Fields(a.Names[0].Value)[1]
		for _, n := range b.Names {
			if got := strings.Fields(n.Value)[1]; !strings.EqualFold(got, trading) {
				t.Errorf("copy %d spells Trading %q in %s and %q in %s", k, trading, a.ID, got, b.ID)
			}
		}
		if strings.EqualFold(trading, "trading") {
			t.Errorf("copy %d left Trading as it was", k)
		}
		if k > 1 && strings.EqualFold(trading, strings.Fields(out[2].Names[0].Value)[1]) {
			t.Errorf("copies 1 and %d both spell Trading %q", k, trading)
		}
	}
}
