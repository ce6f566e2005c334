package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// A counterparty of the registry, owned by Hikvision's Entity List entry
// named by its id, and its subsidiary named by name.
const (
	northwindID  = "CP-NW"
	northwind    = "Northwind Vision Components Co., Ltd."
	northwindSub = "Northwind Vision Europe B.V."
)

// refsData returns the ownership scenario's data with the counterparty in
// the registry, and the id of Hikvision's Entity List entry.
func refsData(t *testing.T) (dir, hikEntry string) {
	t.Helper()
	dir = ownershipData(t)
	mustRun(t, dir, "counterparties", "import", "--by", "onboarding",
		writeDoc(t, "registry.csv", "id,name,country,address,type\n"+northwindID+",\""+northwind+"\",CN,,company\n"))
	h := findHit(screenJSON(t, dir, hikvisionName), clearance.ListEntity)
	if h == nil {
		t.Fatal("no Entity List hit for Hikvision")
	}
	return dir, h.EntryID
}

// TestOwnershipRefs: an unknown counterparty or entry id is named by file,
// line and field, in CSV and JSON, and a file with one imports nothing;
// known ids import, in any case of the prefix, and are judged as the
// counterparty and the entry they name.
func TestOwnershipRefs(t *testing.T) {
	t.Parallel()
	dir, hikEntry := refsData(t)
	const header = "owner,owned,percent,as_of,source\n"
	malformed := writeDoc(t, "malformed.csv", header+"counterparty:,X,100,2025-06-30,registry\n")
	if r := run(t, dir, "ownership", "import", malformed); r.code == 0 ||
		!strings.Contains(r.stderr, malformed+` line 2 field "owner": "counterparty:" names no counterparty id`) {
		t.Errorf("a reference without an id: exit %d, stderr %q", r.code, r.stderr)
	}
	bad := writeDoc(t, "bad.csv", header+
		"entry:"+hikEntry+",counterparty:"+northwindID+",60,2025-06-30,registry\n"+
		"entry:no-such-entry,"+northwindSub+",10,2025-06-30,registry\n"+
		"counterparty:"+northwindID+",counterparty:CP-404,100,2025-06-30,registry\n")
	r := run(t, dir, "ownership", "import", bad)
	for _, want := range []string{
		bad + ` line 3 field "owner": no entry of the active lists has the id "no-such-entry"`,
		bad + ` line 4 field "owned": no counterparty has the id "CP-404"`,
	} {
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("unknown ids: exit %d, stderr %q, want %q", r.code, r.stderr, want)
		}
	}
	if strings.Contains(r.stderr, "line 2") {
		t.Errorf("a known id reported: %s", r.stderr)
	}
	badJSON := writeDoc(t, "bad.json", `[{"owner":"Entry:`+hikEntry+`","owned":"counterparty:CP-405","percent":60,"as_of":"2025-06-30","source":"registry"}]`)
	if r := run(t, dir, "ownership", "import", badJSON); r.code == 0 || !strings.Contains(r.stderr, badJSON+`: [0].owned: no counterparty has the id "CP-405"`) {
		t.Errorf("unknown id in JSON: exit %d, stderr %q", r.code, r.stderr)
	}
	good := writeDoc(t, "good.csv", header+
		"Entry: "+hikEntry+",COUNTERPARTY:"+northwindID+",60,2025-06-30,registry\n"+
		"counterparty:"+northwindID+","+northwindSub+",100,2025-06-30,registry\n")
	out := mustRun(t, dir, "ownership", "import", good).stdout
	for _, want := range []string{"Imported 2 edges", "2 new, 0 already on file", northwind + ": now ", northwindSub + ": now "} {
		if !strings.Contains(out, want) {
			t.Errorf("ownership import of known ids prints no %q:\n%s", want, out)
		}
	}
	if out := mustRun(t, dir, "ownership", "import", writeDoc(t, "again.csv", header+
		"entry:"+hikEntry+",counterparty:"+northwindID+",60,2025-06-30,registry\n")).stdout; !strings.Contains(out, "0 new, 1 already on file") {
		t.Errorf("the references are not stored in one spelling: %s", out)
	}

	// The counterparty named by id is the counterparty: checked by id or
	// name it shows the chain to the entry, and an order to it, or to its
	// subsidiary, is blocked as Hikvision's would be.
	for _, party := range []string{"counterparty:" + northwindID, northwind} {
		var rep clearance.OwnershipReport
		out := mustRun(t, dir, "ownership", "check", "--json", "--as-of", "2026-11-30", party).stdout
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if !rep.Restricted || rep.Party != northwind || rep.RuleID != "bis-affiliates" || len(rep.Chain) != 1 ||
			rep.Chain[0].Owner != "entry:"+hikEntry || len(rep.Chain[0].Listings) != 1 ||
			rep.Chain[0].Listings[0].EntryID != hikEntry || rep.Chain[0].Listings[0].Score != 1 {
			t.Errorf("ownership check %s = %+v, want restricted via Hikvision's entry", party, rep)
		}
		if wantID := strings.HasPrefix(party, "counterparty:"); (rep.CounterpartyID == northwindID) != wantID {
			t.Errorf("ownership check %s names counterparty %q", party, rep.CounterpartyID)
		}
	}
	out = mustRun(t, dir, "ownership", "check", "--as-of", "2026-11-30", "counterparty:"+northwindID).stdout
	for _, want := range []string{northwind + " (counterparty " + northwindID + ") as of 2026-11-30: RESTRICTED under the BIS Affiliates Rule",
		northwind + " <- entry:" + hikEntry + " 60%", `EL "` + hikvisionName + `" (` + hikEntry + ", score 1.00)"} {
		if !strings.Contains(out, want) {
			t.Errorf("ownership check by id prints no %q:\n%s", want, out)
		}
	}
	if r := run(t, dir, "ownership", "check", "counterparty:CP-404"); r.code == 0 || !strings.Contains(r.stderr, "CP-404") {
		t.Errorf("check of an unknown counterparty: exit %d, %q", r.code, r.stderr)
	}

	for _, party := range []string{northwind, northwindSub} {
		d := decisionJSON(t, dir, "order", "check", orderDoc(t, "PO-NW", "2026-11-30", "CN", "EAR99", 10, "end_user", party, "CN"))
		r := reasonFor(t, d, clearance.ListEntity)
		if d.Outcome != clearance.Blocked || r.EntryID != hikEntry || r.Ownership == nil || !strings.Contains(r.Message, "Restricted by ownership under the BIS Affiliates Rule") {
			t.Errorf("order to %s = %s, reason %+v; want blocked as Hikvision", party, d.Outcome, r)
		}
	}
	if d := decisionJSON(t, dir, "order", "check", orderDoc(t, "PO-NW2", "2026-01-15", "CN", "EAR99", 10, "end_user", northwind, "CN")); d.Outcome != clearance.Clear {
		t.Errorf("order to the counterparty during the suspension = %s, want clear", d.Outcome)
	}
}
