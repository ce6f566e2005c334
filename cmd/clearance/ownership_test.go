package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
)

// The ownership scenario on the shipped CSL: a company 60% owned by
// Hikvision (Entity List), one 50% owned by an SDN (Banco Nacional de
// Cuba, under the Cuba programme, which the Affiliates Rule does not
// reach but OFAC's rule does), and one in which Hikvision holds a stake of
// unknown size.
const (
	westlake  = "Westlake Optics Trading Co., Ltd."
	caribe    = "Caribe Trade Finance Holdings S.A."
	lakeshore = "Lakeshore Imaging GmbH"
	edgesCSV  = "owner,owned,percent,as_of,source\n" +
		`"` + hikvisionName + `","` + westlake + `",60,2025-06-30,company registry` + "\n" +
		"Banco Nacional de Cuba," + caribe + ",50,2025-06-30,company registry\n" +
		`"` + hikvisionName + `",` + lakeshore + ",unknown,2025-06-30,vendor\n" +
		`"` + westlake + `",Westlake Optics Europe B.V.,100,2025-06-30,vendor` + "\n"
)

var (
	owned sharedData
	// ownedImport is what importing the scenario's edges printed.
	ownedImport string
)

// ownershipData returns a data directory with the CSL and the scenario's
// edges imported, copied from one imported once per test binary.
func ownershipData(t *testing.T) string {
	t.Helper()
	csl := cslData(t)
	return owned.copy(t, func(dir string) error {
		b, err := os.ReadFile(filepath.Join(csl, "clearance.db"))
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "clearance.db"), b, 0o600)
		}
		if err != nil {
			return err
		}
		var out, errb bytes.Buffer
		if code := Run(context.Background(), []string{"--data", dir, "ownership", "import", writeDoc(t, "edges.csv", edgesCSV)}, &out, &errb); code != 0 {
			return fmt.Errorf("ownership import: exit %d: %s", code, errb.String())
		}
		ownedImport = out.String()
		return nil
	})
}

// TestOwnershipImportReport: importing edges prints the parties whose
// standing they change.
func TestOwnershipImportReport(t *testing.T) {
	t.Parallel()
	ownershipData(t)
	for _, want := range []string{"Imported 4 edges", "4 new, 0 already on file",
		westlake + ": now restricted under the BIS Affiliates Rule (was clear)",
		caribe + ": now restricted under the OFAC 50 Percent Rule", lakeshore + ": now undetermined"} {
		if !strings.Contains(ownedImport, want) {
			t.Errorf("ownership import prints no %q:\n%s", want, ownedImport)
		}
	}
}

// TestOwnershipOrders: an order to Hikvision's affiliate is blocked while
// the Affiliates Rule is in force, with the chain in the reason, and not
// during its suspension; an SDN's affiliate is blocked; a stake of unknown
// size holds the order.
func TestOwnershipOrders(t *testing.T) {
	t.Parallel()
	dir := ownershipData(t)
	d := decisionJSON(t, dir, "order", "check", orderDoc(t, "PO-A1", "2026-11-30", "CN", "EAR99", 10, "end_user", westlake, "CN"))
	r := reasonFor(t, d, clearance.ListEntity)
	if d.Outcome != clearance.Blocked || r.Effect != clearance.Blocked || r.Party != westlake || r.EntryName != hikvisionName ||
		r.ReviewPolicy != "presumption of denial" || !strings.Contains(r.FederalRegister, "84 FR 54002") {
		t.Fatalf("EAR99 to Hikvision's affiliate on 2026-11-30 = %s, reason %+v; want blocked as Hikvision", d.Outcome, r)
	}
	if r.Ownership == nil || len(r.Ownership.Chain) != 1 || r.Ownership.Chain[0].Owner != hikvisionName ||
		r.Ownership.Chain[0].Listings[0].Score < 0.99 || !strings.Contains(r.Message, "Restricted by ownership under the BIS Affiliates Rule: "+
		westlake+": 60% owned directly by "+hikvisionName+", Entity List, 84 FR 54002") || !strings.HasPrefix(d.Ownership, "clearance-ownership-1; 4 edges") {
		t.Errorf("the reason does not carry the chain: %q, %+v, recorded with %q", r.Message, r.Ownership, d.Ownership)
	}

	d = decisionJSON(t, dir, "order", "check", orderDoc(t, "PO-A2", "2026-01-15", "CN", "EAR99", 10, "end_user", westlake, "CN"))
	if r := reasonFor(t, d, clearance.ListEntity); d.Outcome != clearance.Clear || !strings.Contains(r.Message, "Not applied: BIS Affiliates Rule is suspended from 2025-11-10 to 2026-11-09") {
		t.Errorf("the same order on 2026-01-15 = %s (%q), want clear: the Affiliates Rule is suspended", d.Outcome, r.Message)
	}

	d = decisionJSON(t, dir, "order", "check", orderDoc(t, "PO-A3", "2026-11-30", "PA", "EAR99", 1, "purchaser", caribe, "PA"))
	if r := reasonFor(t, d, clearance.ListSDN); d.Outcome != clearance.Blocked || r.EntryName != "BANCO NACIONAL DE CUBA" ||
		!strings.Contains(r.Message, "under the OFAC 50 Percent Rule: "+caribe+": 50% owned directly by Banco Nacional de Cuba, SDN List [CUBA]") {
		t.Errorf("an order to a company 50%% owned by an SDN = %s, %q; want blocked", d.Outcome, r.Message)
	}

	d = decisionJSON(t, dir, "order", "check", orderDoc(t, "PO-A4", "2026-11-30", "DE", "EAR99", 1, "end_user", lakeshore, "DE"))
	if r := reasonFor(t, d, clearance.ListEntity); d.Outcome != clearance.Hold || !strings.Contains(r.Message, "Red Flag 29") ||
		!strings.Contains(r.Message, "holds a stake of unknown size") {
		t.Errorf("an order to a company Hikvision holds an unknown stake in = %s, %q; want hold", d.Outcome, r.Message)
	}

	out := mustRun(t, dir, "order", "check", orderDoc(t, "PO-A5", "2026-11-30", "NL", "EAR99", 1, "end_user", "Westlake Optics Europe B.V.", "NL")).stdout
	for _, want := range []string{"BLOCKED", "100% owned via " + westlake + " by " + hikvisionName, "Ownership:", westlake + " <- " + hikvisionName + " 60%"} {
		if !strings.Contains(out, want) {
			t.Errorf("order check of the affiliate's subsidiary prints no %q:\n%s", want, out)
		}
	}
}

// TestOwnershipCheck: the check command's JSON contract, its text, the
// as-of date, and a party the data does not name.
func TestOwnershipCheck(t *testing.T) {
	t.Parallel()
	dir := ownershipData(t)
	var rep struct {
		Restricted  *bool                        `json:"restricted"`
		Status      string                       `json:"status"`
		Rule        *string                      `json:"rule"`
		Explanation string                       `json:"explanation"`
		Chain       []clearance.ChainStep        `json:"chain"`
		Findings    []clearance.OwnershipFinding `json:"findings"`
		InData      bool                         `json:"in_ownership_data"`
	}
	check := func(args ...string) {
		t.Helper()
		rep.Restricted, rep.Rule, rep.Chain, rep.Findings = nil, nil, nil, nil
		out := mustRun(t, dir, append([]string{"ownership", "check", "--json"}, args...)...).stdout
		if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Restricted == nil || rep.Rule == nil || rep.Chain == nil {
			t.Fatalf("ownership check --json printed no restricted, rule and chain (%v):\n%s", err, out)
		}
	}
	check("--as-of", "2026-11-30", "Westlake Optics Europe B.V.")
	if !*rep.Restricted || *rep.Rule != "BIS Affiliates Rule" || len(rep.Chain) != 2 || rep.Chain[1].Owner != hikvisionName ||
		rep.Chain[1].Percent != clearance.Percent(60) || rep.Chain[1].Listings[0].EntryName != hikvisionName || rep.Chain[0].OwnerStatus != "restricted by ownership" {
		t.Errorf("check of Hikvision's indirect affiliate = %+v", rep)
	}
	check("--as-of", "2026-01-15", "Westlake Optics Europe B.V.")
	if *rep.Restricted || rep.Status != "clear" || len(rep.Findings) != 1 || rep.Findings[0].Applies || !strings.Contains(rep.Explanation, "suspended") {
		t.Errorf("check during the suspension = %+v, want not restricted, saying the rule is suspended", rep)
	}
	check("--as-of", "2026-11-30", lakeshore)
	if *rep.Restricted || rep.Status != "undetermined" || rep.Chain[0].Percent.Known() || !strings.Contains(rep.Explanation, "Red Flag 29") {
		t.Errorf("check of an unknown stake = %+v, want undetermined under Red Flag 29", rep)
	}
	check("Acme Components GmbH")
	if *rep.Restricted || rep.InData || rep.Status != "clear" || !strings.Contains(rep.Explanation, "does not name") {
		t.Errorf("check of a party the data does not name = %+v", rep)
	}
	out := mustRun(t, dir, "ownership", "check", "--as-of", "2026-11-30", caribe).stdout
	for _, want := range []string{caribe + " as of 2026-11-30: RESTRICTED under the OFAC 50 Percent Rule", "Chain",
		caribe + " <- Banco Nacional de Cuba 50% (as of 2025-06-30, company registry): listed; SDN \"BANCO NACIONAL DE CUBA\""} {
		if !strings.Contains(out, want) {
			t.Errorf("ownership check prints no %q:\n%s", want, out)
		}
	}
	if r := run(t, dir, "ownership", "check", "--as-of", "30.11.2026", caribe); r.code == 0 || !strings.Contains(r.stderr, "--as-of") {
		t.Errorf("a bad --as-of: exit %d, %q", r.code, r.stderr)
	}
	list := mustRun(t, dir, "ownership", "list", "--as-of", "2026-11-30").stdout
	for _, want := range []string{caribe, "Westlake Optics Europe B.V.", "Lakeshore Imaging GmbH", "undetermined"} {
		if !strings.Contains(list, want) {
			t.Errorf("ownership list prints no %q:\n%s", want, list)
		}
	}
}

// TestOwnershipImportRefused: a malformed file names its line and field and
// records nothing; importing again adds nothing; a second stake for one
// statement is refused.
func TestOwnershipImportRefused(t *testing.T) {
	t.Parallel()
	dir := ownershipData(t)
	bad := writeDoc(t, "bad.csv", "owner,owned,percent,as_of,source\nA,B,50,2025-06-30,s\nA,C,150,2025-06-30,s\n")
	if r := run(t, dir, "ownership", "import", bad); r.code == 0 || !strings.Contains(r.stderr, bad+` line 3 field "percent": 150% is outside 0 to 100`) {
		t.Errorf("a bad row: exit %d, stderr %q", r.code, r.stderr)
	}
	if out := mustRun(t, dir, "ownership", "import", writeDoc(t, "again.csv", edgesCSV)).stdout; !strings.Contains(out, "0 new, 4 already on file") {
		t.Errorf("importing the same edges again: %s", out)
	}
	changed := strings.Replace(edgesCSV, ",60,", ",70,", 1)
	if r := run(t, dir, "ownership", "import", writeDoc(t, "changed.csv", changed)); r.code == 0 || !strings.Contains(r.stderr, "is on file as 60%, and the import says 70%") {
		t.Errorf("a second stake for one statement: exit %d, stderr %q", r.code, r.stderr)
	}
	var all []struct {
		Party   string                     `json:"party"`
		Finding clearance.OwnershipFinding `json:"finding"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, dir, "ownership", "list", "--json", "--as-of", "2026-11-30").stdout), &all); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range all {
		got = append(got, s.Finding.RuleID+" "+s.Party+" "+string(s.Finding.Status))
	}
	want := "[ofac-50 " + caribe + " restricted bis-affiliates " + lakeshore + " undetermined " +
		"bis-affiliates Westlake Optics Europe B.V. restricted bis-affiliates " + westlake + " restricted]"
	if fmt.Sprint(got) != want {
		t.Errorf("after refused imports, ownership list =\n%v\nwant\n%s", got, want)
	}
}

// extendedSuspension is a configuration that extends the Affiliates Rule's
// suspension by a year.
const extendedSuspension = `{"ownership": {"periods": {"bis-affiliates": [
	{"from": "2025-09-29", "to": "2025-11-09", "state": "in_force", "citation": "90 FR 47201"},
	{"from": "2025-11-10", "to": "2027-11-09", "state": "suspended", "citation": "suspension extended by a year"},
	{"from": "2027-11-10", "state": "in_force", "citation": "90 FR 47201"}]}}}`

// TestOwnershipPeriodsConfigured: the configuration moves the rule's dates;
// decisions record the rules' version with the change; bad periods are
// refused with the rule named.
func TestOwnershipPeriodsConfigured(t *testing.T) {
	t.Parallel()
	dir := ownershipData(t)
	cfg := writeDoc(t, "config.json", extendedSuspension)
	o := orderDoc(t, "PO-C1", "2026-11-30", "CN", "EAR99", 10, "end_user", westlake, "CN")
	d := decisionJSON(t, dir, "order", "check", "--config", cfg, o)
	if r := reasonFor(t, d, clearance.ListEntity); d.Outcome != clearance.Clear || !strings.Contains(r.Message, "suspension extended by a year") ||
		!strings.HasPrefix(d.Ownership, "clearance-ownership-1+") {
		t.Errorf("with the suspension extended, the order on 2026-11-30 = %s (%q), rules %q; want clear under a version of its own", d.Outcome, r.Message, d.Ownership)
	}
	bad := writeDoc(t, "bad.json", `{"ownership": {"periods": {"bis-affiliates": [{"from": "2026-01-01", "state": "paused", "citation": "x"}]}}}`)
	if r := run(t, dir, "--config", bad, "ownership", "check", westlake); r.code == 0 || !strings.Contains(r.stderr, `ownership rule bis-affiliates: periods[0]: state "paused"`) {
		t.Errorf("bad periods: exit %d, %q", r.code, r.stderr)
	}
}

// TestOwnershipAfterListUpdate: a list update that adds the owner of a
// company to the Entity List re-judges the company, and says it is now
// restricted, with the chain; parties it does not reach are not re-judged.
func TestOwnershipAfterListUpdate(t *testing.T) {
	t.Parallel()
	dir := ownershipData(t)
	mustRun(t, dir, "ownership", "import", writeDoc(t, "zeta.csv", "owner,owned,percent,as_of,source\n"+
		"Zeta Precision Holdings Ltd,Zeta Sensors GmbH,80,2025-06-30,registry\n"+
		"Zeta Sensors GmbH,Zeta Sensors Service GmbH,100,2025-06-30,registry\n"))
	rows, err := csv.NewReader(bytes.NewReader(shippedCSL(t))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := make([]string, len(rows[0]))
	for i, col := range rows[0] {
		row[i] = map[string]string{"_id": "zeta-1", "source": elSource, "type": "Entity", "name": "Zeta Precision Holdings Ltd.",
			"federal_register_notice": "91 FR 12345", "start_date": "2026-10-01", "license_requirement": "For all items subject to the EAR.",
			"license_policy": "Presumption of denial.", "addresses": "1 Harbour Road, Hong Kong"}[col]
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(append(rows, row))
	path := filepath.Join(t.TempDir(), "consolidated.csv")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, dir, "lists", "import", "--format", "csl", path).stdout
	for _, want := range []string{"1 added, 0 removed, 0 changed",
		"Zeta Sensors GmbH: now restricted under the BIS Affiliates Rule (was clear)",
		"Zeta Sensors GmbH: 80% owned directly by Zeta Precision Holdings Ltd, Entity List, 91 FR 12345: licence required, presumption of denial",
		"Zeta Sensors Service GmbH: now restricted"} {
		if !strings.Contains(out, want) {
			t.Errorf("lists import prints no %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, westlake) {
		t.Errorf("lists import re-judged a party the update does not reach:\n%s", out)
	}
}

// TestOwnershipImportRedecidesOrders: an open order to a company that no
// list names is clear; importing edges that make a listed party its owner
// decides it again, blocks it with the ownership rule in the reason, and
// records the change as an event, and the same company in the registry
// gets a case on it and its listed owner with the chain; an import that
// adds nothing changes nothing.
func TestOwnershipImportRedecidesOrders(t *testing.T) {
	t.Parallel()
	dir := cslData(t)
	today := time.Now().Format(time.DateOnly)
	if d := decisionJSON(t, dir, "order", "submit", orderDoc(t, "PO-OW1", today, "CN", "EAR99", 10, "end_user", westlake, "CN")); d.Outcome != clearance.Clear {
		t.Fatalf("the order before any ownership data = %s, want clear", d.Outcome)
	}
	mustRun(t, dir, "counterparties", "import", writeDoc(t, "cp.csv", "id,name,country\nC-W,\""+westlake+"\",CN\n"))
	edges := writeDoc(t, "edges.csv", edgesCSV)
	out := mustRun(t, dir, "ownership", "import", edges).stdout
	if !strings.Contains(out, "counterparty C-W ("+westlake+") and "+hikvisionName+" (EL): Restricted under the BIS Affiliates Rule: "+westlake+": 60% owned directly by") {
		t.Errorf("ownership import opens no case on the counterparty it restricts:\n%s", out)
	}
	if !strings.Contains(out, "Order PO-OW1 is now blocked: after an ownership import, the end user \""+westlake+"\" is restricted by ownership under the BIS Affiliates Rule") {
		t.Errorf("ownership import does not say the open order is now blocked:\n%s", out)
	}
	changed := 0
	for _, e := range runJSON[[]clearance.Event](t, dir, "events", "list", "--json") {
		if e.Type == clearance.EventOrderDecision && e.OrderID == "PO-OW1" {
			changed++
		}
	}
	if changed != 1 {
		t.Errorf("%d order.decision_changed events for PO-OW1, want 1", changed)
	}
	if out := mustRun(t, dir, "ownership", "import", edges).stdout; strings.Contains(out, "is now") || strings.Contains(out, "Opened case") {
		t.Errorf("a second import of the same edges decided orders again or opened cases again:\n%s", out)
	}
}
