package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/defaultdata"
)

// result is what one run of the command printed.
type result struct {
	stdout, stderr string
	code           int
}

// run executes the command line with its own data directory.
func run(t *testing.T, dataDir string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"--data", dataDir}, args...), &out, &errb)
	return result{out.String(), errb.String(), code}
}

func mustRun(t *testing.T, dataDir string, args ...string) result {
	t.Helper()
	r := run(t, dataDir, args...)
	if r.code != 0 {
		t.Fatalf("clearance %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// sharedData is a data directory built once per test binary; each test
// works in its own copy.
type sharedData struct {
	once sync.Once
	dir  string
	err  error
}

// copy returns a fresh copy of the directory, built by build the first time.
func (s *sharedData) copy(t *testing.T, build func(dir string) error) string {
	t.Helper()
	s.once.Do(func() {
		if s.dir, s.err = os.MkdirTemp("", "clearance-test-"); s.err == nil {
			s.err = build(s.dir)
		}
	})
	if s.err != nil {
		t.Fatal(s.err)
	}
	return copyData(t, s.dir)
}

var shipped sharedData

// shippedData returns a fresh data directory holding the shipped snapshot,
// copied from one imported once per test binary (the import takes seconds).
func shippedData(t *testing.T) string {
	t.Helper()
	return shipped.copy(t, func(dir string) error {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), []string{"--data", dir, "lists"}, &out, &errb); code != 0 {
			return &clearance.Error{Message: "bootstrap failed: " + errb.String()}
		}
		return nil
	})
}

// copyData returns a new temporary data directory holding a copy of the
// database in dir.
func copyData(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	b, err := os.ReadFile(filepath.Join(dir, "clearance.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "clearance.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMain(m *testing.M) {
	if args := os.Getenv(childArgsEnv); args != "" {
		runChild(args) // a child process of a kill test; never returns
	}
	if args := os.Getenv(monitorChildArgs); args != "" {
		os.Exit(runMonitorChild(args)) // a test started this binary as the command, to kill it
	}
	code := m.Run()
	for _, dir := range []string{shipped.dir, csl.dir, owned.dir, before2019.dir} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// screenJSON screens a name and decodes the JSON output.
func screenJSON(t *testing.T, dir string, args ...string) clearance.Screening {
	t.Helper()
	r := mustRun(t, dir, append([]string{"screen", "--json"}, args...)...)
	var s clearance.Screening
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("screen --json output is not JSON: %v\n%s", err, r.stdout)
	}
	return s
}

func findHit(s clearance.Screening, list clearance.ListCode) *clearance.Hit {
	for i := range s.Hits {
		if s.Hits[i].List == list {
			return &s.Hits[i]
		}
	}
	return nil
}

// TestScreenHikvision is the scenario of the lists issue: on the shipped data
// with no set-up, screening Hikvision finds the Entity List entry of 84 FR
// 54002 with its licence terms, and separately Treasury's NS-CMIC entry.
func TestScreenHikvision(t *testing.T) {
	dir := shippedData(t)
	for _, name := range []string{"Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd."} {
		s := screenJSON(t, dir, name)
		el := findHit(s, clearance.ListEntity)
		if el == nil {
			t.Fatalf("screen %q: no Entity List hit in %+v", name, s.Hits)
		}
		if el.EntryName != "Hangzhou Hikvision Digital Technology Co., Ltd." {
			t.Errorf("screen %q: entry_name = %q", name, el.EntryName)
		}
		if el.Source != "Entity List (EL) - Bureau of Industry and Security" {
			t.Errorf("screen %q: source = %q", name, el.Source)
		}
		if !strings.HasPrefix(el.LicenseRequirement, "For all items subject to the EAR") {
			t.Errorf("screen %q: license_requirement = %q", name, el.LicenseRequirement)
		}
		if !strings.Contains(el.LicensePolicy, "Case-by-case review for ECCNs 1A004.c") || !strings.Contains(el.LicensePolicy, "presumption of denial for all other items") {
			t.Errorf("screen %q: license_policy = %q", name, el.LicensePolicy)
		}
		if el.FederalRegisterNotice != "84 FR 54002; 85 FR 44159" {
			t.Errorf("screen %q: federal_register_notice = %q", name, el.FederalRegisterNotice)
		}
		if el.StartDate != "2019-10-09" || len(el.Addresses) != 3 || !contains(el.Aliases, "Hikvision") {
			t.Errorf("screen %q: start %q, addresses %q, aliases %q", name, el.StartDate, el.Addresses, el.Aliases)
		}
		if el.Score < 0.99 {
			t.Errorf("screen %q: Entity List score %.3f, want >= 0.99", name, el.Score)
		}
		cmic := findHit(s, clearance.ListCMIC)
		if cmic == nil || cmic.EntryID == el.EntryID || !strings.Contains(cmic.Source, "(CMIC)") {
			t.Errorf("screen %q: want a separate NS-CMIC hit, got %+v", name, cmic)
		}
	}
	// The human-readable form shows the same facts.
	r := mustRun(t, dir, "screen", "Hikvision")
	for _, want := range []string{"Entity List (EL)", "For all items subject to the EAR", "84 FR 54002; 85 FR 44159", "presumption of denial", "2019-10-09", "Hikvision"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("screen Hikvision output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// rule84FR54002 returns the CSL ids and names of the 28 entries of the rule.
func rule84FR54002(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("testdata/84fr54002.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[0]] = r[1]
	}
	if len(out) != 28 {
		t.Fatalf("testdata lists %d entries, want 28", len(out))
	}
	return out
}

// shippedCSL returns the shipped CSL, decompressed.
func shippedCSL(t *testing.T) []byte {
	t.Helper()
	f, err := defaultdata.FS().Open("files/us-csl/consolidated.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(gz)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeCSLWithout writes the CSL minus the rows whose _id is in drop.
func writeCSLWithout(t *testing.T, path string, drop map[string]string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(shippedCSL(t)))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	dropped := 0
	for _, row := range rows {
		if _, ok := drop[row[0]]; ok {
			dropped++
			continue
		}
		w.Write(row)
	}
	w.Flush()
	if dropped != len(drop) {
		t.Fatalf("dropped %d rows, want %d", dropped, len(drop))
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Test2019RuleDelta imports a CSL version without the 28 entries of 84 FR
// 54002, then the real one, and checks the delta is exactly those 28.
func Test2019RuleDelta(t *testing.T) {
	dir := shippedData(t)
	rule := rule84FR54002(t)
	before := filepath.Join(t.TempDir(), "consolidated-before.csv")
	writeCSLWithout(t, before, rule)
	real := filepath.Join(t.TempDir(), "consolidated.csv")
	if err := os.WriteFile(real, shippedCSL(t), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "lists", "import", "--format", "csl", before)
	// Before the rule: Hikvision is on NS-CMIC only (the CSL of 2022 has it), not on the Entity List.
	if el := findHit(screenJSON(t, dir, "Hikvision"), clearance.ListEntity); el != nil {
		t.Fatalf("before the rule, screening Hikvision found Entity List entry %s", el.EntryID)
	}
	r := mustRun(t, dir, "lists", "import", "--format", "csl", real)
	if !strings.Contains(r.stdout, "28 added, 0 removed, 0 changed") {
		t.Errorf("import output does not report the delta:\n%s", r.stdout)
	}
	var d clearance.Delta
	out := mustRun(t, dir, "lists", "diff", "--json", "us-csl", "2", "3").stdout
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("diff --json: %v\n%s", err, out)
	}
	if len(d.Added) != 28 || len(d.Removed) != 0 || len(d.Changed) != 0 {
		t.Fatalf("delta v2->v3: %d added, %d removed, %d changed; want 28, 0, 0", len(d.Added), len(d.Removed), len(d.Changed))
	}
	want := map[string]bool{}
	for _, n := range rule {
		want[n] = true
	}
	for _, e := range d.Added {
		if !want[e.Name] || e.List != clearance.ListEntity || e.StartDate != "2019-10-09" {
			t.Errorf("added entry %s %q [%s] start %s is not one of the rule's", e.ID, e.Name, e.List, e.StartDate)
		}
		delete(want, e.Name)
	}
	if len(want) > 0 {
		t.Errorf("missing from the delta: %v", want)
	}
	// The human-readable diff of the active version against its predecessor.
	txt := mustRun(t, dir, "lists", "diff", "us-csl").stdout
	if !strings.Contains(txt, "28 added, 0 removed, 0 changed") || !strings.Contains(txt, "Hangzhou Hikvision Digital Technology Co., Ltd.") {
		t.Errorf("lists diff output:\n%s", txt)
	}
	if el := findHit(screenJSON(t, dir, "Hikvision"), clearance.ListEntity); el == nil {
		t.Errorf("after the rule, screening Hikvision finds no Entity List entry")
	}
}
