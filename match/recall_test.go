package match

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestIndexLosesNoHit is the proof that candidate retrieval loses nothing:
// queries made from real list names (exact, typos, dropped and reordered
// words, joined and split words, abbreviations) are run through the index
// and through exhaustive scoring of every name, and must give the same
// hits with the same scores at and above the threshold.
func TestIndexLosesNoHit(t *testing.T) {
	recs, ix := cslIndex(t)
	queries := recallQueries(recs, 600)
	for _, th := range []float64{0.80, 0.70} {
		opts := DefaultOptions()
		opts.Threshold = th
		opts.Limit = 0
		lost := 0
		for _, q := range queries {
			got := ix.search(q, opts, false)
			want := ix.search(q, opts, true)
			if g, w := hitKey(got), hitKey(want); g != w {
				lost++
				if lost <= 10 {
					t.Errorf("threshold %.2f, query %q (kind %s):\n index:      %s\n exhaustive: %s", th, q.Name, q.Kind, g, w)
				}
			}
		}
		if lost > 0 {
			t.Errorf("threshold %.2f: %d of %d queries differ between the index and exhaustive scoring", th, lost, len(queries))
		}
	}
}

func hitKey(rs []Result) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%d:%.4f ", r.Record, r.Score)
	}
	return b.String()
}

// recallQueries derives n queries from the records' names with a fixed seed.
func recallQueries(recs []Record, n int) []Query {
	rng := rand.New(rand.NewPCG(1, 2))
	var out []Query
	for len(out) < n {
		r := recs[rng.IntN(len(recs))]
		name := r.Names[0].Text
		words := strings.Fields(name)
		switch rng.IntN(7) {
		case 1: // a typo in the longest word
			li := 0
			for i, w := range words {
				if len(w) > len(words[li]) {
					li = i
				}
			}
			if w := []byte(words[li]); len(w) > 3 {
				p := 1 + rng.IntN(len(w)-1)
				w[p] = byte('a' + rng.IntN(26))
				words[li] = string(w)
			}
		case 2: // last word dropped
			if len(words) > 1 {
				words = words[:len(words)-1]
			}
		case 3: // reversed
			for i, j := 0, len(words)-1; i < j; i, j = i+1, j-1 {
				words[i], words[j] = words[j], words[i]
			}
		case 4: // two words joined
			if len(words) > 1 {
				i := rng.IntN(len(words) - 1)
				words = append(words[:i], append([]string{words[i] + words[i+1]}, words[i+2:]...)...)
			}
		case 5: // a word split
			for i, w := range words {
				if len(w) >= 8 {
					words = append(words[:i], append([]string{w[:len(w)/2], w[len(w)/2:]}, words[i+1:]...)...)
					break
				}
			}
		case 6: // abbreviations
			for i, w := range words {
				switch strings.ToUpper(strings.Trim(w, ".,")) {
				case "TECHNOLOGY":
					words[i] = "Tech"
				case "COMPANY":
					words[i] = "Co"
				case "LIMITED":
					words[i] = "Ltd"
				case "INTERNATIONAL":
					words[i] = "Intl"
				}
			}
		}
		out = append(out, Query{Name: strings.Join(words, " "), Kind: r.Kind})
	}
	return out
}

// TestIndexEdgeCases holds queries that once found less through the index
// than exhaustive scoring: names whose only rare words are initials, short
// words, or words joined and misspelt at once.
func TestIndexEdgeCases(t *testing.T) {
	names := []string{
		"A A TRADING FZCO", "EIGHTH OCEAN GMBH & CO. KG", "HONG KONG ELECTRONICS", "AL-HARAMAIN ISLAMIC FOUNDATION",
		"HANIFA EXCHANGE", "J. K. ROWLING HOLDINGS", "TOM BAKER", "SYRIATEL", "Hangzhou Hikvision Digital Technology Co., Ltd.",
		"Taihe Electric (Hong Kong) Limited", "Xinjiang Uighur Autonomous Region Public Security Bureau",
		"ZORG TECHNOLOGIES INTERNATIONAL", "M RAHMAN TRADING COMPANY", "KAPLAN S HOLDINGS", "Z SMITH", "Q AHMED TRADING",
	}
	var recs []Record
	for _, n := range names {
		recs = append(recs, Record{Kind: "organization", Names: []RecordName{{Text: n, Kind: "primary"}}})
	}
	ix, err := NewIndex(append(recs, loadNames(t, "testdata/csl_names.csv")...))
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{
		"A A TRADING", "A A TRDG FZCO", "AA TRADING FZCO", "EIGHTHOCEAN GMBH & CO. KG", "HONGKONG ELECTRONICS",
		"ALHARAMAIN ISLAMIC FOUNDATON", "HANIFAEXCHANGE", "HANIFAEXCHANG", "J K ROWLING", "TIM BAKER", "SYRAITEL",
		"Hik Vision", "HIKVISION DIGITAL TECH", "Xinjiang Uyghur Public Security Bureau", "A",
		// Found only through a listed initial or the whole-name typo rule
		// when the long lists credit late (gateTokens).
		"ZORQ TECHNOLOGIES INTERNATIONAL", "ZORG TECHNOLOGIES INTERNATONAL", "MOHAMMED RAHMAN TRADING COMPANY",
		"KAPLAN SERGEI HOLDINGS", "MUHAMAD RAHMAN TRADING CO", "ZEBEDIAH SMITH", "QUENTIN AHMED TRADING",
	}
	for _, th := range []float64{0.80, 0.70, 0.50} {
		opts := DefaultOptions()
		opts.Threshold = th
		opts.Limit = 0
		for _, q := range queries {
			got, want := hitKey(ix.search(Query{Name: q}, opts, false)), hitKey(ix.search(Query{Name: q}, opts, true))
			if got != want {
				t.Errorf("threshold %.2f, query %q:\n index:      %s\n exhaustive: %s", th, q, got, want)
			}
		}
	}
}
