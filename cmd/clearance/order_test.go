package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/defaultdata"
)

// The scenario of the licence gate issue, end to end on the shipped lists.
// Each test works in its own copy of a data directory holding the shipped
// Consolidated Screening List, and runs in parallel with the others: every
// decision loads the lists, and the CSL alone (the Entity, Denied Persons,
// Unverified and Military End-User lists, with OFAC's as the CSL carries
// them) loads in a third of the time of the whole snapshot.

const (
	hikvisionName = "Hangzhou Hikvision Digital Technology Co., Ltd."
	elSource      = "Entity List (EL) - Bureau of Industry and Security"
	dplSource     = "Denied Persons List (DPL) - Bureau of Industry and Security"
)

var csl sharedData

// cslData returns a fresh data directory holding the shipped CSL only,
// copied from one imported once per test binary by the importer the
// commands use.
func cslData(t *testing.T) string {
	t.Helper()
	return csl.copy(t, func(dir string) error {
		app := &App{ctx: context.Background(), stdout: io.Discard, stderr: io.Discard,
			cfg: Config{DataDir: dir, Actor: "user:test"}, requestID: newRequestID()}
		defer app.Close()
		snap := defaultdata.Snapshots[0]
		if snap.Source != clearance.SourceUSCSL {
			return fmt.Errorf("the first shipped snapshot is %s, not the CSL", snap.Source)
		}
		ctx := clearance.WithActor(app.ctx, app.cfg.Actor, app.requestID)
		_, err := app.importInputs(ctx, snap.Format, []input{fsInput(defaultdata.FS(), snap.Paths[0])}, snap.Published, "date of the shipped snapshot")
		return err
	})
}

// orderDoc writes an order file: one item of the given ECCN and quantity at
// $150 a unit, to the given parties (role, name, country triples).
func orderDoc(t *testing.T, id, date, dest, eccn string, qty int, parties ...string) string {
	t.Helper()
	var ps []string
	for i := 0; i+2 < len(parties); i += 3 {
		ps = append(ps, fmt.Sprintf(`{"role":%q,"name":%q,"country":%q}`, parties[i], parties[i+1], parties[i+2]))
	}
	doc := fmt.Sprintf(`{"id":%q,"date":%q,"destination":%q,"parties":[%s],
		"items":[{"description":"image sensors","eccn":%q,"quantity":%d,"unit":"pieces","value":%d}]}`,
		id, date, dest, strings.Join(ps, ","), eccn, qty, 150*qty)
	return writeDoc(t, id+".json", doc)
}

func writeDoc(t *testing.T, name, doc string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// hikvisionOrder is the scenario's order: EAR99 image sensors to Hikvision.
func hikvisionOrder(t *testing.T, id, date, eccn string, qty int) string {
	return orderDoc(t, id, date, "CN", eccn, qty, "end_user", hikvisionName, "CN")
}

// decisionJSON runs an order command with --json and decodes the decision.
func decisionJSON(t *testing.T, dir string, args ...string) clearance.Decision {
	t.Helper()
	r := mustRun(t, dir, append(args[:2:2], append([]string{"--json"}, args[2:]...)...)...)
	var d clearance.Decision
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("%s --json output is not a decision: %v\n%s", strings.Join(args, " "), err, r.stdout)
	}
	var raw struct {
		Decision *string          `json:"decision"`
		Reasons  []map[string]any `json:"reasons"`
	}
	json.Unmarshal([]byte(r.stdout), &raw)
	for _, rs := range raw.Reasons {
		for _, k := range []string{"party", "entry_name", "source", "message"} {
			if _, ok := rs[k]; !ok {
				t.Errorf("a reason lacks %q: %v", k, rs)
			}
		}
	}
	if raw.Decision == nil {
		t.Errorf("--json output has no decision:\n%s", r.stdout)
	}
	return d
}

// reasonFor returns the first reason about the list.
func reasonFor(t *testing.T, d clearance.Decision, list clearance.ListCode) clearance.Reason {
	t.Helper()
	for _, r := range d.Reasons {
		if r.List == list {
			return r
		}
	}
	t.Fatalf("decision %s has no reason on list %s: %+v", d.Outcome, list, d.Reasons)
	return clearance.Reason{}
}

// TestOrderEntityList: EAR99 image sensors to Hikvision are blocked with a
// presumption of denial once the listing is in force, clear before it; an
// item of 1A004.c is reviewed case by case. Checking records nothing.
func TestOrderEntityList(t *testing.T) {
	t.Parallel()
	dir := cslData(t)

	d := decisionJSON(t, dir, "order", "check", hikvisionOrder(t, "PO-1", "2019-10-15", "EAR99", 10))
	r := reasonFor(t, d, clearance.ListEntity)
	if d.Outcome != clearance.Blocked || r.Effect != clearance.Blocked || r.ReviewPolicy != "presumption of denial" {
		t.Errorf("EAR99 to Hikvision on 2019-10-15 = %s, reason %s %q; want blocked, presumption of denial", d.Outcome, r.Effect, r.ReviewPolicy)
	}
	if r.Party != hikvisionName || r.EntryName != hikvisionName || r.Source != elSource ||
		!strings.Contains(r.FederalRegister, "84 FR 54002") || !strings.HasPrefix(r.LicenceRequirement, "For all items subject to the EAR") ||
		!strings.Contains(r.Message, "licence is required") || r.Item == nil || *r.Item != 0 || d.Recorded {
		t.Errorf("the reason does not name party, entry, list, citation, requirement and item: %+v", r)
	}

	d = decisionJSON(t, dir, "order", "check", hikvisionOrder(t, "PO-1", "2019-10-01", "EAR99", 10))
	if r := reasonFor(t, d, clearance.ListEntity); d.Outcome != clearance.Clear || !strings.Contains(r.Message, "Listed from 2019-10-09") {
		t.Errorf("EAR99 to Hikvision on 2019-10-01 = %s (%q), want clear: the listing is not yet in force", d.Outcome, r.Message)
	}

	out := mustRun(t, dir, "order", "check", hikvisionOrder(t, "PO-1", "2019-10-15", "1A004.c", 1)).stdout
	for _, want := range []string{"Order PO-1 of 2019-10-15 to China: BLOCKED (checked, not recorded)", "Policy:      case-by-case",
		"Entity List (EL)", "84 FR 54002", "1A004.c"} {
		if !strings.Contains(out, want) {
			t.Errorf("order check of 1A004.c prints no %q:\n%s", want, out)
		}
	}
	if got := mustRun(t, dir, "order", "list", "--json").stdout; strings.TrimSpace(got) != "[]" {
		t.Errorf("order check recorded orders: %s", got)
	}
}

// TestOrderLicenceDrawDown: a licence for ten units releases ten and is
// spent; the eleventh unit is blocked; an order is submitted once.
func TestOrderLicenceDrawDown(t *testing.T) {
	t.Parallel()
	dir := cslData(t)
	lic := writeDoc(t, "licence.json", `{"number":"D123456","destination":"CN","parties":["`+hikvisionName+`"],
		"items":[{"eccn":"EAR99","quantity":10,"unit":"pieces","value":1500}],"valid_from":"2019-11-01","valid_to":"2021-10-31",
		"conditions":["No reexport without BIS authorisation."]}`)
	if out := mustRun(t, dir, "licence", "add", lic).stdout; !strings.Contains(out, "Recorded licence D123456") {
		t.Errorf("licence add printed %q", out)
	}

	ten := hikvisionOrder(t, "PO-2", "2020-01-15", "EAR99", 10)
	d := decisionJSON(t, dir, "order", "submit", ten)
	r := reasonFor(t, d, clearance.ListEntity)
	if d.Outcome != clearance.Released || !d.Recorded || r.Licence != "D123456" || len(d.Draws) != 1 || d.Draws[0].Quantity != clearance.Units(10) {
		t.Fatalf("ten units under the licence = %s (recorded %v), licence %q, draws %+v; want released, recorded, D123456", d.Outcome, d.Recorded, r.Licence, d.Draws)
	}
	balance := func() *clearance.LicenceBalance {
		var b clearance.LicenceBalance
		out := mustRun(t, dir, "licence", "show", "--json", "D123456").stdout
		if err := json.Unmarshal([]byte(out), &b); err != nil {
			t.Fatalf("licence show --json: %v\n%s", err, out)
		}
		return &b
	}
	if b := balance(); *b.Lines[0].RemainingQuantity != 0 || len(b.Draws) != 1 || b.Draws[0].Order != "PO-2" {
		t.Errorf("after ten units the licence has %s left and draws %+v, want 0 and PO-2", b.Lines[0].RemainingQuantity, b.Draws)
	}

	d = decisionJSON(t, dir, "order", "submit", hikvisionOrder(t, "PO-3", "2020-01-16", "EAR99", 1))
	if r := reasonFor(t, d, clearance.ListEntity); d.Outcome != clearance.Blocked || !strings.Contains(r.Message, "exhausted") || len(d.Draws) != 0 {
		t.Errorf("the eleventh unit = %s (%q), want blocked: the licence is exhausted", d.Outcome, r.Message)
	}
	if b := balance(); *b.Lines[0].RemainingQuantity != 0 || len(b.Draws) != 1 {
		t.Errorf("a blocked order drew on the licence: %+v", b)
	}

	r2 := run(t, dir, "order", "submit", ten)
	if r2.code == 0 || !strings.Contains(r2.stderr, "order PO-2 was already submitted") {
		t.Errorf("resubmitting PO-2: exit %d, stderr %q; want a refusal", r2.code, r2.stderr)
	}
	show := mustRun(t, dir, "order", "show", "PO-2").stdout
	list := mustRun(t, dir, "order", "list").stdout
	for _, want := range []string{"RELEASED (recorded)", "D123456", "0 of 10 pieces"} {
		if !strings.Contains(show, want) {
			t.Errorf("order show PO-2 prints no %q:\n%s", want, show)
		}
	}
	if !strings.Contains(list, "PO-2") || !strings.Contains(list, "BLOCKED") {
		t.Errorf("order list:\n%s", list)
	}
	if out := mustRun(t, dir, "licence", "show", "D123456").stdout; !strings.Contains(out, "PO-2") || !strings.Contains(out, "No reexport") {
		t.Errorf("licence show:\n%s", out)
	}
}

// TestOrderDeniedForwarder: a clean purchaser but a Denied Persons List
// forwarder is blocked, though a licence naming both covers the item.
func TestOrderDeniedForwarder(t *testing.T) {
	t.Parallel()
	dir := cslData(t)
	mustRun(t, dir, "licence", "add", writeDoc(t, "licence.json", `{"number":"L-SG","destination":"Singapore",
		"parties":["Acme Components GmbH","Nordic Maritime Pte. Ltd."],"items":[{"eccn":"EAR99","quantity":100}],
		"valid_from":"2021-01-01","valid_to":"2021-12-31"}`))
	o := orderDoc(t, "PO-4", "2021-06-01", "SG", "EAR99", 10,
		"purchaser", "Acme Components GmbH", "DE", "forwarder", "Nordic Maritime Pte. Ltd.", "SG")
	d := decisionJSON(t, dir, "order", "submit", o)
	r := reasonFor(t, d, clearance.ListDenied)
	if d.Outcome != clearance.Blocked || len(d.Draws) != 0 || r.Party != "Nordic Maritime Pte. Ltd." || r.Role != clearance.RoleForwarder ||
		r.Source != dplSource || !strings.Contains(r.Message, "no licence helps") {
		t.Errorf("DPL forwarder = %s with draws %v, reason %+v; want blocked, no draw", d.Outcome, d.Draws, r)
	}
	for _, r := range d.Reasons {
		if r.Party == "Acme Components GmbH" {
			t.Errorf("the clean purchaser has a reason: %+v", r)
		}
	}
	var b clearance.LicenceBalance
	json.Unmarshal([]byte(mustRun(t, dir, "licence", "show", "--json", "L-SG").stdout), &b)
	if len(b.Lines) != 1 || *b.Lines[0].RemainingQuantity != clearance.Units(100) {
		t.Errorf("a blocked order drew on licence L-SG: %+v", b.Lines)
	}
}

// TestOrderResemblingName: a name that only resembles a listed party,
// scoring between the review and hit thresholds, holds the order.
func TestOrderResemblingName(t *testing.T) {
	t.Parallel()
	dir := cslData(t)
	o := orderDoc(t, "PO-5", "2021-06-01", "CN", "EAR99", 10, "purchaser", "Hangzhou Hikvision Electronics Trading Company", "CN")
	d := decisionJSON(t, dir, "order", "check", o)
	r := reasonFor(t, d, clearance.ListEntity)
	if d.Outcome != clearance.Hold || r.Effect != clearance.Hold || r.Score < d.ReviewThreshold || r.Score >= d.HitThreshold ||
		r.EntryName != hikvisionName || !strings.Contains(r.Message, "Possible match") {
		t.Errorf("a resembling name = %s, reason %s at %.3f (review %.2f, hit %.2f); want hold", d.Outcome, r.Effect, r.Score, d.ReviewThreshold, d.HitThreshold)
	}
}

// TestOrderUnverifiedList: an order to a party on the Unverified List ships
// once its signed statement is on file (without one it is blocked: see the
// gate's tests).
func TestOrderUnverifiedList(t *testing.T) {
	t.Parallel()
	dir := cslData(t)
	const party = "Chuzhou HKC Optoelectronics Technology Co., Ltd."
	mustRun(t, dir, "uvl", "add", writeDoc(t, "uvl.json", `{"party":"`+party+`","signed":"2021-05-20","signatory":"Li Wei"}`))
	if out := mustRun(t, dir, "uvl", "list").stdout; !strings.Contains(out, party) || !strings.Contains(out, "2021-05-20") {
		t.Errorf("uvl list:\n%s", out)
	}
	o := orderDoc(t, "PO-6", "2021-06-01", "CN", "EAR99", 2, "ultimate_consignee", party, "CN")
	d := decisionJSON(t, dir, "order", "check", o)
	if r := reasonFor(t, d, clearance.ListUnverified); d.Outcome != clearance.Clear || !strings.Contains(r.Message, "is on file") || r.Score < 0.99 {
		t.Errorf("UVL party with a statement on file = %s (%q), want clear", d.Outcome, r.Message)
	}
}

// TestOrderMalformed: broken order, licence and statement files fail with
// a message naming the file and the field, and record nothing.
func TestOrderMalformed(t *testing.T) {
	t.Parallel()
	dir := cslData(t)
	valid := `"id":"PO-9","date":"2020-01-01","destination":"CN","parties":[{"role":"end_user","name":"X"}]`
	item := `{"description":"a","eccn":"EAR99","quantity":1,"value":1}`
	tests := []struct {
		name string
		args []string
		doc  string
		want []string
	}{
		{"negative quantity", []string{"order", "submit"}, `{` + valid + `,"items":[` + item + `,{"description":"b","eccn":"EAR99","quantity":-1,"value":1}]}`, []string{"items[1].quantity: must be positive"}},
		{"bad ECCN", []string{"order", "check"}, `{` + valid + `,"items":[{"description":"a","eccn":"1X999","quantity":1,"value":1}]}`, []string{`items[0].eccn: "1X999" is not an ECCN`}},
		{"no date", []string{"order", "submit", "--json"}, `{"id":"PO-9","destination":"CN","parties":[{"role":"end_user","name":"X"}],"items":[` + item + `]}`, []string{"date: required"}},
		{"unknown field", []string{"order", "submit"}, `{` + valid + `,"items":[` + item + `],"priority":"high"}`, []string{"priority: unknown field"}},
		{"not JSON", []string{"order", "submit"}, `{"id": "PO-9", `, []string{"the JSON ends too early"}},
		{"licence without limit", []string{"licence", "add"}, `{"number":"L1","destination":"CN","parties":["X"],"items":[{"eccn":"EAR99"}],"valid_from":"2020-01-01","valid_to":"2020-12-31"}`, []string{"items[0].quantity: a licence line needs a quantity or a value limit"}},
		{"licence with text quantity", []string{"licence", "add"}, `{"number":"L1","destination":"CN","parties":["X"],"items":[{"eccn":"EAR99","quantity":"ten"}],"valid_from":"2020-01-01","valid_to":"2020-12-31"}`, []string{"items[0].quantity: a string, not a number"}},
		{"licence ending before it starts", []string{"licence", "add"}, `{"number":"L1","destination":"CN","parties":["X"],"items":[{"eccn":"EAR99","quantity":1}],"valid_from":"2020-01-01","valid_to":"2019-12-31"}`, []string{"valid_to: 2019-12-31 is before valid_from"}},
		{"statement without date", []string{"uvl", "add"}, `{"party":"X"}`, []string{"signed: required"}},
	}
	for _, tt := range tests {
		file := writeDoc(t, "doc.json", tt.doc)
		r := run(t, dir, append(tt.args, file)...)
		if r.code == 0 {
			t.Errorf("%s: %s succeeded:\n%s", tt.name, strings.Join(tt.args, " "), r.stdout)
			continue
		}
		for _, want := range append(tt.want, file+": ") {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: stderr %q lacks %q", tt.name, r.stderr, want)
			}
		}
	}
	if r := run(t, dir, "order", "check", filepath.Join(t.TempDir(), "missing.json")); r.code == 0 || !strings.Contains(r.stderr, "missing.json") {
		t.Errorf("a missing order file: exit %d, %q", r.code, r.stderr)
	}
	for _, args := range [][]string{{"order", "list", "--json"}, {"licence", "list", "--json"}, {"uvl", "list", "--json"}} {
		if got := strings.TrimSpace(mustRun(t, dir, args...).stdout); got != "[]" {
			t.Errorf("after malformed files, %s = %s, want nothing recorded", strings.Join(args, " "), got)
		}
	}
}
