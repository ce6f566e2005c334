package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// order is an order document of EAR99 items to Hikvision.
func order(id, date string, qty int) map[string]any {
	return map[string]any{"id": id, "date": date, "destination": "China",
		"parties": []any{map[string]any{"role": "end_user", "name": hikvision, "country": "CN"}},
		"items":   []any{map[string]any{"description": "image sensors", "eccn": "EAR99", "quantity": qty, "unit": "pieces", "value": 150 * qty}}}
}

// reasonOn returns the decision's reason naming an entry of a list.
func reasonOn(t *testing.T, d clearance.Decision, list clearance.ListCode) clearance.Reason {
	t.Helper()
	for _, r := range d.Reasons {
		if r.List == list {
			return r
		}
	}
	t.Fatalf("decision %s has no reason on %s: %+v", d.Outcome, list, d.Reasons)
	return clearance.Reason{}
}

// TestOrders: a check decides and records nothing; a submission under a
// licence is released, recorded, draws the licence down, and is audited as
// the key's; a second submission is a conflict; the order shows its
// history and ships.
func TestOrders(t *testing.T) {
	w := newWorld(t)
	lic := map[string]any{"number": "D123456", "destination": "CN", "parties": []string{hikvision},
		"items":      []any{map[string]any{"eccn": "EAR99", "quantity": 10, "unit": "pieces", "value": 1500}},
		"valid_from": "2019-11-01", "valid_to": "2021-10-31"}
	r := w.do(request{method: "POST", path: "/v1/licences", key: "approver", body: lic})
	wantStatus(t, "add licence", r, http.StatusCreated)
	wantStatus(t, "the licence again", w.do(request{method: "POST", path: "/v1/licences", key: "approver", body: lic}), http.StatusConflict)

	r = w.do(request{method: "POST", path: "/v1/orders/check", key: "screener", body: order("PO-1", "2019-10-15", 10)})
	wantStatus(t, "check", r, http.StatusOK)
	d := decodeAs[clearance.Decision](t, r)
	if el := reasonOn(t, d, clearance.ListEntity); d.Outcome != clearance.Blocked || d.Recorded || el.ReviewPolicy != "presumption of denial" ||
		el.EntryName != hikvision || el.Message == "" {
		t.Errorf("check before the licence = %s (recorded %v), reason %+v; want blocked, presumption of denial", d.Outcome, d.Recorded, el)
	}
	if list := decodeAs[page[clearance.SubmittedOrder]](t, w.do(request{method: "GET", path: "/v1/orders", key: "analyst"})); len(list.Items) != 0 {
		t.Errorf("a check recorded an order: %+v", list.Items)
	}

	r = w.do(request{method: "POST", path: "/v1/orders", key: "screener", body: order("PO-2", "2019-12-01", 10),
		header: map[string]string{"X-Request-Id": "req-submit-2"}})
	wantStatus(t, "submit", r, http.StatusCreated)
	d = decodeAs[clearance.Decision](t, r)
	if el := reasonOn(t, d, clearance.ListEntity); d.Outcome != clearance.Released || !d.Recorded || el.Licence != "D123456" || len(d.Draws) != 1 {
		t.Errorf("submit under the licence = %s (recorded %v), reason %+v, draws %+v; want released under D123456", d.Outcome, d.Recorded, el, d.Draws)
	}
	if loc := r.header.Get("Location"); loc != "/v1/orders/PO-2" {
		t.Errorf("Location %q", loc)
	}
	again := w.do(request{method: "POST", path: "/v1/orders", key: "screener", body: order("PO-2", "2019-12-01", 10)})
	wantStatus(t, "second submission", again, http.StatusConflict)
	if p := again.problem(t); !strings.Contains(p.Detail, "already submitted") {
		t.Errorf("second submission: %q", p.Detail)
	}
	bal := decodeAs[clearance.LicenceBalance](t, w.do(request{method: "GET", path: "/v1/licences/D123456", key: "analyst"}))
	if len(bal.Draws) != 1 || bal.Draws[0].Order != "PO-2" || *bal.Lines[0].RemainingQuantity != 0 {
		t.Errorf("licence after the submission: %+v", bal)
	}
	recs := w.audit(clearance.AuditQuery{Action: clearance.AuditOrderSubmit})
	if len(recs) != 1 || recs[0].Actor != "key:screener" || recs[0].RequestID != "req-submit-2" || recs[0].Subject != "PO-2" {
		t.Errorf("audit of the submission: %+v", recs)
	}
	if recs := w.audit(clearance.AuditQuery{Action: clearance.AuditLicenceAdd}); len(recs) != 1 || recs[0].Actor != "key:approver" {
		t.Errorf("audit of the licence: %+v", recs)
	}

	wantStatus(t, "ship", w.do(request{method: "POST", path: "/v1/orders/PO-2/ship", key: "screener"}), http.StatusOK)
	h := decodeAs[clearance.OrderHistory](t, w.do(request{method: "GET", path: "/v1/orders/PO-2", key: "analyst"}))
	if len(h.Decisions) != 1 || h.Shipment == nil || h.Shipment.By != "key:screener" || h.Order.Destination != "CN" {
		t.Errorf("order history: %+v", h)
	}
	wantStatus(t, "unknown order", w.do(request{method: "GET", path: "/v1/orders/PO-9", key: "analyst"}), http.StatusNotFound)
}

// TestPages: a listing returns at most limit items and a cursor to the
// next page, until the last.
func TestPages(t *testing.T) {
	w := newWorld(t)
	for i := range 5 {
		lic := map[string]any{"number": fmt.Sprintf("D%d", i), "destination": "CN", "parties": []string{hikvision},
			"items": []any{map[string]any{"eccn": "EAR99", "quantity": 1}}, "valid_from": "2019-11-01", "valid_to": "2021-10-31"}
		wantStatus(t, "add licence", w.do(request{method: "POST", path: "/v1/licences", key: "approver", body: lic}), http.StatusCreated)
	}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("more pages than there are licences")
		}
		path := "/v1/licences?limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		r := w.do(request{method: "GET", path: path, key: "analyst"})
		wantStatus(t, path, r, http.StatusOK)
		p := decodeAs[page[clearance.LicenceBalance]](t, r)
		for _, b := range p.Items {
			got = append(got, b.Licence.Number)
		}
		if p.Next == "" {
			break
		}
		cursor = p.Next
	}
	if strings.Join(got, ",") != "D0,D1,D2,D3,D4" {
		t.Errorf("paged licences %v", got)
	}
	wantStatus(t, "a made-up cursor", w.do(request{method: "GET", path: "/v1/licences?cursor=nope", key: "analyst"}), http.StatusBadRequest)
	wantStatus(t, "a limit too large", w.do(request{method: "GET", path: "/v1/licences?limit=5000", key: "analyst"}), http.StatusBadRequest)
}
