package clearance

import (
	"slices"
	"testing"
)

// TestDecisionSummaries: what a party is listed as, once per entry and
// list, and each item's most severe outcome with its licence.
func TestDecisionSummaries(t *testing.T) {
	zero, one := 0, 1
	d := &Decision{Reasons: []Reason{
		{Effect: Hold, Party: "Hik", EntryID: "e1", EntryName: "Hikvision", List: ListEntity, Item: &zero},
		{Effect: Blocked, Party: "Hik", EntryID: "e1", EntryName: "Hikvision", List: ListEntity, Item: &one},
		{Effect: Hold, Party: "Hik", EntryID: "e2", EntryName: "Hikvision", List: ListCMIC},
		{Effect: Released, Party: "Hik", EntryID: "e1", EntryName: "Hikvision", List: ListEntity, Item: &zero, Licence: "D123"},
		{Effect: Hold, Party: "Acme", Message: "no entry: the order as a whole"},
	}}
	var lists []ListCode
	for _, r := range d.PartyReasons("Hik") {
		lists = append(lists, r.List)
	}
	if want := []ListCode{ListEntity, ListCMIC}; !slices.Equal(lists, want) {
		t.Errorf("PartyReasons(Hik) lists %v, want %v", lists, want)
	}
	if got := d.PartyReasons("Acme"); len(got) != 0 {
		t.Errorf("PartyReasons(Acme) = %v, want none: its reason names no entry", got)
	}
	for i, want := range []struct {
		outcome Outcome
		licence string
	}{{Hold, "D123"}, {Blocked, ""}, {Clear, ""}} {
		if o, l := d.ItemOutcome(i); o != want.outcome || l != want.licence {
			t.Errorf("ItemOutcome(%d) = %s, %q; want %s, %q", i, o, l, want.outcome, want.licence)
		}
	}
}
