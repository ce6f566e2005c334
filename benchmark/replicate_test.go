package benchmark

import (
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
