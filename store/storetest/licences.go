package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clearancehq/clearance"
)

// RunGateStore runs the contract suite of clearance.GateStore: licences,
// their balances, UVL statements and submitted orders. Open must return a
// new, empty store for each call; the suite closes it.
//
// Beyond the interfaces' comments, the suite pins down that instants
// round-trip at microsecond precision in UTC, and that a decision reads back
// equal to what was submitted, with Recorded set.
func RunGateStore(t *testing.T, open func(t *testing.T) clearance.GateStore) {
	runSuite(t, open, []suiteTest[clearance.GateStore]{
		{"LicenceRoundTrip", testLicenceRoundTrip},
		{"LicenceRefused", testLicenceRefused},
		{"UVLStatements", testUVLStatements},
		{"SubmitDraws", testSubmitDraws},
		{"SubmitWithoutDraws", testSubmitWithoutDraws},
		{"SubmitTwice", testSubmitTwice},
		{"SubmitOverdraw", testSubmitOverdraw},
		{"SubmitAllOrNothing", testSubmitAllOrNothing},
		{"SubmitRefused", testSubmitRefused},
		{"ConcurrentSubmissions", testConcurrentSubmissions},
	})
}

// fresh opens a store for one test and closes it, when it can be closed,
// as the test ends.
func fresh[S any](t *testing.T, open func(t *testing.T) S) S {
	t.Helper()
	s := open(t)
	if c, ok := any(s).(interface{ Close() error }); ok {
		t.Cleanup(func() {
			if err := c.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
	return s
}

// Licence returns a valid BIS licence to China for the named party with
// one line per ECCN, each of qty units and $1,000 a unit.
func Licence(number, party string, qty int64, eccns ...string) *clearance.Licence {
	l := &clearance.Licence{Number: number, Authority: clearance.AuthorityBIS, Destination: "CN",
		Parties: []string{party}, ValidFrom: "2020-01-01", ValidTo: "2021-12-31",
		Conditions: []string{"No reexport."}}
	for _, e := range eccns {
		q, v := clearance.Units(qty), clearance.Dollars(1000*qty)
		l.Items = append(l.Items, clearance.LicenceItem{ECCN: e, Quantity: &q, Value: &v})
	}
	return l
}

func mustAddLicence(t *testing.T, s clearance.GateStore, l *clearance.Licence) *clearance.LicenceBalance {
	t.Helper()
	b, err := s.AddLicence(t.Context(), l)
	if err != nil {
		t.Fatalf("AddLicence(%s): %v", l.Number, err)
	}
	return b
}

// remaining returns the remaining quantity of a licence line in units.
func remaining(t *testing.T, s clearance.GateStore, number string, line int) clearance.Quantity {
	t.Helper()
	b, err := s.Licence(t.Context(), number)
	if err != nil {
		t.Fatalf("Licence(%s): %v", number, err)
	}
	return *b.Lines[line].RemainingQuantity
}

var balanceOpts = cmp.Options{cmpopts.EquateEmpty()}

func testLicenceRoundTrip(t *testing.T, s clearance.GateStore) {
	ctx := t.Context()
	value := clearance.Dollars(500)
	l := Licence("L-2", "Hangzhou Hikvision Digital Technology Co., Ltd.", 10, "EAR99", "1A004.c")
	l.Items = append(l.Items, clearance.LicenceItem{ECCN: "1A995", Description: "value only", Value: &value, Unit: "kg"})
	before := time.Now().UTC().Add(-time.Second)
	added := mustAddLicence(t, s, l)
	mustAddLicence(t, s, Licence("L-1", "Other", 1, "EAR99"))

	got, err := s.Licence(ctx, "L-2")
	if err != nil {
		t.Fatalf("Licence(L-2): %v", err)
	}
	if diff := cmp.Diff(added, got, balanceOpts); diff != "" {
		t.Errorf("Licence(L-2) differs from what AddLicence returned (-added +got):\n%s", diff)
	}
	if diff := cmp.Diff(*l, got.Licence, balanceOpts); diff != "" {
		t.Errorf("licence does not round-trip (-want +got):\n%s", diff)
	}
	if len(got.Lines) != 3 || *got.Lines[0].RemainingQuantity != clearance.Units(10) || got.Lines[2].RemainingQuantity != nil ||
		*got.Lines[2].RemainingValue != value || len(got.Draws) != 0 {
		t.Errorf("new licence balance = %+v, want every line whole", got)
	}
	if got.AddedAt.Location() != time.UTC || got.AddedAt.Before(before) || got.AddedAt.Nanosecond()%1000 != 0 {
		t.Errorf("AddedAt = %v, want a recent UTC instant in microseconds", got.AddedAt)
	}
	all, err := s.Licences(ctx)
	if err != nil || len(all) != 2 || all[0].Licence.Number != "L-1" || all[1].Licence.Number != "L-2" {
		t.Fatalf("Licences() = %+v, %v; want L-1 then L-2", all, err)
	}
	if len(all[1].Lines) != 3 {
		t.Errorf("Licences() gives L-2 %d lines, want 3", len(all[1].Lines))
	}
}

func testLicenceRefused(t *testing.T, s clearance.GateStore) {
	ctx := t.Context()
	mustAddLicence(t, s, Licence("L-1", "A", 1, "EAR99"))
	_, err := s.AddLicence(ctx, Licence("L-1", "B", 5, "EAR99"))
	wantKind(t, "AddLicence of a recorded number", err, clearance.Conflict)
	if q := remaining(t, s, "L-1", 0); q != clearance.Units(1) {
		t.Errorf("after a refused duplicate, L-1 has %s units, want 1", q)
	}
	bad := Licence("L-2", "A", 1, "EAR99")
	bad.ValidTo = "2019-01-01"
	_, err = s.AddLicence(ctx, bad)
	wantKind(t, "AddLicence of an invalid licence", err, clearance.Invalid)
	_, err = s.Licence(ctx, "L-2")
	wantKind(t, "Licence of a refused licence", err, clearance.NotFound)
}

func testUVLStatements(t *testing.T, s clearance.GateStore) {
	ctx := t.Context()
	var ids []int64
	for i := range 3 {
		rec, err := s.AddUVLStatement(ctx, &clearance.UVLStatement{Party: fmt.Sprintf("Party %d", i), Signed: "2021-05-01", Order: "PO-1"})
		if err != nil {
			t.Fatalf("AddUVLStatement: %v", err)
		}
		if rec.ID <= 0 || rec.RecordedAt.IsZero() || rec.RecordedAt.Location() != time.UTC {
			t.Errorf("AddUVLStatement = %+v, want an id and a UTC RecordedAt", rec)
		}
		ids = append(ids, rec.ID)
	}
	_, err := s.AddUVLStatement(ctx, &clearance.UVLStatement{Party: "", Signed: "2021-05-01"})
	wantKind(t, "AddUVLStatement without a party", err, clearance.Invalid)
	got, err := s.UVLStatements(ctx)
	if err != nil || len(got) != 3 {
		t.Fatalf("UVLStatements() = %+v, %v; want 3", got, err)
	}
	for i, st := range got {
		if st.ID != ids[i] || st.Party != fmt.Sprintf("Party %d", i) || st.Order != "PO-1" || st.Signed != "2021-05-01" {
			t.Errorf("UVLStatements()[%d] = %+v, want id %d of Party %d", i, st, ids[i], i)
		}
		if i > 0 && st.ID <= got[i-1].ID {
			t.Errorf("UVLStatements() not in id order: %d after %d", st.ID, got[i-1].ID)
		}
	}
}
