package match

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files")

// TestRegression is the matcher's regression test: real names with the
// verdict a compliance analyst expects, and the exact scores of the current
// algorithm. A change of verdict fails. A change of score without a new
// Algorithm name fails too: recorded screenings name the algorithm and must
// replay to the same scores (run with -update after bumping Algorithm).
func TestRegression(t *testing.T) {
	f, err := os.Open("testdata/regression.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows = rows[1:]
	var recs []Record
	for _, r := range rows {
		recs = append(recs, Record{Kind: r[1], Names: []RecordName{{Text: r[2], Kind: "primary"}}})
	}
	// Token weights come from a sample of 4,000 real names of the 2022 CSL
	// (public domain), so that "Technology" or "Muhammad" weigh what they
	// weigh in real screening.
	recs = append(recs, loadNames(t, "testdata/csl_names.csv")...)
	ix, err := NewIndex(recs)
	if err != nil {
		t.Fatal(err)
	}
	opts := DefaultOptions()
	var golden strings.Builder
	fmt.Fprintf(&golden, "algorithm %s\n", Algorithm)
	for i, r := range rows {
		res := ix.Compare(Query{Name: r[0], Kind: r[1]}, r[2], opts)
		fmt.Fprintf(&golden, "%d %.4f %s | %s\n", i+2, res.Score, r[0], r[2])
		if got, want := res.Score >= opts.Threshold, r[3] == "match"; got != want {
			t.Errorf("line %d (%s): %q vs %q scores %.3f, want match=%v", i+2, r[4], r[0], r[2], res.Score, want)
		}
	}
	const path = "testdata/regression.golden"
	if *updateGolden {
		if err := os.WriteFile(path, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./match -run TestRegression -update)", err)
	}
	if string(want) != golden.String() {
		wantAlg := strings.SplitN(string(want), "\n", 2)[0]
		if wantAlg == "algorithm "+Algorithm {
			t.Errorf("scores changed but match.Algorithm is still %q: bump it so that recorded screenings stay reproducible, then run with -update.\ngot:\n%s", Algorithm, golden.String())
		} else {
			t.Errorf("golden scores are for %s; run go test ./match -run TestRegression -update", wantAlg)
		}
	}
}

// cslIndex indexes the names of testdata/csl_names.csv and returns them
// with the index.
func cslIndex(t *testing.T) ([]Record, *Index) {
	t.Helper()
	recs := loadNames(t, "testdata/csl_names.csv")
	ix, err := NewIndex(recs)
	if err != nil {
		t.Fatal(err)
	}
	return recs, ix
}

func loadNames(t *testing.T, path string) []Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []Record
	for _, r := range rows[1:] {
		out = append(out, Record{Kind: r[0], Names: []RecordName{{Text: r[1], Kind: "primary"}}})
	}
	return out
}
