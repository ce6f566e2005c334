package evaluation

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestConfusionMetrics(t *testing.T) {
	tests := []struct {
		name                    string
		c                       Confusion
		p, r, f1, alert         float64
		okP, okR, okF1, okAlert bool
	}{
		{"typical", Confusion{TP: 8, FP: 2, FN: 2, TN: 88}, 0.8, 0.8, 0.8, 2.0 / 90, true, true, true, true},
		{"nothing predicted", Confusion{FN: 3, TN: 5}, 0, 0, 0, 0, false, true, true, true},
		{"no positives", Confusion{FP: 1, TN: 9}, 0, 0, 0, 0.1, true, false, false, true},
		{"no negatives", Confusion{TP: 3, FN: 1}, 1, 0.75, 2 * 0.75 / 1.75, 0, true, true, true, false},
		{"all wrong", Confusion{FP: 2, FN: 2}, 0, 0, 0, 1, true, true, true, true},
		{"empty", Confusion{}, 0, 0, 0, 0, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v, ok := tt.c.Precision(); ok != tt.okP || (ok && !near(v, tt.p)) {
				t.Errorf("%+v.Precision() = %v, %v, want %v, %v", tt.c, v, ok, tt.p, tt.okP)
			}
			if v, ok := tt.c.Recall(); ok != tt.okR || (ok && !near(v, tt.r)) {
				t.Errorf("%+v.Recall() = %v, %v, want %v, %v", tt.c, v, ok, tt.r, tt.okR)
			}
			if v, ok := tt.c.F1(); ok != tt.okF1 || (ok && !near(v, tt.f1)) {
				t.Errorf("%+v.F1() = %v, %v, want %v, %v", tt.c, v, ok, tt.f1, tt.okF1)
			}
			if v, ok := tt.c.AlertRate(); ok != tt.okAlert || (ok && !near(v, tt.alert)) {
				t.Errorf("%+v.AlertRate() = %v, %v, want %v, %v", tt.c, v, ok, tt.alert, tt.okAlert)
			}
		})
	}
}

func TestConfusionAdd(t *testing.T) {
	var c Confusion
	for _, o := range []struct{ truth, pred bool }{{true, true}, {true, false}, {false, true}, {false, false}, {false, false}} {
		c.Add(o.truth, o.pred)
	}
	want := Confusion{TP: 1, FN: 1, FP: 1, TN: 2}
	if c != want {
		t.Errorf("after Add: %+v, want %+v", c, want)
	}
	if c.N() != 5 || c.Positives() != 2 || c.Negatives() != 3 {
		t.Errorf("N, Positives, Negatives = %d, %d, %d, want 5, 2, 3", c.N(), c.Positives(), c.Negatives())
	}
	c.Merge(want)
	if c != (Confusion{TP: 2, FN: 2, FP: 2, TN: 4}) {
		t.Errorf("after Merge: %+v", c)
	}
}

func TestConfusionJSON(t *testing.T) {
	b, err := json.Marshal(Confusion{FP: 1, TN: 3})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"fp":1`, `"tn":3`, `"precision":0`, `"recall":null`, `"f1":null`, `"alert_rate":0.25`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON %s lacks %s", s, want)
		}
	}
	var back Confusion
	if err := json.Unmarshal(b, &back); err != nil || back != (Confusion{FP: 1, TN: 3}) {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}

func TestTally(t *testing.T) {
	var tl Tally
	yes, no := true, false
	tl.Add("b", true, true, &yes)
	tl.Add("a", true, false, nil)
	tl.Add("b", false, true, &no)
	tl.Add("c", false, false, nil)
	tl.Add("c", false, false, nil)
	var keys []string
	for _, r := range tl.Rows() {
		keys = append(keys, r.Key)
	}
	if diff := cmp.Diff([]string{"b", "c", "a"}, keys); diff != "" {
		t.Errorf("Rows order, largest first then by key (-want +got):\n%s", diff)
	}
	keys = nil
	for _, r := range tl.InOrder() {
		keys = append(keys, r.Key)
	}
	if diff := cmp.Diff([]string{"b", "a", "c"}, keys); diff != "" {
		t.Errorf("InOrder (-want +got):\n%s", diff)
	}
	b := tl.Rows()[0]
	if b.C != (Confusion{TP: 1, FP: 1}) || b.Peer == nil || *b.Peer != (Confusion{TP: 1, TN: 1}) {
		t.Errorf("row b = %+v peer %+v, want TP 1 FP 1, peer TP 1 TN 1", b.C, b.Peer)
	}
	if r := tl.Rows()[2]; r.Peer != nil {
		t.Errorf("row a has a peer %+v, want none", r.Peer)
	}
}

func TestMergeSmall(t *testing.T) {
	yes := true
	var tl Tally
	for range 5 {
		tl.Add("big", true, true, nil)
	}
	tl.Add("s1", true, false, &yes)
	tl.Add("s2", false, true, nil)
	rows := MergeSmall(tl.Rows(), 5, "other")
	if len(rows) != 2 || rows[0].Key != "big" || rows[1].Key != "other" {
		t.Fatalf("MergeSmall rows = %+v", rows)
	}
	if rows[1].C != (Confusion{FN: 1, FP: 1}) || rows[1].Peer == nil || *rows[1].Peer != (Confusion{TP: 1}) {
		t.Errorf("merged row = %+v peer %+v", rows[1].C, rows[1].Peer)
	}
	if rows := MergeSmall(tl.Rows(), 1, "other"); len(rows) != 3 {
		t.Errorf("MergeSmall with min 1 merged something: %+v", rows)
	}
}
