package storetest

import (
	"testing"
	"time"

	"github.com/clearancehq/clearance"
)

// RunReviewStore runs the contract suite of clearance.ReviewStore: the
// counterparty registry, cases, order shipments and later decisions,
// monitoring runs, the event log and webhook deliveries, matching options.
// Open must return a new, empty store for each call; the suite closes it.
//
// Beyond the interfaces' comments, the suite pins down:
//   - counterparty ids and case ids order bytewise and numerically;
//   - a failed RecordFindings or UpdateCase leaves no trace, events
//     included;
//   - the event log never changes: events keep their IDs, bodies and order;
//   - times round-trip at microsecond precision, in UTC.
func RunReviewStore(t *testing.T, open func(t *testing.T) clearance.ReviewStore) {
	runSuite(t, open, []suiteTest[clearance.ReviewStore]{
		{"CounterpartyUpsert", testCounterpartyUpsert},
		{"CounterpartyRefused", testCounterpartyRefused},
		{"CounterpartyPagesAndScreening", testCounterpartyPages},
		{"CaseRoundTrip", testCaseRoundTrip},
		{"CaseOneActivePerKey", testCaseOneActive},
		{"CaseSupersedes", testCaseSupersedes},
		{"CaseUpdate", testCaseUpdate},
		{"CaseUpdateConcurrent", testCaseUpdateConcurrent},
		{"CaseActionsAudited", testCaseActionsAudited},
		{"CaseFilter", testCaseFilter},
		{"FindingsAllOrNothing", testFindingsAllOrNothing},
		{"OrderDecisions", testOrderDecisions},
		{"ShipOrder", testShipOrder},
		{"MonitorRuns", testMonitorRuns},
		{"MonitorProgress", testMonitorProgress},
		{"MonitorClaimRace", testMonitorClaimRace},
		{"MonitorClaimLapse", testMonitorClaimLapse},
		{"Events", testEvents},
		{"Webhooks", testWebhooks},
		{"WebhookClaims", testWebhookClaims},
		{"Options", testOptions},
	})
}

// at is a fixed instant at microsecond precision.
var at = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

// Counterparty returns a valid counterparty.
func Counterparty(id, name string) clearance.Counterparty {
	return clearance.Counterparty{ID: id, Name: name, Kind: clearance.KindOrganization, Country: "CN"}
}

// NewCase returns an open case on a counterparty and an entry, as Triage
// would make it.
func NewCase(counterparty string, e *clearance.Entry, score float64) clearance.Case {
	f := &clearance.Finding{CounterpartyID: counterparty, Subject: clearance.Query{Name: e.Name},
		Hit: clearance.Hit{EntryID: e.ID, EntryName: e.Name, Source: clearance.ListName(e.List), List: e.List,
			Dataset: e.Source, Score: score, Entry: e}}
	run := &clearance.ScreenRun{OptionsHash: "0123456789ab", Algorithm: "test", At: at,
		Versions: []clearance.VersionRef{{Source: e.Source, Version: 1}},
		Trigger:  clearance.CaseTrigger{Kind: clearance.TriggerScreening, Message: "Screened."}}
	c, _ := clearance.Triage(f, nil, run)
	return *c
}

// mustRecord records findings and fails the test on error.
func mustRecord(t *testing.T, s clearance.ReviewStore, f *clearance.Findings) *clearance.Recorded {
	t.Helper()
	rec, err := s.RecordFindings(t.Context(), f)
	if err != nil {
		t.Fatalf("RecordFindings: %v", err)
	}
	return rec
}

// mustOpen opens one case and returns it with its ID.
func mustOpen(t *testing.T, s clearance.ReviewStore, c clearance.Case) clearance.Case {
	t.Helper()
	rec := mustRecord(t, s, &clearance.Findings{Cases: []clearance.Case{c}})
	if len(rec.Cases) != 1 {
		t.Fatalf("RecordFindings opened %d cases, want 1", len(rec.Cases))
	}
	return rec.Cases[0]
}

// events returns every event recorded.
func events(t *testing.T, s clearance.ReviewStore) []clearance.Event {
	t.Helper()
	evs, err := s.Events(t.Context(), clearance.EventFilter{})
	if err != nil {
		t.Fatalf("Events: %v", err)
	}
	return evs
}

func eventTypes(evs []clearance.Event) []clearance.EventType {
	out := make([]clearance.EventType, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}
