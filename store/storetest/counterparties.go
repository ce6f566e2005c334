package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

func testCounterpartyUpsert(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	a, b := Counterparty("C-2", "Acme Trading"), Counterparty("C-1", "Beta Optics")
	b.Identifiers = []string{"91330000733796106P"}
	res, err := s.UpsertCounterparties(ctx, []clearance.Counterparty{a, b}, "alice")
	if err != nil {
		t.Fatalf("UpsertCounterparties: %v", err)
	}
	if !slices.Equal(res.Added, []string{"C-2", "C-1"}) || len(res.Updated) != 0 || res.Unchanged != 0 {
		t.Errorf("first import = %+v, want C-2 and C-1 added", res)
	}
	got, err := s.Counterparty(ctx, "C-1")
	if err != nil {
		t.Fatalf("Counterparty(C-1): %v", err)
	}
	if got.CreatedAt.IsZero() || !got.CreatedAt.Equal(got.UpdatedAt) || !got.ScreenedAt.IsZero() || got.CreatedAt.Location() != time.UTC {
		t.Errorf("times of a new counterparty: %+v", got)
	}
	got.CreatedAt, got.UpdatedAt = time.Time{}, time.Time{}
	if diff := cmp.Diff(b, *got); diff != "" {
		t.Errorf("Counterparty(C-1) (-want +got):\n%s", diff)
	}

	a.Address = "1 Harbour Road"
	c := Counterparty("C-3", "Gamma")
	res, err = s.UpsertCounterparties(ctx, []clearance.Counterparty{b, a, c}, "bob")
	if err != nil {
		t.Fatalf("second UpsertCounterparties: %v", err)
	}
	if !slices.Equal(res.Added, []string{"C-3"}) || !slices.Equal(res.Updated, []string{"C-2"}) || res.Unchanged != 1 {
		t.Errorf("second import = %+v, want C-3 added, C-2 updated, one unchanged", res)
	}
	got, _ = s.Counterparty(ctx, "C-2")
	if got.Address != "1 Harbour Road" || got.UpdatedAt.Before(got.CreatedAt) {
		t.Errorf("updated counterparty = %+v", got)
	}
	evs := events(t, s)
	if len(evs) != 2 || evs[0].Type != clearance.EventCounterpartiesImported || evs[1].Actor != "bob" {
		t.Errorf("events = %+v, want two counterparties.imported, the second by bob", evs)
	}
	if n, err := s.CountCounterparties(ctx); err != nil || n != 3 {
		t.Errorf("CountCounterparties = %d, %v; want 3", n, err)
	}
	_, err = s.Counterparty(ctx, "C-9")
	wantKind(t, "Counterparty(C-9)", err, clearance.NotFound)
}

// testCounterpartyRefused: an invalid counterparty or a repeated id refuses
// the whole batch.
func testCounterpartyRefused(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	bad := Counterparty("C-2", "Acme")
	bad.Country = "Narnia"
	for name, batch := range map[string][]clearance.Counterparty{
		"invalid country": {Counterparty("C-1", "Fine"), bad},
		"no name":         {Counterparty("C-1", "Fine"), Counterparty("C-2", " ")},
		"repeated id":     {Counterparty("C-1", "Fine"), Counterparty("C-1", "Again")},
	} {
		_, err := s.UpsertCounterparties(ctx, batch, "alice")
		wantKind(t, name, err, clearance.Invalid)
	}
	if n, _ := s.CountCounterparties(ctx); n != 0 {
		t.Errorf("refused batches left %d counterparties", n)
	}
	if evs := events(t, s); len(evs) != 0 {
		t.Errorf("refused batches recorded events: %+v", evs)
	}
}

// testCounterpartyPages: pages by id after a cursor; screened marks hold
// only while the counterparty stays as screened.
func testCounterpartyPages(t *testing.T, s clearance.ReviewStore) {
	ctx := t.Context()
	var batch []clearance.Counterparty
	for _, id := range []string{"b", "a", "C", "c", "aa"} {
		batch = append(batch, Counterparty(id, "Party "+id))
	}
	if _, err := s.UpsertCounterparties(ctx, batch, "alice"); err != nil {
		t.Fatal(err)
	}
	page := func(f clearance.CounterpartyFilter) []string {
		t.Helper()
		cps, err := s.Counterparties(ctx, f)
		if err != nil {
			t.Fatalf("Counterparties(%+v): %v", f, err)
		}
		ids := []string{}
		for _, c := range cps {
			ids = append(ids, c.ID)
		}
		return ids
	}
	if got := page(clearance.CounterpartyFilter{}); !slices.Equal(got, []string{"C", "a", "aa", "b", "c"}) {
		t.Errorf("all counterparties = %v, want bytewise id order", got)
	}
	if got := page(clearance.CounterpartyFilter{After: "a", Limit: 2}); !slices.Equal(got, []string{"aa", "b"}) {
		t.Errorf("page after a, 2 = %v", got)
	}
	marks := []clearance.ScreenedMark{{CounterpartyID: "a", Hash: batch[1].Hash(), At: at}, {CounterpartyID: "b", Hash: "stale", At: at}}
	mustRecord(t, s, &clearance.Findings{Screened: marks})
	if got := page(clearance.CounterpartyFilter{Unscreened: true}); !slices.Equal(got, []string{"C", "aa", "b", "c"}) {
		t.Errorf("unscreened after marking a (and b with a stale hash) = %v", got)
	}
	got, _ := s.Counterparty(ctx, "a")
	if !got.ScreenedAt.Equal(at) {
		t.Errorf("ScreenedAt of a = %v, want %v", got.ScreenedAt, at)
	}
	changed := batch[1]
	changed.Name = "Party A Renamed"
	if _, err := s.UpsertCounterparties(ctx, []clearance.Counterparty{changed}, "alice"); err != nil {
		t.Fatal(err)
	}
	if got := page(clearance.CounterpartyFilter{Unscreened: true, Limit: 1}); !slices.Equal(got, []string{"C"}) {
		t.Errorf("first unscreened = %v", got)
	}
	if got, _ := s.Counterparty(ctx, "a"); !got.ScreenedAt.IsZero() {
		t.Errorf("a renamed still has ScreenedAt %v", got.ScreenedAt)
	}
}
