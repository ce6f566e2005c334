package main

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestCounterpartiesImportErrors: a bad file names the line and the column
// and records nothing; a good one upserts by id.
func TestCounterpartiesImportErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"bad country", "id,name,country\nC-1,Acme,CN\nC-2,Beta,Atlantis\n", []string{"cp.csv line 3 field \"country\"", "Atlantis"}},
		{"missing name", "id,name\nC-1,\n", []string{"cp.csv line 2 field \"name\": required"}},
		{"duplicate id", "id,name\nC-1,A\nC-1,B\n", []string{"cp.csv line 3 field \"id\"", "also on line 2"}},
		{"no id column", "name,country\nAcme,CN\n", []string{"cp.csv line 1 field \"id\""}},
		{"unknown column", "id,name,phone\nC-1,A,555\n", []string{"cp.csv line 1 field \"phone\": unknown column"}},
	}
	for _, tt := range tests {
		r := run(t, dir, "counterparties", "import", writeDoc(t, "cp.csv", tt.doc))
		if r.code == 0 {
			t.Errorf("%s: exit 0", tt.name)
		}
		for _, w := range append(tt.want, "nothing imported") {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tt.name, w, r.stderr)
			}
		}
	}
	if out := mustRun(t, dir, "counterparties", "list").stdout; !strings.Contains(out, "No counterparty") {
		t.Errorf("failed imports recorded counterparties:\n%s", out)
	}
	first := mustRun(t, dir, "counterparties", "import", writeDoc(t, "cp.csv", "id,name,country\nC-1,Acme,CN\nC-2,Beta,DE\n")).stdout
	second := mustRun(t, dir, "counterparties", "import", writeDoc(t, "cp.csv", "id,name,country\nC-2,Beta GmbH,DE\nC-1,Acme,China\nC-3,Gamma,\n")).stdout
	if !strings.Contains(first, "2 counterparties added, 0 updated, 0 unchanged") || !strings.Contains(second, "1 counterparties added, 1 updated, 1 unchanged") {
		t.Errorf("import outputs:\n%s\n%s", first, second)
	}
	if out := mustRun(t, dir, "counterparties", "list").stdout; !strings.Contains(out, "Beta GmbH") || strings.Count(out, "\n") != 4 {
		t.Errorf("counterparties list:\n%s", out)
	}
}

// TestCounterpartiesScreenAllowList: screening the registry opens cases;
// screening it again opens none, for the pairs still open and for those
// cleared; a counterparty whose details change is alerted again.
func TestCounterpartiesScreenAllowList(t *testing.T) {
	t.Parallel()
	dir := cslData(t)
	doc := "id,name,country,type\nC-1," + `"` + hikvisionName + `"` + ",CN,company\nC-2,Quillfeather Orchards Ltd,NZ,company\n"
	out := mustRun(t, dir, "counterparties", "import", "--screen", writeDoc(t, "cp.csv", doc)).stdout
	cs := byEntry(casesJSON(t, dir))
	el, ok := cs["C-1/EL"]
	if !ok || len(cs) != 2 || !strings.Contains(out, "2 cases opened") {
		t.Fatalf("screening on import: %v\n%s", keys(cs), out) // the Entity List and NS-CMIC entries
	}
	if _, ok := cs["C-2/EL"]; ok {
		t.Errorf("an ordinary company has a case")
	}
	mustRun(t, dir, "cases", "confirm", itoa(cs["C-1/CMIC"].ID), "--reason", "confirmed_match", "--by", "alice")
	mustRun(t, dir, "cases", "clear", itoa(el.ID), "--reason", "name_only_similarity", "--by", "alice")
	mustRun(t, dir, "cases", "approve", itoa(el.ID), "--by", "bob", "--comment", "checked the register")
	out = mustRun(t, dir, "counterparties", "screen", "--all").stdout
	if !strings.Contains(out, "Screened 2 counterparties: 2 hits from 0.70, 2 covered by closed cases, 0 cases opened") {
		t.Errorf("screening again:\n%s", out)
	}
	out = mustRun(t, dir, "counterparties", "screen").stdout
	if !strings.Contains(out, "Screened 0 counterparties") {
		t.Errorf("screening the unscreened when all are screened:\n%s", out)
	}
	mustRun(t, dir, "counterparties", "import", writeDoc(t, "cp.csv", "id,name,country,type\nC-1,\""+hikvisionName+"\",CN,person\n"))
	mustRun(t, dir, "counterparties", "screen")
	open := casesJSON(t, dir, "--state", "open")
	if len(open) != 2 || open[0].Trigger.Kind != clearance.TriggerSubjectChanged || !strings.Contains(open[0].Trigger.Message, `type "organization" -> "person"`) {
		t.Errorf("after C-1 changed its type: %+v", open)
	}
}

// TestCasesErrors: acting on an unknown case, with an unknown reason or on
// a closed case fails and says why.
func TestCasesErrors(t *testing.T) {
	t.Parallel()
	dir := cslData(t)
	mustRun(t, dir, "counterparties", "import", "--screen", writeDoc(t, "cp.csv", "id,name\nC-1,"+`"`+hikvisionName+`"`+"\n"))
	id := itoa(casesJSON(t, dir)[0].ID)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"cases", "clear", "999", "--reason", "name_only_similarity", "--by", "a"}, "no case 999"},
		{[]string{"cases", "clear", id, "--reason", "looks_fine", "--by", "a"}, `reason "looks_fine" does not mark a case cleared`},
		{[]string{"cases", "confirm", id, "--reason", "name_only_similarity", "--by", "a"}, "does not mark a case confirmed"},
		{[]string{"cases", "approve", id, "--by", "a"}, "awaits no approval"},
		{[]string{"cases", "list", "--state", "closed"}, "--state"},
		{[]string{"cases", "escalate", id, "--by", "a", "--expected-version", "5"}, "is at version 1, not 5"},
	} {
		r := run(t, dir, tt.args...)
		if r.code == 0 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.want)
		}
	}
	mustRun(t, dir, "cases", "assign", id, "--to", "b", "--expected-version", "1")
	if r := run(t, dir, "cases", "confirm", id, "--reason", "confirmed_match", "--by", "a", "--expected-version", "1"); r.code == 0 ||
		!strings.Contains(r.stderr, "changed since version 1") {
		t.Errorf("confirming a case that changed since it was read: %+v", r)
	}
	mustRun(t, dir, "cases", "confirm", id, "--reason", "confirmed_match", "--by", "a", "--expected-version", "2")
	r := run(t, dir, "cases", "escalate", id, "--by", "b")
	if r.code == 0 || !strings.Contains(r.stderr, "was confirmed by a") {
		t.Errorf("escalating a confirmed case: %+v", r)
	}
	if out := mustRun(t, dir, "cases", "reasons").stdout; !strings.Contains(out, "different_person_dob") || !strings.Contains(out, "confirmed_match") {
		t.Errorf("cases reasons:\n%s", out)
	}
}
