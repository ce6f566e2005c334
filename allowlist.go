package clearance

import (
	"fmt"
	"strings"
	"time"
)

// The allow-list is not a table of its own: it is the closed cases. A case
// cleared (or confirmed) on a subject and an entry covers later hits on the
// same pair for as long as both stay as they were judged: the entry's
// content hash and the subject's query hash are those recorded in the case.
// When the entry changes (an alias, an address, a citation, a policy) or
// the subject's own details do, the judgement lapses and Triage opens a new
// case that says what changed, linked to the one it supersedes.

// Finding is one hit on one subject from a screening: what may open a case.
type Finding struct {
	CounterpartyID string
	OrderID        string
	PartyIndex     int
	Role           PartyRole
	Subject        Query
	Hit            Hit
}

// Key returns the key of the case the finding would open.
func (f *Finding) Key() CaseKey {
	return CaseKey{CounterpartyID: f.CounterpartyID, OrderID: f.OrderID, PartyIndex: f.PartyIndex,
		Dataset: f.Hit.Dataset, EntryID: f.Hit.EntryID}
}

// ScreenRun is what a screening ran with, recorded in each case it opens:
// the matching options, the list versions, when, and why a first case on a
// pair opens (Trigger, of kind screening or list_update).
type ScreenRun struct {
	OptionsHash string
	Algorithm   string
	Versions    []VersionRef
	Trigger     CaseTrigger
	At          time.Time
}

// Triage returns the case a finding calls for, given prev, the latest case
// on the same key (nil when there is none). It returns nil when an active
// case already covers the finding, or when a closed case's judgement still
// holds (suppressed is then true).
func Triage(f *Finding, prev *Case, run *ScreenRun) (c *Case, suppressed bool) {
	if f.Hit.Entry == nil {
		panic("clearance: Triage of a hit without its entry")
	}
	entryHash, subjectHash := f.Hit.Entry.ContentHash(), QueryHash(f.Subject)
	trigger := run.Trigger
	if prev != nil {
		if prev.State.Active() {
			return nil, false
		}
		entryChanged, subjectChanged := prev.EntryHash != entryHash, prev.SubjectHash != subjectHash
		if !entryChanged && !subjectChanged {
			return nil, true
		}
		trigger = lapse(prev, f, entryChanged)
	}
	return newCase(f, run, trigger, entryHash, subjectHash), false
}

// lapse explains why a closed case no longer covers a finding.
func lapse(prev *Case, f *Finding, entryChanged bool) CaseTrigger {
	r := prev.Resolution
	judged := fmt.Sprintf("case %d was %s", prev.ID, prev.State)
	if r != nil {
		judged += fmt.Sprintf(" (%s) by %s on %s", r.Reason, r.By, r.At.UTC().Format(time.DateOnly))
	}
	if entryChanged {
		var changes []FieldChange
		if prev.Entry != nil {
			changes = CompareEntries(prev.Entry, f.Hit.Entry)
		}
		return CaseTrigger{Kind: TriggerEntryChanged, Previous: prev.ID, Changes: changes,
			Message: fmt.Sprintf("The entry changed since %s: %s.", judged, DescribeChanges(changes))}
	}
	return CaseTrigger{Kind: TriggerSubjectChanged, Previous: prev.ID,
		Message: fmt.Sprintf("The %s changed since %s: %s.", subjectNoun(f), judged, describeQueryChange(prev.Subject, f.Subject))}
}

func newCase(f *Finding, run *ScreenRun, trigger CaseTrigger, entryHash, subjectHash string) *Case {
	e := *f.Hit.Entry
	e.Raw = nil
	h := f.Hit
	h.Entry = nil
	c := &Case{
		State: CaseOpen, CounterpartyID: f.CounterpartyID, OrderID: f.OrderID, PartyIndex: f.PartyIndex, Role: f.Role,
		Subject: f.Subject, SubjectHash: subjectHash,
		EntryID: h.EntryID, EntryName: h.EntryName, Source: h.Source, List: h.List, Dataset: h.Dataset,
		EntryHash: entryHash, Score: h.Score, Hit: h, Entry: &e, Trigger: trigger,
		OptionsHash: run.OptionsHash, Algorithm: run.Algorithm, Versions: run.Versions, OpenedAt: run.At,
	}
	for _, v := range run.Versions {
		if v.Source == h.Dataset {
			c.EntryVersion = v.Version
		}
	}
	c.record(CaseAction{At: run.At, By: SystemActor, Action: ActionOpened, Comment: trigger.Message})
	return c
}

func subjectNoun(f *Finding) string {
	if f.OrderID != "" {
		return "order's party"
	}
	return "counterparty"
}

// DescribeChanges renders field-level changes of an entry in one line:
// "names: + Hikvision Digital; license_policy: changed".
func DescribeChanges(changes []FieldChange) string {
	if len(changes) == 0 {
		return "its content differs (no field-level detail recorded)"
	}
	parts := make([]string, 0, len(changes))
	for _, ch := range changes {
		var ps []string
		for _, a := range ch.Added {
			ps = append(ps, "+ "+a)
		}
		for _, r := range ch.Removed {
			ps = append(ps, "- "+r)
		}
		if len(ps) == 0 {
			ps = append(ps, fmt.Sprintf("%q -> %q", truncateText(ch.Before, 80), truncateText(ch.After, 80)))
		}
		parts = append(parts, ch.Field+": "+strings.Join(ps, ", "))
	}
	return strings.Join(parts, "; ")
}

// describeQueryChange renders what differs between two screened subjects.
func describeQueryChange(a, b Query) string {
	var parts []string
	field := func(name, x, y string) {
		if x != y {
			parts = append(parts, fmt.Sprintf("%s %q -> %q", name, x, y))
		}
	}
	field("name", a.Name, b.Name)
	field("type", string(a.Kind), string(b.Kind))
	field("country", a.Country, b.Country)
	field("address", a.Address, b.Address)
	field("identifiers", strings.Join(a.Identifiers, "; "), strings.Join(b.Identifiers, "; "))
	if len(parts) == 0 {
		return "its details differ"
	}
	return strings.Join(parts, "; ")
}

func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		n--
	}
	return s[:n] + "…"
}
