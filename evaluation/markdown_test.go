package evaluation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReplaceSection(t *testing.T) {
	doc := "# Quality\n\nHand-written intro.\n\n" + BeginMarker + "\nold figures\n" + EndMarker + "\n\n## Notes\n\nKeep me.\n"
	out, err := ReplaceSection([]byte(doc), "\nnew figures\n\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "# Quality\n\nHand-written intro.\n\n" + BeginMarker + "\nnew figures\n" + EndMarker + "\n\n## Notes\n\nKeep me.\n"
	if string(out) != want {
		t.Errorf("ReplaceSection =\n%s\nwant\n%s", out, want)
	}
	again, err := ReplaceSection(out, "new figures")
	if err != nil || string(again) != want {
		t.Errorf("ReplaceSection is not idempotent:\n%s\n%v", again, err)
	}
	for name, bad := range map[string]string{
		"no markers":     "# Quality\n",
		"no end":         BeginMarker + "\n",
		"two begins":     BeginMarker + BeginMarker + EndMarker,
		"end then begin": EndMarker + "\n" + BeginMarker,
	} {
		if _, err := ReplaceSection([]byte(bad), "x"); err == nil {
			t.Errorf("ReplaceSection(%s): no error", name)
		}
	}
}

func sampleReport() *Report {
	return &Report{
		Command: "clearance eval --sets pairs,negatives", Threshold: 0.8, OptionsHash: "abc123", Algorithm: "test-1",
		Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Entries: 3,
		Sets: []*SetReport{{
			ID: "pairs", Title: "Pairs", Description: "Some pairs.",
			Tables: []Table{{Title: "Overall", By: "set", Layout: LayoutPRF,
				Rows: []Row{{Key: "all | pairs", C: Confusion{TP: 9, FP: 1, FN: 1, TN: 9}, Peer: &Confusion{TP: 8, FP: 2, FN: 2, TN: 8}}}},
				{Title: "Every category", By: "category", Layout: LayoutPRF, Detail: true, Rows: []Row{{Key: "k", C: Confusion{TP: 1}}}}},
			Targets:  []Target{newTarget("pairs", "pairs F1", "f1", 0.9, 0.9, false, 20)},
			Notes:    []string{"A note."},
			Examples: []Example{{What: "FP", Query: "a `b`", Score: 0.91, Detail: "why"}},
		}, {
			ID: "negatives", Title: "Negatives", Description: "Some people.",
			Tables:  []Table{{Title: "By file", By: "file", Layout: LayoutAlerts, Rows: []Row{{Key: "f", C: Confusion{FP: 1, TN: 199}}}}},
			Targets: []Target{newTarget("negatives", "alerting", "alert_rate", 0.005, 0.005, true, 200)},
		}},
	}
}

func TestWriteMarkdown(t *testing.T) {
	var b strings.Builder
	if err := WriteMarkdown(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "Every category") {
		t.Errorf("WriteMarkdown shows a detail table:\n%s", out)
	}
	for _, want := range []string{
		"### Targets", "### Pairs", "`clearance eval --sets pairs,negatives`", "2026-01-02", "`abc123`",
		"| pairs F1 | 20 | 0.900 | >= 0.90 | **PASS** |",
		"| alerting | 200 | 0.50% (5.0 per 1,000) | <= 0.5% | **PASS** |",
		`| all \| pairs | 20 | 9 | 1 | 1 | 9 | 0.900 | 0.900 | 0.900 | 20 | 0.800 | 0.800 | 0.800 |`,
		"| f | 200 | 200 | 1 | 5.0 | 0.50% |",
		"Note: A note.", "0.910 `a 'b'`: why",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("WriteMarkdown output lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteText(t *testing.T) {
	var b strings.Builder
	if err := WriteText(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"== Pairs ==", "precision", "peer F1", "PASS", "False positives (FP): 1", "Note: A note.", "Every category"} {
		if !strings.Contains(out, want) {
			t.Errorf("WriteText output lacks %q:\n%s", want, out)
		}
	}
	// Columns line up: every line of a table has the same width.
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "  set ") {
			if len([]rune(lines[i+1])) != len([]rune(l)) {
				t.Errorf("table rows not aligned:\n%s\n%s", l, lines[i+1])
			}
		}
	}
}

func TestUpdateMarkdownFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "quality.md")
	if err := UpdateMarkdownFile(p, sampleReport()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), BeginMarker) || !strings.Contains(string(b), "pairs F1") || !strings.Contains(string(b), "## Notes") {
		t.Errorf("new document:\n%s", b)
	}
	// Hand-written text around the markers survives a rewrite.
	edited := strings.Replace(string(b), "## Notes\n", "## Notes\n\nThe pairs need more Chinese.\n", 1)
	if err := os.WriteFile(p, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := sampleReport()
	rep.Sets[0].Targets[0].Value = 0.5
	if err := UpdateMarkdownFile(p, rep); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(p)
	if !strings.Contains(string(b), "The pairs need more Chinese.") || !strings.Contains(string(b), "| 0.500 |") || strings.Contains(string(b), "| 0.900 | >= 0.90") {
		t.Errorf("rewritten document:\n%s", b)
	}
	// A file without markers is not touched.
	plain := filepath.Join(dir, "plain.md")
	os.WriteFile(plain, []byte("# Hand-written only\n"), 0o600)
	if err := UpdateMarkdownFile(plain, rep); err == nil || !strings.Contains(err.Error(), "plain.md") {
		t.Errorf("UpdateMarkdownFile without markers: %v, want an error naming the file", err)
	}
	if b, _ := os.ReadFile(plain); string(b) != "# Hand-written only\n" {
		t.Errorf("file without markers changed: %q", b)
	}
}

func TestPlural(t *testing.T) {
	for in, want := range map[string]string{"FP": "False positives (FP)", "miss": "Misses", "miss (typo-1)": "Misses (typo-1)", "false alert": "False alerts"} {
		if got := plural(in); got != want {
			t.Errorf("plural(%q) = %q, want %q", in, got, want)
		}
	}
}
