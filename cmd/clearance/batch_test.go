package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/benchmark"
)

func TestBatch(t *testing.T) {
	dir := shippedData(t)
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in.csv")
	out := filepath.Join(tmp, "out.csv")
	os.WriteFile(in, []byte("\ufeffid,name,country,type\n"+
		"1,Hikvision,CN,organization\n"+
		"2,Microsoft Corporation,US,organization\n"+
		"3,\"Zhejiang Dahua Technology Co., Ltd.\",China,company\n"+
		"4,Apple Inc.,,\n"), 0o600)
	r := mustRun(t, dir, "batch", "--in", in, "--out", out)
	if !strings.Contains(r.stderr, "Screened 4 names") {
		t.Errorf("batch summary: %s", r.stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := "\ufeffid,name,country,type,decision,score,entry_id,entry_name,source"
	if got := strings.Join(rows[0], ","); got != wantHeader {
		t.Errorf("header = %q, want %q", got, wantHeader)
	}
	want := []struct{ id, decision string }{{"1", "potential_match"}, {"2", "clear"}, {"3", "potential_match"}, {"4", "clear"}}
	if len(rows) != 5 {
		t.Fatalf("got %d rows, want 5", len(rows))
	}
	for i, w := range want {
		row := rows[i+1]
		if row[0] != w.id || row[4] != w.decision {
			t.Errorf("row %d = %q, want id %s decision %s", i+1, row, w.id, w.decision)
		}
		if w.decision == "potential_match" && (row[5] == "" || row[6] == "" || row[7] == "" || row[8] == "") {
			t.Errorf("row %d = %q: a potential match must name the entry", i+1, row)
		}
	}
}

func TestBatchBadInput(t *testing.T) {
	dir := shippedData(t)
	tmp := t.TempDir()
	tests := []struct{ name, content, want string }{
		{"no name column", "id,company\n1,Hikvision\n", "no name column"},
		{"empty name", "id,name\n1,Hikvision\n2,\n", "line 3 field \"name\""},
		{"bad country", "name,country\nHikvision,Atlantis\n", "line 2 field \"country\""},
		{"ragged row", "id,name\n1,Hikvision,extra\n", "line 2"},
		{"empty file", "", "empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(tmp, strings.ReplaceAll(tt.name, " ", "_")+".csv")
			out := filepath.Join(tmp, "out-"+strings.ReplaceAll(tt.name, " ", "_")+".csv")
			os.WriteFile(in, []byte(tt.content), 0o600)
			r := run(t, dir, "batch", "--in", in, "--out", out)
			if r.code == 0 || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, filepath.Base(in)) {
				t.Errorf("batch on %s: exit %d, stderr %q; want failure naming the file and %q", tt.name, r.code, r.stderr, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("batch on %s left a partial report", tt.name)
			}
		})
	}
}

// stubScreen answers instantly: a potential match for names starting with
// "Hit", an error for "Fail", and clear otherwise.
func stubScreen(sc *clearance.Screening, q clearance.Query) error {
	switch {
	case strings.HasPrefix(q.Name, "Fail"):
		return clearance.Errorf(clearance.Internal, "cannot screen %q", q.Name)
	case strings.HasPrefix(q.Name, "Hit"):
		// Into the storage of the last screening's hits, as ScreenInto.
		*sc = clearance.Screening{Hits: append(sc.Hits[:0], clearance.Hit{Score: 0.9123, EntryID: "e-" + q.Name, EntryName: q.Name, Source: "Stub List"})}
		return nil
	}
	*sc = clearance.Screening{Hits: sc.Hits[:0]}
	return nil
}

func batchCSV(names []string) string {
	var b strings.Builder
	b.WriteString("id,name\n")
	for i, n := range names {
		fmt.Fprintf(&b, "%d,%s\n", i+1, n)
	}
	return b.String()
}

func runStubBatch(t testing.TB, input string, workers int) (string, batchStats, error) {
	r := csv.NewReader(strings.NewReader(input))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	cols, err := batchColumns("in.csv", header)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	stats, err := runBatch(context.Background(), batchInput{file: "in.csv", r: r, cols: cols}, stubScreen, workers, w, nil, &progress{})
	w.Flush()
	return out.String(), stats, err
}

// TestRunBatchOrder checks that rows come out in input order, one for one,
// across chunk boundaries and however many workers screen them.
func TestRunBatchOrder(t *testing.T) {
	for _, n := range []int{0, 1, batchChunkRows - 1, batchChunkRows, batchChunkRows + 1, 10*batchChunkRows + 17} {
		names := make([]string, n)
		var want strings.Builder
		hits := 0
		for i := range names {
			names[i] = fmt.Sprintf("Name %d", i)
			result := "clear,,,,"
			if i%7 == 3 {
				names[i] = fmt.Sprintf("Hit %d", i)
				result = fmt.Sprintf("potential_match,0.9123,e-Hit %d,Hit %d,Stub List", i, i)
				hits++
			}
			fmt.Fprintf(&want, "%d,%s,%s\n", i+1, names[i], result)
		}
		for _, workers := range []int{1, 3} {
			got, stats, err := runStubBatch(t, batchCSV(names), workers)
			if err != nil {
				t.Fatalf("%d rows, %d workers: %v", n, workers, err)
			}
			if got != want.String() {
				t.Errorf("%d rows, %d workers: output differs from input order", n, workers)
			}
			if stats.rows != n || stats.hits != hits {
				t.Errorf("%d rows, %d workers: stats %+v, want %d rows, %d hits", n, workers, stats, n, hits)
			}
		}
	}
}

func TestRunBatchStopsAtFailure(t *testing.T) {
	names := make([]string, 5000)
	for i := range names {
		names[i] = fmt.Sprintf("Name %d", i)
	}
	names[3000] = "Fail here"
	_, _, err := runStubBatch(t, batchCSV(names), 2)
	if err == nil || !strings.Contains(err.Error(), "line 3002") {
		t.Errorf("batch with a failing row 3002: error %v, want one naming line 3002", err)
	}
	names[3000] = "Name"
	input := batchCSV(names) + "5001,\n"
	_, _, err = runStubBatch(t, input, 2)
	if err == nil || !strings.Contains(err.Error(), "line 5002") {
		t.Errorf("batch with an empty name on line 5002: error %v, want one naming line 5002", err)
	}
}

// BenchmarkBatchPipeline measures what batch adds to screening: CSV
// reading, chunking, ordering and CSV writing, with a screener that answers
// instantly, on generated names.
func BenchmarkBatchPipeline(b *testing.B) {
	const rows = 100_000
	var in strings.Builder
	in.WriteString("id,name,country,type\n")
	for i, n := range benchmark.Generate(1, nil, rows) {
		name := n.Text
		if i%5 == 0 {
			name = "Hit " + name
		}
		fmt.Fprintf(&in, "%d,\"%s\",%s,%s\n", i+1, name, n.Country, n.Kind)
	}
	input := in.String()
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		r := csv.NewReader(strings.NewReader(input))
		r.ReuseRecord = true
		header, _ := r.Read()
		cols, _ := batchColumns("in.csv", header)
		w := csv.NewWriter(io.Discard)
		if _, err := runBatch(context.Background(), batchInput{file: "in.csv", r: r, cols: cols}, stubScreen,
			runtime.GOMAXPROCS(0), w, nil, &progress{}); err != nil {
			b.Fatal(err)
		}
		w.Flush()
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestHitSpill writes rows with potential matches to the spill file and
// reads them back in order, and leaves no file behind.
func TestHitSpill(t *testing.T) {
	dir := t.TempDir()
	s, err := newHitSpill(dir, "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	queries := []clearance.Query{{Name: "Hikvision"}, {Name: "Иван \"Петров\"\tline\nbreak"}, {Name: "华为", Country: "CN"}}
	for i, q := range queries {
		if err := s.add(batchHitRow{line: i + 2, query: q, hits: []clearance.AuditHit{{EntryID: fmt.Sprint("e", i), Score: 0.9}}}); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 { // read twice: the records are streamed again on a retry
		i := 0
		for r, err := range s.rows() {
			if err != nil {
				t.Fatal(err)
			}
			var p batchHitAudit
			if err := json.Unmarshal(r.payload, &p); err != nil {
				t.Fatalf("row %d payload %s: %v", i, r.payload, err)
			}
			if r.line != i+2 || p.Line != i+2 || p.Query.Name != queries[i].Name || p.Query.Country != queries[i].Country || p.Input != "in.csv" || len(p.Hits) != 1 || p.Hits[0].EntryID != fmt.Sprint("e", i) {
				t.Errorf("row %d read back as line %d, %+v", i, r.line, p)
			}
			i++
		}
		if i != len(queries) {
			t.Errorf("read %d rows, want %d", i, len(queries))
		}
	}
	s.remove()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("files left behind: %v", left)
	}
}

// TestBatchMemo checks that a batch screens a repeated query once and
// writes the same row for each repeat, and that queries differing in any
// field the screening reads are screened apart.
func TestBatchMemo(t *testing.T) {
	var calls atomic.Int64
	screen := func(sc *clearance.Screening, q clearance.Query) error {
		calls.Add(1)
		return stubScreen(sc, q)
	}
	var in, want strings.Builder
	in.WriteString("id,name,country\n")
	const rows = 3 * batchChunkRows
	hits := 1 // the one in FR
	for i := range rows {
		name, result := fmt.Sprintf("Name %d", i%10), "clear,,,,"
		if i%10 == 3 {
			hits++
			name = "Hit 3"
			result = "potential_match,0.9123,e-Hit 3,Hit 3,Stub List"
		}
		fmt.Fprintf(&in, "%d,%s,DE\n", i+1, name)
		fmt.Fprintf(&want, "%d,%s,DE,%s\n", i+1, name, result)
	}
	// The same names in another country are other queries.
	fmt.Fprintf(&in, "%d,Hit 3,FR\n", rows+1)
	fmt.Fprintf(&want, "%d,Hit 3,FR,potential_match,0.9123,e-Hit 3,Hit 3,Stub List\n", rows+1)
	r := csv.NewReader(strings.NewReader(in.String()))
	header, _ := r.Read()
	cols, err := batchColumns("in.csv", header)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	var spilled []batchHitRow
	stats, err := runBatch(context.Background(), batchInput{file: "in.csv", r: r, cols: cols}, screen, 1, w,
		func(h batchHitRow) error { spilled = append(spilled, h); return nil }, &progress{})
	w.Flush()
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != want.String() {
		t.Errorf("report with repeated queries differs:\n%s", out.String())
	}
	if n := calls.Load(); n != 11 {
		t.Errorf("screened %d times, want 11 (10 distinct names in DE, one in FR)", n)
	}
	if stats.hits != hits || len(spilled) != hits {
		t.Errorf("%d hits, %d rows for the audit log; want %d of each", stats.hits, len(spilled), hits)
	}
	for _, h := range spilled {
		if len(h.hits) != 1 || h.hits[0].EntryID != "e-Hit 3" || h.line < 2 {
			t.Errorf("audit row %+v, want line and the hit of Hit 3", h)
		}
	}
}

// TestQueryKey checks that the memo's key tells apart queries differing
// in any field, and fails when clearance.Query gains a field the key does
// not hold.
func TestQueryKey(t *testing.T) {
	if n := reflect.TypeFor[clearance.Query]().NumField(); n != 6 {
		t.Fatalf("clearance.Query has %d fields; appendQueryKey keys 6: add the new ones", n)
	}
	base := clearance.Query{Name: "Acme", Kind: "organization", Country: "DE", Address: "1 Main St",
		BirthDate: "1970", Identifiers: []string{"X1"}}
	variants := []clearance.Query{
		base,
		{Name: "Acme2", Kind: base.Kind, Country: base.Country, Address: base.Address, BirthDate: base.BirthDate, Identifiers: base.Identifiers},
		{Name: base.Name, Kind: "person", Country: base.Country, Address: base.Address, BirthDate: base.BirthDate, Identifiers: base.Identifiers},
		{Name: base.Name, Kind: base.Kind, Country: "FR", Address: base.Address, BirthDate: base.BirthDate, Identifiers: base.Identifiers},
		{Name: base.Name, Kind: base.Kind, Country: base.Country, Address: "2 Main St", BirthDate: base.BirthDate, Identifiers: base.Identifiers},
		{Name: base.Name, Kind: base.Kind, Country: base.Country, Address: base.Address, BirthDate: "1971", Identifiers: base.Identifiers},
		{Name: base.Name, Kind: base.Kind, Country: base.Country, Address: base.Address, BirthDate: base.BirthDate},
		{Name: base.Name, Kind: base.Kind, Country: base.Country, Address: base.Address, BirthDate: base.BirthDate, Identifiers: []string{"X", "1"}},
		// Field boundaries cannot be moved.
		{Name: "AcmeD", Kind: base.Kind, Country: "E", Address: base.Address, BirthDate: base.BirthDate, Identifiers: base.Identifiers},
	}
	seen := map[string]int{}
	for i, q := range variants {
		k := string(appendQueryKey(nil, q))
		if j, ok := seen[k]; ok {
			t.Errorf("queries %d and %d share a key", j, i)
		}
		seen[k] = i
	}
	if string(appendQueryKey(nil, base)) != string(appendQueryKey([]byte("junk"), base)[4:]) {
		t.Error("appendQueryKey does not append")
	}
}

// TestBatchMemoStops checks that the memo stops, and lets its memory go,
// once a generation fills having answered too few lookups, and goes on
// while it answers enough.
func TestBatchMemoStops(t *testing.T) {
	key := func(i int) []byte { return fmt.Appendf(nil, "query %d", i) }
	hit := batchResult{source: "Stub List"}
	// Distinct queries only: the first full generation stops it.
	m := newBatchMemo()
	for i := 0; m.on() && i < 3*batchMemoCap; i++ {
		if _, ok := m.get(key(i)); ok {
			t.Fatalf("query %d found before it was put", i)
		}
		m.put(string(key(i)), hit)
	}
	if m.on() || m.cur != nil || m.old != nil {
		t.Fatalf("memo of distinct queries still on after %d queries (%d held)", 3*batchMemoCap, len(m.cur))
	}
	if _, ok := m.get(key(1)); ok {
		t.Error("a stopped memo answered")
	}
	// One query in four a repeat of a recent one: it goes on past many
	// generations and keeps answering.
	m = newBatchMemo()
	answered := 0
	for i := range 4 * batchMemoCap {
		k := key(i)
		if i%4 == 3 {
			k = key(i - 2)
		}
		if r, ok := m.get(k); ok {
			if r.source != hit.source {
				t.Fatalf("query %d answered %+v", i, r)
			}
			answered++
			continue
		}
		m.put(string(k), hit)
	}
	if !m.on() || answered < batchMemoCap {
		t.Errorf("memo with a repeat in four: on %v, %d answers; want on, at least %d", m.on(), answered, batchMemoCap)
	}
}
