package clearance

import (
	"strings"
	"testing"
)

func hikvisionEntry(aliases ...string) *Entry {
	e := &Entry{ID: "el-hik", Source: SourceUSCSL, List: ListEntity, Kind: KindOrganization,
		Name: "Hangzhou Hikvision Digital Technology Co., Ltd.", StartDate: "2019-10-09"}
	e.Names = []Name{{Value: e.Name, Kind: NamePrimary}}
	for _, a := range aliases {
		e.Names = append(e.Names, Name{Value: a, Kind: NameAlias})
	}
	return e
}

func finding(e *Entry, subject string) *Finding {
	return &Finding{CounterpartyID: "C-1", Subject: Query{Name: subject, Country: "CN"},
		Hit: Hit{EntryID: e.ID, EntryName: e.Name, Source: ListName(e.List), List: e.List, Dataset: e.Source, Score: 0.93, Entry: e}}
}

var screenRun = &ScreenRun{OptionsHash: "abc", Algorithm: "test", Versions: []VersionRef{{Source: SourceUSCSL, Version: 3}},
	Trigger: CaseTrigger{Kind: TriggerListUpdate, Message: "us-csl version 3 added the entry."}, At: day}

// closed returns the case Triage opens for f, cleared by alice.
func closed(t *testing.T, f *Finding) *Case {
	t.Helper()
	c, _ := Triage(f, nil, screenRun)
	if c == nil {
		t.Fatal("Triage with no earlier case opened none")
	}
	c.ID = 12
	if err := c.Clear("alice", ReasonDifferentCountry, "", day, 0.99); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTriage(t *testing.T) {
	e := hikvisionEntry("Hikvision")
	f := finding(e, "Hikvision Trading")
	c, sup := Triage(f, nil, screenRun)
	if c == nil || sup {
		t.Fatalf("Triage(no earlier case) = %v, %v; want a case", c, sup)
	}
	if c.State != CaseOpen || c.EntryVersion != 3 || c.EntryHash != e.ContentHash() || c.SubjectHash != QueryHash(f.Subject) ||
		c.Trigger.Kind != TriggerListUpdate || c.Entry == nil || c.Hit.Entry != nil || len(c.Actions) != 1 {
		t.Errorf("new case = %+v", c)
	}
	if c, sup := Triage(f, c, screenRun); c != nil || sup {
		t.Errorf("Triage with an open case = %v, %v; want nothing (the open case covers it)", c, sup)
	}

	cleared := closed(t, f)
	if c, sup := Triage(finding(hikvisionEntry("Hikvision"), "Hikvision Trading"), cleared, screenRun); c != nil || !sup {
		t.Errorf("Triage of an unchanged pair after clearing = %v, %v; want suppressed", c, sup)
	}

	changed := hikvisionEntry("Hikvision", "Hikvision Digital")
	c, sup = Triage(finding(changed, "Hikvision Trading"), cleared, screenRun)
	if c == nil || sup {
		t.Fatalf("Triage after the entry gained an alias = %v, %v; want a new case", c, sup)
	}
	tr := c.Trigger
	if tr.Kind != TriggerEntryChanged || tr.Previous != 12 || len(tr.Changes) != 1 || tr.Changes[0].Field != "names" ||
		!strings.Contains(tr.Message, "+ Hikvision Digital") || !strings.Contains(tr.Message, "case 12 was cleared (different_country) by alice") {
		t.Errorf("trigger after an entry change = %+v", tr)
	}

	c, _ = Triage(finding(e, "Hikvision Trading Ltd"), cleared, screenRun)
	if c == nil || c.Trigger.Kind != TriggerSubjectChanged || !strings.Contains(c.Trigger.Message, `name "Hikvision Trading" -> "Hikvision Trading Ltd"`) {
		t.Errorf("Triage after the counterparty changed = %+v", c)
	}
}

func TestTriageConfirmedCoversUnchanged(t *testing.T) {
	e := hikvisionEntry()
	f := finding(e, "Hikvision")
	c, _ := Triage(f, nil, screenRun)
	c.ID = 3
	if err := c.Confirm("alice", ReasonConfirmedMatch, "", day); err != nil {
		t.Fatal(err)
	}
	if n, sup := Triage(f, c, screenRun); n != nil || !sup {
		t.Errorf("Triage after confirming = %v, %v; want suppressed", n, sup)
	}
	changed := hikvisionEntry()
	changed.LicensePolicy = "Presumption of denial."
	if n, _ := Triage(finding(changed, "Hikvision"), c, screenRun); n == nil || !strings.Contains(n.Trigger.Message, "license_policy") {
		t.Errorf("Triage after the confirmed entry changed its policy = %+v; want a new case naming license_policy", n)
	}
}
