package match

import (
	"fmt"
	"testing"
)

func TestTermTable(t *testing.T) {
	var terms []string
	for i := range 5000 {
		terms = append(terms, fmt.Sprintf("t%d", i*7))
	}
	tab := newTermTable(terms)
	for i, k := range terms {
		if id, ok := tab.find(terms, k); !ok || id != int32(i) {
			t.Fatalf("find(%q) = %d, %v; want %d, true", k, id, ok, i)
		}
	}
	for _, k := range []string{"", "t1", "t8", "t34999", "x"} {
		if id, ok := tab.find(terms, k); ok {
			t.Errorf("find(%q) = %d, true; want not found", k, id)
		}
	}
	empty := newTermTable(nil)
	if id, ok := empty.find(nil, "a"); ok {
		t.Errorf("empty table found %d", id)
	}
}

func TestTopShares(t *testing.T) {
	toks := func(ws ...float32) []listedToken {
		out := make([]listedToken, len(ws))
		for i, w := range ws {
			out[i].weight = w
		}
		return out
	}
	if got := topShares(toks(1, 4, 2, 3)); got != [3]uint8{51, 89, 115} {
		t.Errorf("topShares(1,4,2,3) = %v, want [51 89 115] (0.4, 0.7, 0.9 rounded up in 127ths)", got)
	}
	if got := topShares(toks(2, 2)); got != [3]uint8{64, 127, 127} {
		t.Errorf("topShares(2,2) = %v, want [64 127 127]", got)
	}
	if got := topShares(make([]listedToken, maxBoundTokens+1)); got != [3]uint8{127, 127, 127} {
		t.Errorf("topShares of a long name = %v, want no bound", got)
	}
	h := makeNameHot(0xdeadbeef, 300, kindPerson, true, [3]uint8{51, 89, 115})
	if h.initials() != 0xdeadbeef || h.foldedLen() != 255 || h.kind() != kindPerson || !h.abjad() {
		t.Errorf("nameHot fields lost: %x", uint64(h))
	}
	for k, want := range map[int]float64{0: 1, 1: 51.0 / 127, 2: 89.0 / 127, 3: 115.0 / 127, 4: 1} {
		if got := h.topShare(k); got != want || (k >= 1 && k <= 3 && got < []float64{0.4, 0.7, 0.9}[k-1]) {
			t.Errorf("topShare(%d) = %v, want %v", k, got, want)
		}
	}
}
