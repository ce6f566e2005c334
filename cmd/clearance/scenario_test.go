package main

import (
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// Test2019Monitoring is the scenario end to end. Before the rule no
// case opens for Hikvision or Dahua; importing the real CSL opens cases for
// both and for no ordinary company, blocks the open orders to them, logs the
// events and POSTs each, signed, to a receiver on 127.0.0.1. A high-score
// clearance needs a second approver; the cleared pair stays quiet through
// an unchanged re-import and an update elsewhere, and a new case opens,
// saying what changed, when the entry gains an alias. The case's screening
// replays exactly.
func Test2019Monitoring(t *testing.T) {
	t.Parallel()
	dir := before2019Data(t)
	h := newHook(t)
	cfg := h.config(t)
	run := func(args ...string) result { return mustRun(t, dir, append([]string{"--config", cfg}, args...)...) }

	if cs := casesJSON(t, dir); len(cs) != 0 {
		t.Fatalf("before the rule: %d cases, want none: %+v", len(cs), cs[0])
	}
	for _, id := range []string{"PO-HIK", "PO-DAHUA"} {
		if d := orderJSON(t, dir, id).Decision; d.Outcome == clearance.Blocked {
			t.Fatalf("%s is blocked before the rule", id)
		}
	}
	out := run("lists", "import", "--format", "csl", realCSL(t, "consolidated.csv", nil)).stdout
	if !strings.Contains(out, "28 added, 0 removed, 0 changed") || !strings.Contains(out, "re-screened 2502 counterparties and 2 open orders") {
		t.Errorf("lists import output:\n%s", out)
	}

	cs := byEntry(casesJSON(t, dir, "--state", "open"))
	for key := range cs {
		if strings.HasPrefix(key, "CP-") {
			t.Errorf("a case opened for an ordinary company: %s %+v", key, cs[key])
		}
	}
	hik, ok := cs[hikID+"/EL"]
	if !ok || hik.EntryName != hikvisionName || hik.Source != elSource || hik.Score < 0.99 || hik.Trigger.Kind != clearance.TriggerListUpdate {
		t.Fatalf("Hikvision case = %+v (all: %v)", hik, keys(cs))
	}
	if c, ok := cs[dahuaID+"/EL"]; !ok || !strings.Contains(c.EntryName, "Dahua") {
		t.Errorf("no Entity List case for Dahua: %v", keys(cs))
	}
	for _, id := range []string{"PO-HIK", "PO-DAHUA"} {
		if _, ok := cs[id+"/EL"]; !ok {
			t.Errorf("no case on order %s: %v", id, keys(cs))
		}
		rec := orderJSON(t, dir, id)
		d := rec.Decision
		if d.Outcome != clearance.Blocked || reasonFor(t, d, clearance.ListEntity).Effect != clearance.Blocked || len(rec.Decisions) != 2 {
			t.Errorf("order %s after the rule = %s (%d decisions), want blocked on the Entity List, its second decision", id, d.Outcome, len(rec.Decisions))
		}
	}
	checkEvents(t, dir, h)
	checkFourEyes(t, dir, hik.ID)
	checkAllowList(t, dir, hik)
	checkReplay(t, dir, hik)
}

// orderJSON shows an order as JSON.
func orderJSON(t *testing.T, dir, id string) clearance.OrderHistory {
	t.Helper()
	return runJSON[clearance.OrderHistory](t, dir, "order", "show", "--json", id)
}

func keys(m map[string]clearance.Case) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// checkEvents: the log holds the update, the cases and the orders moved,
// and the receiver got each event, signed, in order.
func checkEvents(t *testing.T, dir string, h *hook) {
	t.Helper()
	evs := eventsJSON(t, dir, "--since", "1")
	count := map[clearance.EventType]int{}
	for _, e := range evs {
		count[e.Type]++
	}
	if count[clearance.EventListUpdated] < 2 || count[clearance.EventCaseOpened] < 4 || count[clearance.EventOrderDecision] != 2 || count[clearance.EventMonitorCompleted] < 2 {
		t.Errorf("event counts = %v", count)
	}
	got := h.received()
	var last []clearance.Event
	for _, e := range evs {
		if e.ID > evs[len(evs)-1].ID-int64(len(got)) {
			last = append(last, e)
		}
	}
	if len(got) == 0 || len(got) != len(last) {
		t.Fatalf("the receiver got %d events, the log has %d since it was registered", len(got), len(last))
	}
	for i := range got {
		if got[i].ID != last[i].ID || got[i].Type != last[i].Type || got[i].Message != last[i].Message {
			t.Errorf("POST %d = event %d %s, want %d %s", i, got[i].ID, got[i].Type, last[i].ID, last[i].Type)
		}
	}
	ds := runJSON[[]clearance.Delivery](t, dir, "events", "deliveries", "--json")
	if len(ds) != len(got) || ds[0].Status != 204 || !ds[0].Done {
		t.Errorf("events deliveries = %d records, want %d delivered", len(ds), len(got))
	}
}

// checkFourEyes: clearing a case scoring 1.00 waits for a second approver,
// who cannot be the first.
func checkFourEyes(t *testing.T, dir string, id int64) {
	t.Helper()
	out := mustRun(t, dir, "cases", "clear", itoa(id), "--reason", "different_country", "--by", "alice", "--comment", "our customer is in Ohio").stdout
	if !strings.Contains(out, "awaiting second approval") {
		t.Errorf("cases clear of a 1.00 case:\n%s", out)
	}
	for _, c := range casesJSON(t, dir, "--state", "cleared") {
		t.Errorf("case %d is cleared before its second approval", c.ID)
	}
	if show := mustRun(t, dir, "cases", "show", itoa(id)).stdout; !strings.Contains(show, "OPEN, AWAITING SECOND APPROVAL") {
		t.Errorf("cases show:\n%s", show)
	}
	r := run(t, dir, "cases", "approve", itoa(id), "--by", "alice")
	if r.code == 0 || !strings.Contains(r.stderr, "four-eyes") {
		t.Errorf("approval by the proposer: exit %d, %s", r.code, r.stderr)
	}
	mustRun(t, dir, "cases", "approve", itoa(id), "--by", "bob")
	cleared := casesJSON(t, dir, "--state", "cleared")
	if len(cleared) != 1 || cleared[0].ID != id || cleared[0].Resolution.ApprovedBy != "bob" || cleared[0].Resolution.By != "alice" {
		t.Errorf("cleared cases = %+v", cleared)
	}
}

// checkAllowList: the cleared pair is not alerted again while the entry
// is unchanged; when the entry gains an alias, a new case says so.
func checkAllowList(t *testing.T, dir string, hik clearance.Case) {
	t.Helper()
	real := realCSL(t, "consolidated.csv", nil)
	if out := mustRun(t, dir, "lists", "import", "--format", "csl", real).stdout; !strings.Contains(out, "nothing imported") {
		t.Errorf("re-importing the same CSL:\n%s", out)
	}
	bureau := realCSL(t, "consolidated.csv", editRow("Aksu District Public Security Bureau", "Aksu PSB"))
	if out := mustRun(t, dir, "lists", "import", "--format", "csl", bureau).stdout; !strings.Contains(out, "0 cases opened, 0 hits covered") {
		t.Errorf("an update elsewhere:\n%s", out)
	}
	if cs := casesJSON(t, dir, "--counterparty", hikID); len(cs) != 1 {
		t.Errorf("after an update elsewhere Hikvision has %d cases, want the cleared one", len(cs))
	}
	aksu, hikAlias := editRow("Aksu District Public Security Bureau", "Aksu PSB"), editRow(hikvisionName, "Hikvision Digital Technology")
	alias := realCSL(t, "consolidated.csv", func(row []string) []string { return hikAlias(aksu(row)) })
	out := mustRun(t, dir, "lists", "import", "--format", "csl", alias).stdout
	if !strings.Contains(out, "0 added, 0 removed, 1 changed") {
		t.Errorf("import of the changed entry:\n%s", out)
	}
	cs := casesJSON(t, dir, "--counterparty", hikID, "--state", "open")
	if len(cs) != 1 {
		t.Fatalf("after Hikvision gained an alias: %d open cases, want 1", len(cs))
	}
	tr := cs[0].Trigger
	if tr.Kind != clearance.TriggerEntryChanged || tr.Previous != hik.ID || !strings.Contains(tr.Message, "+ Hikvision Digital Technology") {
		t.Errorf("the new case's trigger = %+v", tr)
	}
	if show := mustRun(t, dir, "cases", "show", itoa(cs[0].ID)).stdout; !strings.Contains(show, "The entry changed since case") {
		t.Errorf("cases show of the new case:\n%s", show)
	}
}

// editRow returns a CSL row editor adding an alias to the Entity List row
// named name.
func editRow(name, alias string) func([]string) []string {
	return func(row []string) []string {
		if row[5] == name && strings.HasPrefix(row[1], "Entity List") {
			if row[22] != "" {
				row[22] += "; "
			}
			row[22] += alias
		}
		return row
	}
}

// checkReplay: the replay command a case shows reproduces its hit.
func checkReplay(t *testing.T, dir string, c clearance.Case) {
	t.Helper()
	s := screenJSON(t, dir, "--as-of", clearance.AsOfSpec(c.Versions), "--options", c.OptionsHash, "--country", c.Subject.Country,
		"--kind", string(c.Subject.Kind), c.Subject.Name)
	if s.OptionsHash != c.OptionsHash || clearance.AsOfSpec(s.Versions) != clearance.AsOfSpec(c.Versions) {
		t.Errorf("replay ran with %s on %s, want %s on %s", s.OptionsHash, clearance.AsOfSpec(s.Versions), c.OptionsHash, clearance.AsOfSpec(c.Versions))
	}
	for _, h := range s.Hits {
		if h.EntryID == c.EntryID {
			if h.Score != c.Score || h.Explanation.Alignment() != c.Hit.Explanation.Alignment() {
				t.Errorf("replayed hit %.4f %q, case %.4f %q", h.Score, h.Explanation.Alignment(), c.Score, c.Hit.Explanation.Alignment())
			}
			return
		}
	}
	t.Errorf("the replay does not find entry %s", c.EntryID)
}
