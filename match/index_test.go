package match

import (
	"fmt"
	"math/rand/v2"
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

// TestQueryCredits checks the credit summed over a name's bits against
// the credit counted token by token, on random marks and initials.
func TestQueryCredits(t *testing.T) {
	ix, err := NewIndex([]Record{{Kind: "organization", Names: []RecordName{{Text: "Hikvision Digital Technology", Kind: "primary"}}}})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, q := range []string{"J K Rowling Holdings", "Hangzhou Hikvision Digital Technology Co Ltd", "712th Research Institute 7 A",
		"Mohammed M Rahman", "a b c d e f g h"} {
		p := ix.prepare(Query{Name: q})
		var cr queryCredits
		cr.of(p)
		full := uint64(1)<<len(p.tokens) - 1
		for range 2000 {
			m := nameMarks{bits: rng.Uint64() & full, fuzzy: rng.Uint64() & full}
			free := rng.Uint64() & full &^ m.bits
			h := makeNameHot(rng.Uint32()&rng.Uint32(), 10, kindOther, false, [3]uint8{})
			exact := m.bits &^ free
			want := creditEach(p, exact, m.fuzzy&^free&^exact, h, free)
			if got := cr.credit(p, &m, h, free); got < want || got > want+1e-6 {
				t.Fatalf("%q, marks %+v, free %b, initials %b: credit %v, token by token %v", q, m, free, h.initials(), got, want)
			}
		}
	}
}
