package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

// Order returns a valid order of one EAR99 item per quantity given, each
// worth $1,000 a unit, to China for the named end user.
func Order(id, party string, quantities ...int64) *clearance.Order {
	o := &clearance.Order{ID: id, Date: "2020-06-01", Destination: "CN",
		Parties: []clearance.Party{{Role: clearance.RoleEndUser, Name: party, Country: "CN"}}}
	for _, q := range quantities {
		yes := true
		o.Items = append(o.Items, clearance.Item{Description: "image sensors", ECCN: "EAR99",
			Quantity: clearance.Units(q), Value: clearance.Dollars(1000 * q), SubjectToEAR: &yes})
	}
	return o
}

// Released returns a released decision on the order drawing every item
// from the given licence line.
func Released(o *clearance.Order, licence string, line int) *clearance.Decision {
	d := &clearance.Decision{OrderID: o.ID, Outcome: clearance.Released, AsOf: o.Date, Rules: "test",
		DecidedAt: time.Now().UTC().Truncate(time.Microsecond), Reasons: []clearance.Reason{{
			Effect: clearance.Released, Party: o.Parties[0].Name, EntryName: "Listed", Source: "Entity List", Licence: licence, Message: "covered"}}}
	for i, it := range o.Items {
		d.Draws = append(d.Draws, clearance.Draw{Order: o.ID, Item: i, Licence: licence, Line: line, Quantity: it.Quantity, Value: it.Value})
	}
	return d
}

func mustSubmit(t *testing.T, s clearance.GateStore, o *clearance.Order, d *clearance.Decision) *clearance.SubmittedOrder {
	t.Helper()
	rec, err := s.SubmitOrder(t.Context(), o, d)
	if err != nil {
		t.Fatalf("SubmitOrder(%s): %v", o.ID, err)
	}
	return rec
}

func testSubmitDraws(t *testing.T, s clearance.GateStore) {
	ctx := t.Context()
	mustAddLicence(t, s, Licence("L-1", "Hikvision", 10, "1A004.c", "EAR99"))
	o := Order("PO-1", "Hikvision", 4, 6)
	d := Released(o, "L-1", 1)
	rec := mustSubmit(t, s, o, d)
	if !rec.Decision.Recorded || rec.SubmittedAt.Location() != time.UTC {
		t.Errorf("SubmitOrder = %+v, want a recorded decision and a UTC time", rec)
	}
	if q := remaining(t, s, "L-1", 1); q != 0 {
		t.Errorf("after drawing 4 + 6 of 10 units, %s remain", q)
	}
	if q := remaining(t, s, "L-1", 0); q != clearance.Units(10) {
		t.Errorf("the other line lost units: %s remain", q)
	}
	b, err := s.Licence(ctx, "L-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Draws, b.Draws); diff != "" {
		t.Errorf("Licence(L-1).Draws differ from the decision's (-want +got):\n%s", diff)
	}
	if *b.Lines[1].RemainingValue != 0 || b.Lines[1].UsedValue != clearance.Dollars(10000) || b.Exhausted() {
		t.Errorf("balance = %+v, want line 1 spent ($10,000 used) and line 0 whole", b.Lines)
	}
	got, err := s.Order(ctx, "PO-1")
	if err != nil {
		t.Fatalf("Order(PO-1): %v", err)
	}
	want := *d
	want.Recorded = true
	if diff := cmp.Diff(want, got.Decision, balanceOpts); diff != "" {
		t.Errorf("recorded decision (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(*o, got.Order, balanceOpts); diff != "" {
		t.Errorf("recorded order (-want +got):\n%s", diff)
	}
	if !got.SubmittedAt.Equal(rec.SubmittedAt) {
		t.Errorf("SubmittedAt = %v, want %v", got.SubmittedAt, rec.SubmittedAt)
	}
}

func testSubmitWithoutDraws(t *testing.T, s clearance.GateStore) {
	ctx := t.Context()
	mustAddLicence(t, s, Licence("L-1", "Hikvision", 10, "EAR99"))
	for i, outcome := range []clearance.Outcome{clearance.Blocked, clearance.Hold, clearance.Clear} {
		o := Order(fmt.Sprintf("PO-%d", i), "Hikvision", 10)
		mustSubmit(t, s, o, &clearance.Decision{OrderID: o.ID, Outcome: outcome, Reasons: []clearance.Reason{}})
	}
	if q := remaining(t, s, "L-1", 0); q != clearance.Units(10) {
		t.Errorf("orders that do not ship drew on the licence: %s units remain", q)
	}
	all, err := s.Orders(ctx)
	if err != nil || len(all) != 3 {
		t.Fatalf("Orders() = %d orders, %v; want 3", len(all), err)
	}
	for i, rec := range all {
		if rec.Order.ID != fmt.Sprintf("PO-%d", i) {
			t.Errorf("Orders()[%d] = %s, want submission order", i, rec.Order.ID)
		}
	}
	_, err = s.Order(ctx, "PO-9")
	wantKind(t, "Order of an unknown id", err, clearance.NotFound)
}

func testSubmitTwice(t *testing.T, s clearance.GateStore) {
	mustAddLicence(t, s, Licence("L-1", "Hikvision", 10, "EAR99"))
	o := Order("PO-1", "Hikvision", 3)
	mustSubmit(t, s, o, Released(o, "L-1", 0))
	_, err := s.SubmitOrder(t.Context(), o, Released(o, "L-1", 0))
	wantKind(t, "second SubmitOrder of PO-1", err, clearance.Conflict)
	if errors.Is(err, clearance.ErrBalanceChanged) {
		t.Errorf("a duplicate order is reported as a balance change: %v", err)
	}
	if q := remaining(t, s, "L-1", 0); q != clearance.Units(7) {
		t.Errorf("a refused resubmission drew again: %s units remain, want 7", q)
	}
}

func testSubmitOverdraw(t *testing.T, s clearance.GateStore) {
	ctx := t.Context()
	mustAddLicence(t, s, Licence("L-1", "Hikvision", 10, "EAR99"))
	o := Order("PO-1", "Hikvision", 11)
	_, err := s.SubmitOrder(ctx, o, Released(o, "L-1", 0))
	wantKind(t, "SubmitOrder drawing 11 of 10 units", err, clearance.Conflict)
	if !errors.Is(err, clearance.ErrBalanceChanged) {
		t.Errorf("overdraw error %v does not wrap ErrBalanceChanged", err)
	}
	_, err = s.Order(ctx, "PO-1")
	wantKind(t, "Order of a refused submission", err, clearance.NotFound)
	if q := remaining(t, s, "L-1", 0); q != clearance.Units(10) {
		t.Errorf("a refused overdraw changed the balance: %s units remain", q)
	}
	// A value limit guards as a quantity limit does.
	v := clearance.Dollars(5)
	mustAddLicence(t, s, &clearance.Licence{Number: "L-V", Authority: clearance.AuthorityBIS, Destination: "CN",
		Parties: []string{"Hikvision"}, ValidFrom: "2020-01-01", ValidTo: "2020-12-31",
		Items: []clearance.LicenceItem{{ECCN: "EAR99", Value: &v}}})
	o = Order("PO-2", "Hikvision", 1)
	_, err = s.SubmitOrder(ctx, o, Released(o, "L-V", 0))
	if !errors.Is(err, clearance.ErrBalanceChanged) {
		t.Errorf("drawing $1,000 of a $5 licence = %v, want ErrBalanceChanged", err)
	}
}

// testSubmitAllOrNothing: when the second draw of an order fails, the
// first is not applied either.
func testSubmitAllOrNothing(t *testing.T, s clearance.GateStore) {
	mustAddLicence(t, s, Licence("L-1", "Hikvision", 10, "EAR99"))
	o := Order("PO-1", "Hikvision", 6, 6)
	_, err := s.SubmitOrder(t.Context(), o, Released(o, "L-1", 0))
	if !errors.Is(err, clearance.ErrBalanceChanged) {
		t.Fatalf("drawing 6 + 6 of 10 units = %v, want ErrBalanceChanged", err)
	}
	if q := remaining(t, s, "L-1", 0); q != clearance.Units(10) {
		t.Errorf("a failed submission left a partial draw: %s units remain", q)
	}
}

func testSubmitRefused(t *testing.T, s clearance.GateStore) {
	ctx := t.Context()
	mustAddLicence(t, s, Licence("L-1", "Hikvision", 10, "EAR99"))
	o := Order("PO-1", "Hikvision", 1)
	invalid := Order("PO-2", "Hikvision", 1)
	invalid.Items[0].Quantity = 0
	blockedWithDraws := Released(o, "L-1", 0)
	blockedWithDraws.Outcome = clearance.Blocked
	unknownOutcome := Released(o, "L-1", 0)
	unknownOutcome.Outcome = "maybe"
	tests := []struct {
		name string
		o    *clearance.Order
		d    *clearance.Decision
	}{
		{"invalid order", invalid, Released(invalid, "L-1", 0)},
		{"decision for another order", o, Released(Order("PO-3", "Hikvision", 1), "L-1", 0)},
		{"unknown outcome", o, unknownOutcome},
		{"draws of a blocked order", o, blockedWithDraws},
		{"unknown licence", o, Released(o, "L-9", 0)},
		{"unknown line", o, Released(o, "L-1", 3)},
	}
	for _, tt := range tests {
		_, err := s.SubmitOrder(ctx, tt.o, tt.d)
		wantKind(t, "SubmitOrder with "+tt.name, err, clearance.Invalid)
	}
	if all, err := s.Orders(ctx); err != nil || len(all) != 0 {
		t.Errorf("after refused submissions, Orders() = %d orders, %v", len(all), err)
	}
	if q := remaining(t, s, "L-1", 0); q != clearance.Units(10) {
		t.Errorf("refused submissions drew on the licence: %s units remain", q)
	}
}

// testConcurrentSubmissions races many orders for a licence of two
// ten-unit lines, each order taking a unit from each line, half of them
// item by item in the other order of lines: exactly ten win, the licence is
// never overdrawn and no submission fails otherwise (a store that locked
// lines in item order could deadlock).
func testConcurrentSubmissions(t *testing.T, s clearance.GateStore) {
	raceSubmissions(t, 40, s)
}

// RunGateStoreHandles races orders as testConcurrentSubmissions does through
// two handles on one database, as two processes would: exactly ten win,
// whichever handle they came through. The test closes neither handle.
func RunGateStoreHandles(t *testing.T, a, b clearance.GateStore) {
	raceSubmissions(t, 30, a, b)
}

// raceSubmissions submits n orders at once, in turn through each store, and
// checks that ten won.
func raceSubmissions(t *testing.T, n int, stores ...clearance.GateStore) {
	ctx := t.Context()
	s := stores[0]
	mustAddLicence(t, s, Licence("L-1", "Hikvision", 10, "EAR99", "EAR99"))
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			o := Order(fmt.Sprintf("PO-%02d", i), "Hikvision", 1, 1)
			d := Released(o, "L-1", 0)
			d.Draws[(i/len(stores)+1)%2].Line = 1 // item 1 or item 0 on line 1
			_, errs[i] = stores[i%len(stores)].SubmitOrder(ctx, o, d)
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, clearance.ErrBalanceChanged):
			t.Errorf("submission %d: %v, want success or ErrBalanceChanged", i, err)
		}
	}
	if won != 10 {
		t.Errorf("%d of %d orders of a unit a line drew on ten-unit lines, want 10", won, n)
	}
	b, err := s.Licence(ctx, "L-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range b.Lines {
		if *l.RemainingQuantity != 0 || l.UsedQuantity != clearance.Units(10) {
			t.Errorf("after the race: line %+v, want 10 units used and none left", l)
		}
	}
	if len(b.Draws) != 20 {
		t.Errorf("after the race: %d draws, want 20", len(b.Draws))
	}
	if all, err := s.Orders(ctx); err != nil || len(all) != 10 {
		t.Errorf("after the race, %d orders are recorded (%v), want 10", len(all), err)
	}
}
