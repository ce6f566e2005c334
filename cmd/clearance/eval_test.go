package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance/evaluation"
)

// Fixture sets of the evaluation package: small, in the layout of ../shared.
var (
	fixtureEvalDir = filepath.Join("..", "..", "evaluation", "testdata", "eval")
	fixtureDataDir = filepath.Join("..", "..", "evaluation", "testdata", "data")
)

func evalArgs(extra ...string) []string {
	return append([]string{"eval", "--eval-dir", fixtureEvalDir, "--data-dir", fixtureDataDir, "--sample", "25"}, extra...)
}

// TestEval runs the eval command end to end on the fixture sets against the
// shipped lists: it prints every set and target, writes the figures between
// the markers of a Markdown file and keeps the text around them.
func TestEval(t *testing.T) {
	dir := shippedData(t)
	doc := filepath.Join(t.TempDir(), "quality.md")
	hand := "# Quality\n\nHand-written intro.\n\n" + evaluation.BeginMarker + "\nstale\n" + evaluation.EndMarker + "\n\n## Notes\n\nKeep this note.\n"
	if err := os.WriteFile(doc, []byte(hand), 0o600); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, dir, evalArgs("--write", doc)...)
	for _, want := range []string{"Name pairs", "Persons who are not listed", "UN Security Council persons", "Real company names",
		"Variants generated", "Targets", "pairs F1", "UN recall, untreated", "real company names alerting", "generated variants recall",
		"PASS", "un-sc v1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "eval: pairs: 8") || !strings.Contains(r.stderr, "Wrote the figures to") {
		t.Errorf("eval stderr (progress lines when not a terminal):\n%s", r.stderr)
	}
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	for _, want := range []string{"Hand-written intro.", "Keep this note.", "| target | n | measured | goal | verdict |",
		"clearance eval --eval-dir " + fixtureEvalDir + " --data-dir " + fixtureDataDir + " --sample 25 --write " + doc} {
		if !strings.Contains(md, want) {
			t.Errorf("quality.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "stale") {
		t.Errorf("quality.md kept the old section:\n%s", md)
	}
}

func TestEvalJSON(t *testing.T) {
	dir := shippedData(t)
	r := mustRun(t, dir, evalArgs("--json", "--sets", "companies,un", "--threshold", "0.85", "--verbose")...)
	var rep evaluation.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("eval --json output is not JSON: %v\n%s", err, r.stdout)
	}
	if len(rep.Sets) != 2 || rep.Sets[0].ID != "un" || rep.Sets[1].ID != "companies" {
		t.Fatalf("sets %+v, want un then companies", rep.Sets)
	}
	if rep.Threshold != 0.85 || !strings.Contains(rep.Command, "--threshold 0.85") || !strings.Contains(rep.Command, "--sets companies,un") {
		t.Errorf("threshold %v, command %q", rep.Threshold, rep.Command)
	}
	// The fixture's Hikvision registrant is in the pinned labels: a
	// positive, found on its Entity List entry, not a false alert.
	for _, tb := range rep.Sets[1].Tables {
		if tb.By != "source" {
			continue
		}
		for _, row := range tb.Rows {
			if row.Key == "IEEE OUI registrants" && (row.C.Positives() != 1 || row.C.TP != 1) {
				t.Errorf("OUI fixture: %+v, want the labelled Hikvision name found", row.C)
			}
		}
	}
}

func TestEvalErrors(t *testing.T) {
	dir := shippedData(t)
	badLabels := filepath.Join(t.TempDir(), "labels.csv")
	os.WriteFile(badLabels, []byte("name,set,listed_entry_name,reason\nAcme,nyse,Acme,r\n"), 0o600)
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"missing eval dir", []string{"eval", "--eval-dir", "/nonexistent/eval", "--sets", "pairs"}, 1,
			[]string{"/nonexistent/eval", "cases.csv", "--eval-dir"}},
		{"unknown set", evalArgs("--sets", "pairs,bogus"), 2, []string{"bogus"}},
		{"bad labels", evalArgs("--known-listed", badLabels, "--sets", "companies"), 1, []string{"labels.csv", "line 2", "nyse"}},
		{"bad threshold", evalArgs("--threshold", "1.5"), 1, []string{"--threshold"}},
		{"bad sample", evalArgs("--sample", "0"), 1, []string{"--sample"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, dir, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", r.code, tt.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

func TestEvalEnvDirs(t *testing.T) {
	dir := shippedData(t)
	t.Setenv("CLEARANCE_EVAL_DIR", "/from/env/eval")
	r := run(t, dir, "eval", "--sets", "negatives")
	if r.code != 1 || !strings.Contains(r.stderr, "/from/env/eval") {
		t.Errorf("CLEARANCE_EVAL_DIR not used: exit %d\n%s", r.code, r.stderr)
	}
	t.Setenv("CLEARANCE_EVAL_DATA_DIR", fixtureDataDir)
	r = mustRun(t, dir, "eval", "--sets", "companies")
	if !strings.Contains(r.stdout, "Real company names") || !strings.Contains(r.stdout, "--data-dir "+fixtureDataDir) {
		t.Errorf("CLEARANCE_EVAL_DATA_DIR not used:\n%s", r.stdout)
	}
}
