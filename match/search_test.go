package match

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func testIndex(t testing.TB) *Index {
	t.Helper()
	recs := []Record{
		{Kind: "organization", Names: []RecordName{{Text: "Hangzhou Hikvision Digital Technology Co., Ltd.", Kind: "primary"}, {Text: "Hikvision", Kind: "aka"}}, Countries: []string{"CN"}},
		{Kind: "organization", Names: []RecordName{{Text: "Dahua Technology", Kind: "primary"}}, Countries: []string{"CN"}},
		{Kind: "organization", Names: []RecordName{{Text: "Guangzhou Haige Communication Group Co., Ltd.", Kind: "primary"}}, Countries: []string{"CN"}},
		{Kind: "organization", Names: []RecordName{{Text: "ROSOBORONEKSPORT OAO", Kind: "primary"}, {Text: "ROSOBORONEXPORT", Kind: "aka"}}, Countries: []string{"RU"}},
		{Kind: "person", Names: []RecordName{{Text: "'ALI, Muhammad", Kind: "primary"}}, BirthDates: []string{"1970-01-02"}, Identifiers: []string{"P1234567"}},
		{Kind: "organization", Names: []RecordName{{Text: "MEGVII TECHNOLOGY LIMITED", Kind: "primary"}, {Text: "旷视科技有限公司", Kind: "original"}}},
		{Kind: "organization", Names: []RecordName{{Text: "Global Trading Company", Kind: "primary"}, {Text: "GTC", Kind: "aka", Weak: true}}},
	}
	ix, err := NewIndex(recs)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestSearch(t *testing.T) {
	ix := testIndex(t)
	opts := DefaultOptions()
	tests := []struct {
		query    string
		wantRec  int // -1: no hit expected
		minScore float64
	}{
		{"Hikvision", 0, 0.99},
		{"HIK VISION", 0, 0.99},
		{"Hangzhou Hikvision Digital Technology Co., Ltd.", 0, 0.99},
		{"Hikvison Digital Tech", 0, 0.80},
		{"Dahua Technology Co Ltd", 1, 0.90},
		{"GUANGZHOU HAIGE COMM GRP", 2, 0.95},
		{"HAIGE GUANGZHOU", 2, 0.80},
		{"Rosoboronexport", 3, 0.99},
		{"Mohammed Ali", 4, 0.99},
		{"旷视科技有限公司", 5, 0.99},
		{"Microsoft Corporation", -1, 0},
		{"Trading Company", -1, 0},
	}
	for _, tt := range tests {
		res := ix.Search(Query{Name: tt.query}, opts)
		if tt.wantRec < 0 {
			if len(res) > 0 {
				t.Errorf("Search(%q) = record %d score %.3f, want no hit", tt.query, res[0].Record, res[0].Score)
			}
			continue
		}
		if len(res) == 0 || res[0].Record != tt.wantRec || res[0].Score < tt.minScore {
			t.Errorf("Search(%q) = %+v, want record %d with score >= %.2f", tt.query, res, tt.wantRec, tt.minScore)
		}
	}
}

func TestEvidence(t *testing.T) {
	ix := testIndex(t)
	opts := DefaultOptions()
	opts.Threshold = 0
	base := ix.Search(Query{Name: "Muhammad Ali"}, opts)[0].Score
	match := ix.Search(Query{Name: "Muhammad Ali", BirthDate: "1970"}, opts)[0].Score
	mismatch := ix.Search(Query{Name: "Muhammad Ali", BirthDate: "1985-03-04"}, opts)[0].Score
	if !(mismatch < base && base <= match) {
		t.Errorf("birth date evidence: mismatch %.3f, none %.3f, match %.3f; want increasing", mismatch, base, match)
	}
	res := ix.Search(Query{Name: "Unrelated Person", Identifiers: []string{"p-123 4567"}}, opts)
	if len(res) == 0 || res[0].Record != 4 {
		t.Errorf("identifier-only query found %+v, want record 4", res)
	}
}

func TestWeakAlias(t *testing.T) {
	ix := testIndex(t)
	opts := DefaultOptions()
	opts.Threshold = 0
	res := ix.Search(Query{Name: "GTC"}, opts)
	if len(res) == 0 || res[0].Score >= 1 || !res[0].Explanation.Weak {
		t.Errorf("Search(GTC) = %+v, want a weak-alias hit below 1", res)
	}
}

func FuzzCompare(f *testing.F) {
	ix := testIndex(f)
	for _, s := range [][2]string{{"Hikvision", "Hik Vision"}, {"ООО Ромашка", "OOO Romashka"}, {"a", "b"}, {"", ""}} {
		f.Add(s[0], s[1])
	}
	opts := DefaultOptions()
	f.Fuzz(func(t *testing.T, a, b string) {
		r := ix.Compare(Query{Name: a}, b, opts)
		if r.Score < 0 || r.Score > 1 || math.IsNaN(r.Score) {
			t.Fatalf("Compare(%q, %q) = %v, want a score in [0,1]", a, b, r.Score)
		}
		self := ix.Compare(Query{Name: a}, a, opts)
		if nameHasNameToken(a) && self.Score != 1 {
			t.Fatalf("Compare(%q, itself) = %v, want 1", a, self.Score)
		}
	})
}

func nameHasNameToken(s string) bool {
	return hasNameToken(canonTokens(Fold(s)))
}

// TestCompareRules pins the scoring rules one by one, each on a pair that
// only that rule decides.
func TestCompareRules(t *testing.T) {
	ix := testIndex(t)
	opts := DefaultOptions()
	tests := []struct {
		rule, query, kind, listed string
		match                     bool
	}{
		{"legal form spelt out", "Siemens Aktiengesellschaft", "organization", "Siemens AG", true},
		{"legal form phrase", "Volkswagen Gesellschaft mit beschränkter Haftung", "organization", "Volkswagen GmbH", true},
		{"russian legal form", "OAO Gazprom", "organization", "Open Joint Stock Company Gazprom", true},
		{"dotted acronym", "ABC Co.", "organization", "A.B.C. Company", true},
		{"joined legal form", "SiemensAG", "organization", "Siemens AG", true},
		{"three-way split", "vanderbilt corp", "organization", "van der bilt corp", true},
		{"ordinal", "1st International Bank", "organization", "First International Bank", true},
		{"number words", "Brigade Forty-Four", "organization", "Brigade 44", true},
		{"fat finger", "Tom Cook", "person", "Tim Cook", true},
		{"typo in a long name", "Citigroup Capital Trust XV", "organization", "Citigroup Capital Trust XX", true},
		{"patronymic left out", "Sergey Lavrov", "person", "Sergey Viktorovich Lavrov", true},
		{"different surname", "Olaf Schmidt", "person", "Olaf Scholz", false},
		{"lineage swapped", "SALMAN BIN MUHAMMAD AL-RAWI", "person", "MUHAMMAD BIN SALMAN AL-RAWI", false},
		{"abjad against latin", "محمد علي", "person", "Muhammad Ali", false},
		{"pinyin zao is not a legal form", "高市早苗", "person", "Gao Shi Zao Miao", true},
	}
	for _, tt := range tests {
		r := ix.Compare(Query{Name: tt.query, Kind: tt.kind}, tt.listed, opts)
		if got := r.Score >= opts.Threshold; got != tt.match {
			t.Errorf("%s: Compare(%q, %q) = %.3f, want match=%v (%+v)", tt.rule, tt.query, tt.listed, r.Score, tt.match, r.Explanation.Tokens)
		}
	}
}

// TestBestNameScore checks the closed form against a fine search over every
// conflict share, with both query weights (persons' and others').
func TestBestNameScore(t *testing.T) {
	opts := DefaultOptions()
	for _, tc := range []struct{ sq, qw float64 }{
		{0, opts.QueryWeight}, {0.1, opts.QueryWeight}, {0.3, opts.QueryWeight}, {0.5, opts.QueryWeight},
		{0.65, opts.QueryWeight}, {0.7, opts.QueryWeight}, {0.8, opts.QueryWeight}, {0.9, opts.QueryWeight},
		{1, opts.QueryWeight}, {0.3, opts.PersonQueryWeight}, {0.5, opts.PersonQueryWeight}, {0.8, opts.PersonQueryWeight},
	} {
		sq, qw := tc.sq, tc.qw
		mq := 1 - sq
		brute := 0.0
		for k := 0; k <= 10000; k++ {
			c := mq * float64(k) / 10000
			brute = math.Max(brute, math.Pow(1-c, opts.ConflictWeight)*math.Pow(1-(mq-c), qw))
		}
		if got := bestNameScore(sq, qw, opts.ConflictWeight); got < brute-1e-9 || got > brute+1e-6 {
			t.Errorf("bestNameScore(%v, %v) = %v, search says %v", sq, qw, got, brute)
		}
	}
}

// TestBrief checks that brief results are the full results without the
// explanation beyond the name matched: the same records, scores and names,
// with and without evidence beyond the name.
func TestBrief(t *testing.T) {
	recs, ix := cslIndex(t)
	queries := recallQueries(recs, 300)
	for i := range queries {
		switch i % 3 {
		case 1:
			queries[i].Countries = []string{"CN"}
		case 2:
			queries[i].Countries = []string{"RU"}
			queries[i].Kind = "person"
		}
	}
	full := DefaultOptions()
	full.Threshold = 0.7
	brief := full
	brief.Brief = true
	if full.Hash() != brief.Hash() {
		t.Error("Brief changes the options' hash; it does not change what matches")
	}
	compared, explained := 0, 0
	for _, q := range queries {
		want, got := ix.Search(q, full), ix.Search(q, brief)
		if len(got) != len(want) {
			t.Fatalf("query %q: %d brief results, %d full", q.Name, len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			if g.Record != w.Record || g.Score != w.Score {
				t.Errorf("query %q result %d: brief %d %.4f, full %d %.4f", q.Name, i, g.Record, g.Score, w.Record, w.Score)
			}
			we, ge := w.Explanation, g.Explanation
			if ge.Name != we.Name || ge.NameIndex != we.NameIndex || ge.NameKind != we.NameKind || ge.Weak != we.Weak {
				t.Errorf("query %q result %d: brief name %+v, full %+v", q.Name, i, ge, we)
			}
			if len(ge.Tokens) != 0 || len(ge.Evidence) != 0 {
				t.Errorf("query %q result %d: brief result explains %d tokens, %d notes", q.Name, i, len(ge.Tokens), len(ge.Evidence))
			}
			compared++
			if len(we.Evidence) > 0 {
				explained++
			}
		}
	}
	if compared < 200 || explained < 50 {
		t.Errorf("compared %d results, %d with evidence: too few to say", compared, explained)
	}
}

// TestIndexedSkeleton checks that a query's tokens take the index's own
// skeleton strings, and none where no indexed token has the skeleton, and
// that a query matching nothing allocates only its folded name.
func TestIndexedSkeleton(t *testing.T) {
	_, ix := cslIndex(t)
	checked := 0
	for id := range ix.names {
		for _, tok := range ix.names[id].tokens {
			if got := ix.indexedSkeleton(tok.text); got != tok.skel {
				t.Fatalf("indexedSkeleton(%q) = %q, want the indexed %q", tok.text, got, tok.skel)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("checked %d tokens", checked)
	}
	for _, w := range []string{"qqqzzzxxx", "12345678", "abc"} {
		if got := ix.indexedSkeleton(w); got != "" {
			t.Errorf("indexedSkeleton(%q) = %q, want none", w, got)
		}
	}
	if s := skeleton("qqqzzzxxx"); s == "" {
		t.Error("the test word has no skeleton at all")
	}
	opts := DefaultOptions()
	q := Query{Name: "Zyxwoqu Plimbertax"}
	if got := ix.Search(q, opts); len(got) != 0 {
		t.Fatalf("%q found %v", q.Name, got)
	}
	if raceEnabled {
		return
	}
	if n := testing.AllocsPerRun(100, func() { ix.Search(q, opts) }); n > 0 {
		t.Errorf("a query matching nothing allocates %.0f times, want none", n)
	}
	long := Query{Name: "Zyxwoqu Plimbertax Qorvanth Blemmisto Trandervox Quillmarsh Vostrapine Glimmerquay Oxtrabund"}
	if n := testing.AllocsPerRun(100, func() { ix.Search(long, opts) }); n > 0 {
		t.Errorf("a query of nine words matching nothing allocates %.0f times, want none", n)
	}
}

// TestResultsOutliveTheQuery checks that a result's strings from the query
// (its folded name and tokens, folded into a buffer the next query reuses)
// are its own: screening other names afterwards leaves them as they were.
func TestResultsOutliveTheQuery(t *testing.T) {
	_, ix := cslIndex(t)
	opts := DefaultOptions()
	queries := []string{"Hikvision Digital Technology", "Huawei Technologies Co Ltd", "Dahua Technolgy",
		"Rosoboronexport", "Megvii Technology Limited", "Sense Time Group", "Iflytek Co Ltd", "Zte Corporation"}
	type kept struct {
		res  []Result
		want []string
	}
	var all []kept
	for range 3 {
		for _, name := range queries {
			res := ix.Search(Query{Name: name}, opts)
			var want []string
			for _, r := range res {
				want = append(want, strings.Clone(r.Explanation.Query))
				for _, tm := range r.Explanation.Tokens {
					want = append(want, strings.Clone(tm.Query))
				}
			}
			all = append(all, kept{res, want})
		}
	}
	hits := 0
	for _, k := range all {
		var got []string
		for _, r := range k.res {
			got = append(got, r.Explanation.Query)
			for _, tm := range r.Explanation.Tokens {
				got = append(got, tm.Query)
			}
			hits++
		}
		if !slices.Equal(got, k.want) {
			t.Errorf("a result's query strings changed after other queries: %q, were %q", got, k.want)
		}
	}
	if hits < len(all) {
		t.Fatalf("%d hits for %d queries: the test needs hits", hits, len(all))
	}
}
