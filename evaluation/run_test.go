package evaluation

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// fixtureEntries are a few listed parties the fixture sets refer to.
func fixtureEntries() []*clearance.Entry {
	un := func(id, name string, birth string) *clearance.Entry {
		return &clearance.Entry{ID: "un-sc:UN:" + id, Source: clearance.SourceUN, List: clearance.ListUN, Kind: clearance.KindPerson,
			Name: name, Names: []clearance.Name{{Value: name, Kind: clearance.NamePrimary}}, Countries: []string{"CD"}, BirthDates: []string{birth}}
	}
	return []*clearance.Entry{
		un("CDi.001", "ERIC BADEGE", "1971"),
		un("CDi.002", "FRANK KAKOLELE BWAMBALE", "1974"),
		{ID: "us-csl:EL:hik", Source: clearance.SourceUSCSL, List: clearance.ListEntity, Kind: clearance.KindOrganization,
			Name: "Hangzhou Hikvision Digital Technology Co., Ltd.", Names: []clearance.Name{
				{Value: "Hangzhou Hikvision Digital Technology Co., Ltd.", Kind: clearance.NamePrimary},
				{Value: "Hikvision", Kind: clearance.NameAlias},
				{Value: "杭州海康威视数字技术股份有限公司", Kind: clearance.NameOriginal, Script: "Hans"}}},
		{ID: "us-ofac-sdn:SDN:1", Source: clearance.SourceOFACSDN, List: clearance.ListSDN, PartyRef: "ofac:1", Kind: clearance.KindPerson,
			Name: "PRIGOZHIN, Yevgeniy Viktorovich", Names: []clearance.Name{
				{Value: "PRIGOZHIN, Yevgeniy Viktorovich", Kind: clearance.NamePrimary},
				{Value: "Пригожин Евгений Викторович", Kind: clearance.NameAlias}}},
		{ID: "us-csl:SDN:1", Source: clearance.SourceUSCSL, List: clearance.ListSDN, PartyRef: "ofac:1", Kind: clearance.KindPerson,
			Name: "PRIGOZHIN, Yevgeniy Viktorovich", Names: []clearance.Name{{Value: "PRIGOZHIN, Yevgeniy Viktorovich", Kind: clearance.NamePrimary}}},
		{ID: "uk-ofsi:UK:1", Source: clearance.SourceUK, List: clearance.ListUK, Kind: clearance.KindOrganization,
			Name: "JOINT STOCK COMPANY ROSOBORONEXPORT", Names: []clearance.Name{{Value: "JOINT STOCK COMPANY ROSOBORONEXPORT", Kind: clearance.NamePrimary}}},
	}
}

// recorder is a Progress that counts what it is told.
type recorder struct {
	mu     sync.Mutex
	starts map[string]int
	added  int
	open   int
}

func (r *recorder) Start(set string, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.starts == nil {
		r.starts = map[string]int{}
	}
	r.starts[set] = total
	r.open++
}
func (r *recorder) Add(n int) { r.mu.Lock(); r.added += n; r.mu.Unlock() }
func (r *recorder) Finish()   { r.mu.Lock(); r.open--; r.mu.Unlock() }

func fixtureConfig(t *testing.T) (Config, *recorder) {
	t.Helper()
	entries := fixtureEntries()
	s, err := clearance.NewScreener(entries, []clearance.VersionRef{{Source: "test", Version: 1, Published: "2026-01-01"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/known_listed_fixture.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	labels, err := LoadKnownListed("known_listed_fixture.csv", f)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	return Config{
		Env:     Env{Screener: s, Options: match.DefaultOptions(), Workers: 3, Progress: rec, Verbose: true},
		EvalDir: "testdata/eval", DataDir: "testdata/data", Sets: AllSets, Labels: labels,
		Entries: func() ([]*clearance.Entry, error) { return entries, nil },
		Sample:  100, Seed: 1, Command: "clearance eval (test)",
	}, rec
}

func table(t *testing.T, s *SetReport, title string) Table {
	t.Helper()
	for _, tb := range s.Tables {
		if tb.Title == title {
			return tb
		}
	}
	t.Fatalf("set %s has no table %q", s.ID, title)
	return Table{}
}

func row(t *testing.T, tb Table, key string) Row {
	t.Helper()
	for _, r := range tb.Rows {
		if r.Key == key {
			return r
		}
	}
	if tb.Total != nil && tb.Total.Key == key {
		return *tb.Total
	}
	t.Fatalf("table %q has no row %q", tb.Title, key)
	return Row{}
}

// TestRunFixtures runs every set on the fixture files against a screener of
// a few entries. It checks what does not depend on the matcher's tuning:
// counts, the peer's figures, labels, notes, and that exact names are found.
func TestRunFixtures(t *testing.T) {
	cfg, rec := fixtureConfig(t)
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range rep.Sets {
		ids = append(ids, s.ID)
	}
	if strings.Join(ids, ",") != strings.Join(AllSets, ",") {
		t.Fatalf("sets %v, want %v", ids, AllSets)
	}
	if rep.Entries != 6 || rep.Threshold != 0.8 || rep.OptionsHash != match.DefaultOptions().Hash() || len(rep.Versions) != 1 {
		t.Errorf("report header: entries %d, threshold %v, hash %s, versions %v", rep.Entries, rep.Threshold, rep.OptionsHash, rep.Versions)
	}
	pairs, neg, un, comp, vars := rep.Sets[0], rep.Sets[1], rep.Sets[2], rep.Sets[3], rep.Sets[4]

	all := row(t, table(t, pairs, "Overall"), "all pairs")
	if all.C.N() != 8 || all.C.Positives() != 5 {
		t.Errorf("pairs: %+v, want 8 pairs, 5 matches", all.C)
	}
	if all.Peer == nil || *all.Peer != (Confusion{TP: 3, FP: 1, FN: 1, TN: 2}) {
		t.Errorf("peer on all pairs: %+v, want TP 3 FP 1 FN 1 TN 2 (the fixture's predicted_match)", all.Peer)
	}
	if r := row(t, table(t, pairs, "Overall"), "pairs the peer scored"); r.C.N() != 7 {
		t.Errorf("pairs the peer scored: %d, want 7", r.C.N())
	}
	if r := row(t, table(t, pairs, "By entity kind (schema)"), "Vessel"); r.C != (Confusion{TP: 1}) {
		t.Errorf("identical vessel names: %+v, want a true positive", r.C)
	}
	if r := row(t, table(t, pairs, "By script of the two names"), "Cyrl+Latn"); r.C.N() != 1 {
		t.Errorf("cross-script pairs: %+v", r.C)
	}
	if len(pairs.Notes) != 1 || !strings.Contains(pairs.Notes[0], "1 of the 8") {
		t.Errorf("pairs notes %q, want one on the pair the peer lacks", pairs.Notes)
	}

	if r := row(t, table(t, neg, "By file"), "all"); r.C.N() != 7 || r.C.Positives() != 0 {
		t.Errorf("negatives: %+v, want 7 names, none listed", r.C)
	}
	if len(neg.Notes) != 1 || !strings.Contains(neg.Notes[0], "Atlantis") {
		t.Errorf("negatives notes %q, want one on the unrecognised nationality", neg.Notes)
	}

	if r := row(t, table(t, un, "By file"), "untreated"); r.C != (Confusion{TP: 2}) {
		t.Errorf("UN untreated (names as listed): %+v, want both found", r.C)
	}
	if len(un.Targets) != 2 || un.Targets[0].Name != "UN recall, untreated" || un.Targets[0].Goal != 0.98 || un.Targets[1].Goal != 0.95 {
		t.Errorf("UN targets %+v", un.Targets)
	}

	byFile := table(t, comp, "By source")
	if r := row(t, byFile, "SEC EDGAR issuers"); r.C.N() != 3 {
		t.Errorf("SEC names %d, want 3 (a duplicate title dropped)", r.C.N())
	}
	if r := row(t, byFile, "IEEE OUI registrants"); r.C.N() != 3 || r.C.TP != 1 {
		t.Errorf("OUI names %+v, want 3 (duplicate and Private dropped) with the labelled Hikvision found", r.C)
	}
	if len(comp.Notes) != 1 || !strings.Contains(comp.Notes[0], "Not In The Set Ltd") {
		t.Errorf("companies notes %q, want one on the stale label", comp.Notes)
	}

	if r := row(t, table(t, vars, "By variant"), "exact"); r.C.N() != 6 || r.C.TP != 6 {
		t.Errorf("exact names (the control): %+v, want all 6 found", r.C)
	}
	if r := row(t, table(t, vars, "By variant"), "original-script"); r.C.N() != 2 {
		t.Errorf("original-script variants: %d, want 2 (Hikvision's Chinese name, Prigozhin's Cyrillic one)", r.C.N())
	}
	if tot := table(t, vars, "By variant").Total; tot == nil || tot.C.N() == 0 {
		t.Errorf("variants total %+v", tot)
	}

	if len(rep.Targets()) != 6 {
		t.Errorf("%d targets, want 6", len(rep.Targets()))
	}
	if rec.open != 0 || rec.starts["pairs"] != 8 || rec.starts["negatives: US Congress"] != 2 || rec.added == 0 {
		t.Errorf("progress: %+v", rec)
	}
	var text, md strings.Builder
	if err := WriteText(&text, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{text.String(), md.String()} {
		if !strings.Contains(out, "clearance eval (test)") || !strings.Contains(out, "UN recall, treated") {
			t.Errorf("report lacks the command or a target:\n%s", out)
		}
	}
}

func TestRunErrors(t *testing.T) {
	cfg, _ := fixtureConfig(t)
	cfg.Sets = []string{"pairs", "bogus"}
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "bogus") {
		t.Errorf("Run with an unknown set: %v", err)
	}

	// A malformed file stops the run with its name and line.
	dir := t.TempDir()
	for _, rel := range []string{PairsFile, PeerFile} {
		b, err := os.ReadFile(filepath.Join("testdata/eval", rel))
		if err != nil {
			t.Fatal(err)
		}
		if rel == PairsFile {
			b = append(b, "g,Person,a,b,perhaps,,,\n"...)
		}
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, b, 0o600)
	}
	cfg.Sets, cfg.EvalDir = []string{SetPairs}, dir
	_, err := Run(context.Background(), cfg)
	wantErr(t, "Run on a malformed cases.csv", err, "cases.csv", "line 10", "is_match")

	cfg.Sets, cfg.EvalDir = []string{SetUN}, filepath.Join(dir, "nowhere")
	_, err = Run(context.Background(), cfg)
	wantErr(t, "Run on a missing directory", err, "positives_un_untreated.csv")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cfg, _ = fixtureConfig(t)
	cfg.Sets = []string{SetNegatives}
	if _, err := Run(ctx, cfg); err == nil {
		t.Error("Run with a cancelled context: no error")
	}
}

func TestInputs(t *testing.T) {
	got := Inputs(AllSets, "E", "D")
	if len(got) != 9 || got[0] != filepath.Join("E", "nomenklatura_name_bench", "cases.csv") || got[7] != filepath.Join("D", "negatives", "sec_edgar_company_tickers", "company_tickers_2024-05.json") {
		t.Errorf("Inputs = %q", got)
	}
	for _, p := range Inputs(AllSets, "testdata/eval", "testdata/data") {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("fixture %s: %v", p, err)
		}
	}
}
