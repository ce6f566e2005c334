package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
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

// TestTermCache checks that the fuzzy term cache gives back what was put,
// tells words apart, hands out copies that appends cannot reach, and stays
// within its bound as generations turn, keeping the words in use.
func TestTermCache(t *testing.T) {
	c := newTermCache()
	hitsOf := func(i int) []termHit { return []termHit{{id: int32(i), d: 1, n: 5}, {id: int32(i + 1), d: 2, n: 6}} }
	keyOf := func(i int) []byte { return fmt.Appendf(nil, "word%d1", i) }
	kept := c.put(keyOf(1), hitsOf(1))
	if !slices.Equal(kept, hitsOf(1)) || cap(kept) != len(kept) {
		t.Fatalf("put returned %v (cap %d), want a full copy of %v", kept, cap(kept), hitsOf(1))
	}
	_ = append(kept, termHit{id: 99})
	if got, ok := c.get(keyOf(1)); !ok || !slices.Equal(got, hitsOf(1)) {
		t.Fatalf("get(word11) = %v, %v; want %v", got, ok, hitsOf(1))
	}
	if _, ok := c.get([]byte("word12")); ok {
		t.Error("get found a word never put")
	}
	if got, ok := c.get([]byte("")); ok {
		t.Errorf("get(\"\") = %v, want nothing", got)
	}
	empty := c.put([]byte("zzz1"), nil)
	if got, ok := c.get([]byte("zzz1")); !ok || len(got) != 0 || len(empty) != 0 {
		t.Errorf("a word with no terms: get = %v, %v", got, ok)
	}
	// Far more words than the cache holds, word 1 read all along.
	const n = 4 * termCacheShards * termCacheShardCap
	for i := 2; i < n; i++ {
		c.put(keyOf(i), hitsOf(i))
		if i%1000 == 0 {
			if _, ok := c.get(keyOf(1)); !ok {
				t.Fatalf("word 1, in use, was dropped after %d words", i)
			}
		}
	}
	held := 0
	for i := range c.shards {
		s := &c.shards[i]
		for _, g := range []*termCacheGen{s.cur, s.old} {
			if g != nil {
				held += len(g.slots)
			}
		}
	}
	if held > 2*termCacheShards*termCacheShardCap {
		t.Errorf("cache holds %d words, more than its bound %d", held, 2*termCacheShards*termCacheShardCap)
	}
	if got, ok := c.get(keyOf(n - 1)); !ok || !slices.Equal(got, hitsOf(n-1)) {
		t.Errorf("the last word put: get = %v, %v", got, ok)
	}
	// A word whose hash slot another word took is not mistaken for it.
	g := &termCacheGen{slots: map[uint64]termCacheEntry{}}
	s := termCacheShard{cur: g}
	s.add(7, []byte("abc1"), hitsOf(3))
	if _, ok := g.find(7, []byte("abd1")); ok {
		t.Error("find matched a different word of the same hash")
	}
	if got, ok := g.find(7, []byte("abc1")); !ok || !slices.Equal(got, hitsOf(3)) {
		t.Errorf("find(abc1) = %v, %v", got, ok)
	}
}

// TestNamesSharingWordsSitTogether: the names holding a word are numbered
// in one run, not in the records' order, so that a query reading them
// reads few cache lines (orderNames).
func TestNamesSharingWordsSitTogether(t *testing.T) {
	var records []Record
	for i := range 60 {
		word := []string{"kestrel", "plover"}[i%2]
		unique := string(rune('a'+i/26)) + string(rune('a'+i%26)) + "vorn"
		records = append(records, Record{Kind: "organization", Names: []RecordName{{Text: unique + " " + word}}})
	}
	ix, err := NewIndex(records)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"kestrel", "plover"} {
		id, ok := ix.termID(w)
		if !ok {
			t.Fatalf("%q is not a term", w)
		}
		var ids []int32
		for _, p := range ix.postings.of(id) {
			ids = append(ids, postingName(p))
		}
		if len(ids) != 30 || int(ids[len(ids)-1]-ids[0]) != len(ids)-1 {
			t.Errorf("names holding %q are numbered %v, want one run of 30", w, ids)
		}
		for _, n := range ids {
			if got := ix.names[n].text; !strings.HasSuffix(got, " "+w) {
				t.Errorf("name %d is %q, not one holding %q: the names were moved without their postings", n, got, w)
			}
		}
	}
	// Every record still finds its own name.
	for ri, r := range records {
		res := ix.Search(Query{Name: r.Names[0].Text}, DefaultOptions())
		if len(res) == 0 || res[0].Record != ri || res[0].Score < 1 {
			t.Errorf("%q: results %+v, want record %d first, exactly", r.Names[0].Text, res, ri)
		}
	}
}

// TestTieGoesToRecordsFirstName: of a record's names scoring alike, the
// one it lists first explains the hit, whatever the names' numbers and the
// order they were scored in.
func TestTieGoesToRecordsFirstName(t *testing.T) {
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		// The record's first name (index 0) is name 9, its second name 3.
		names := [2]struct {
			id    int32
			index uint16
		}{{9, 0}, {3, 1}}
		var sc scratch
		for _, k := range order {
			sc.keepBest(7, names[k].id, names[k].index, 0, 0.9)
		}
		if len(sc.best) != 1 || sc.best[0].name != 9 {
			t.Errorf("scored in order %v: best %+v, want name 9, the record's first", order, sc.best)
		}
	}
}

// TestJoinPairableCoversScorer checks that joinPairable lets through every
// listed join the scorer would pair a query word with (joinSim, at the
// least similarity a fuzzy join takes), whether the join is met as folded
// or as written: a join it refused would lose the name's credit and the
// waiver of its listed bound.
func TestJoinPairableCoversScorer(t *testing.T) {
	_, ix := cslIndex(t)
	rng := rand.New(rand.NewPCG(3, 4))
	const letters = "abcdefghijklmnopqrstuvwxyz"
	edit := func(w string) string {
		b := []byte(w)
		i := rng.IntN(len(b))
		switch rng.IntN(4) {
		case 0:
			return string(append(b[:i:i], b[i+1:]...))
		case 1:
			b[i] = letters[rng.IntN(len(letters))]
		case 2:
			if i+1 < len(b) {
				b[i], b[i+1] = b[i+1], b[i]
			}
		default:
			return w[:i] + string(letters[rng.IntN(len(letters))]) + w[i:]
		}
		return string(b)
	}
	checked, refused := 0, 0
	for id := range ix.names {
		toks := ix.names[id].tokens
		for j := 0; j+1 < len(toks); j++ {
			parts := toks[j : j+2]
			if len(parts[0].text) < 2 || len(parts[1].text) < 2 {
				continue
			}
			for _, raw := range []bool{false, true} {
				joined := parts[0].text + parts[1].text
				if raw {
					joined = parts[0].raw + parts[1].raw
				}
				term, ok := ix.termID(joined)
				if !ok {
					t.Fatalf("join %q of name %q is not a term", joined, ix.names[id].text)
				}
				for range 3 {
					w := joined
					for range 1 + rng.IntN(3) {
						w = edit(w)
					}
					qs := canonTokens(w)
					if len(qs) != 1 || len(qs[0].text) < 4 {
						continue
					}
					q := &qs[0]
					// The scorer compares the folded word with the folded
					// join, the word as written with the join as written.
					word, n := q.text, len(parts[0].text)+len(parts[1].text)
					if raw {
						word, n = q.raw, len(parts[0].raw)+len(parts[1].raw)
					}
					if s, ok := joinSim(word, parts, n, raw, minJoinSimilarity); !ok || s == 1 {
						continue
					}
					// The join as the index meets it: a term near the
					// folded word.
					d := osaDistance(q.text, joined, 2)
					if d > editBudget(len(q.text)) {
						continue
					}
					checked++
					if !ix.joinPairable(q, termHit{id: term, d: uint8(d), n: uint8(min(len(joined), 255))}) {
						refused++
						if refused <= 5 {
							t.Errorf("query word %q (as written %q) and join %q: the scorer pairs them, joinPairable refuses", q.text, q.raw, joined)
						}
					}
				}
			}
		}
	}
	if checked < 500 {
		t.Fatalf("only %d joins the scorer pairs: too few to tell", checked)
	}
	t.Logf("%d joins the scorer pairs checked", checked)

	// A word the canonical form moves away from a join the word as written
	// is close to: "mohammad" (folded "muhammad") and "Moham Madd" joined,
	// two edits from the folded word but one from the word as written.
	ix, err := NewIndex([]Record{{Names: []RecordName{{Text: "Moham Madd Trading"}}}})
	if err != nil {
		t.Fatal(err)
	}
	q := canonTokens("mohammad")[0]
	term, ok := ix.termID("mohammadd")
	if !ok || q.text == q.raw {
		t.Fatalf("the case is gone: join term found %v, query %q folded %q", ok, q.raw, q.text)
	}
	d := osaDistance(q.text, "mohammadd", 2)
	if _, ok := joinSim(q.raw, ix.names[0].tokens[:2], len("mohammadd"), true, minJoinSimilarity); !ok || d != 2 {
		t.Fatalf("the case is gone: the scorer pairs it %v, %d edits from the folded word", ok, d)
	}
	if !ix.joinPairable(&q, termHit{id: term, d: uint8(d), n: 9}) {
		t.Errorf("%q and the join %q as written: the scorer pairs them, joinPairable refuses", q.raw, "mohammadd")
	}
}

// TestSearchConcurrent checks that queries searched side by side, sharing
// the index's memos of fuzzy terms as they fill, find what they find one
// at a time (run with -race, it checks the memos' locking too).
func TestSearchConcurrent(t *testing.T) {
	recs, ix := cslIndex(t)
	queries := recallQueries(recs, 300)
	opts := DefaultOptions()
	_, fresh := cslIndex(t)
	want := make([]string, len(queries))
	for i, q := range queries {
		want[i] = hitKey(fresh.Search(q, opts))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range queries {
				i := (k*7 + g*101) % len(queries)
				if got := hitKey(ix.Search(queries[i], opts)); got != want[i] {
					t.Errorf("query %q searched side by side: %s, want %s", queries[i].Name, got, want[i])
				}
			}
		})
	}
	wg.Wait()
}

// TestTypoNamesByLength checks that the whole-name typo scan, reading only
// the names of lengths within its edits, finds every name a scan of all
// names finds, long names (past the last length list) included.
func TestTypoNamesByLength(t *testing.T) {
	recs := loadNames(t, "testdata/csl_names.csv")
	long := strings.Repeat("Very Long Trading Company Name ", 10) // folded, past 255 letters
	recs = append(recs, Record{Names: []RecordName{{Text: long}, {Text: long + "X"}}})
	ix, err := NewIndex(recs)
	if err != nil {
		t.Fatal(err)
	}
	all := func(folded string, d int) (ids []int32) {
		for id := range ix.names {
			if osaDistance(folded, ix.names[id].folded, d) <= d {
				ids = append(ids, int32(id))
			}
		}
		return ids
	}
	rng := rand.New(rand.NewPCG(5, 6))
	queries := []string{Fold(long), Fold(long + "XY"), Fold(long)[:250], "yk akd", "lin electronics"}
	for range 300 {
		f := ix.names[rng.IntN(len(ix.names))].folded
		if i := rng.IntN(len(f)); len(f) > 3 {
			f = f[:i] + f[i+1:] // one letter dropped
		}
		queries = append(queries, f)
	}
	found := 0
	for _, q := range queries {
		for d := 1; d <= 2; d++ {
			var got []int32
			ix.typoNames(q, d, func(id int32) { got = append(got, id) })
			slices.Sort(got)
			if want := all(q, d); !slices.Equal(got, want) {
				t.Errorf("typoNames(%q, %d) = %v, want %v", q, d, got, want)
			}
			found += len(got)
		}
	}
	if found < 300 {
		t.Fatalf("only %d names found: too few to tell", found)
	}
}

// TestPostingsCarryGateKeys checks that every posting of the lists the
// gate reads names a name and carries that name's gate key, as gate.admits
// would have read it of the name.
func TestPostingsCarryGateKeys(t *testing.T) {
	_, ix := cslIndex(t)
	lists := map[string]*postingLists{"postings": &ix.postings, "joins": &ix.joins, "initialJoins": &ix.initialJoins, "raws": &ix.raws}
	withInitial := 0
	for what, l := range lists {
		for term := range ix.terms {
			for _, p := range l.of(int32(term)) {
				id := postingName(p)
				if id < 0 || int(id) >= len(ix.names) {
					t.Fatalf("%s of %q: posting %#x names no name", what, ix.terms[term], p)
				}
				n := &ix.names[id]
				want := makeGateKey(len(n.folded), n.initials != 0)
				if got := postingKey(p); got != want {
					t.Fatalf("%s of %q: name %q carries gate key %#x, want %#x", what, ix.terms[term], n.text, got, want)
				}
				if want&0x80 != 0 {
					withInitial++
				}
			}
		}
	}
	if withInitial == 0 {
		t.Error("no posting of a name with an initial: the check saw only one kind of key")
	}
}
