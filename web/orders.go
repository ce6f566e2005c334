package web

import (
	"net/http"

	"github.com/clearancehq/clearance"
)

// orderForm is the order check page's data: the document as pasted and,
// once checked, the order and its decision laid out by party and item.
type orderForm struct {
	Doc      string
	Example  string
	Order    *clearance.Order
	Decision *clearance.Decision
	Parties  []partyRow
	Items    []itemRow
	Reasons  []reasonRow
}

type partyRow struct {
	clearance.Party
	ListedAs []clearance.Reason
}

type itemRow struct {
	clearance.Item
	Index   int
	Outcome clearance.Outcome
	Licence string
}

// reasonRow is a reason with the order line it is about, if any.
type reasonRow struct {
	clearance.Reason
	Line  *clearance.Item
	Index int // of Line
}

// exampleOrder is the document the empty form offers as a model.
const exampleOrder = `{
  "id": "PO-1001",
  "date": "2026-03-02",
  "destination": "CN",
  "parties": [
    {"role": "end_user", "name": "Hangzhou Hikvision Digital Technology Co., Ltd.", "country": "CN"}
  ],
  "items": [
    {"description": "image sensors", "eccn": "EAR99", "quantity": 10, "unit": "pieces", "value": 1500}
  ]
}`

func (s *server) orderPage(w http.ResponseWriter, r *http.Request, v *view) error {
	v.Title, v.Page = "Order check", &orderForm{Example: exampleOrder}
	return s.render(w, r, http.StatusOK, "order", v)
}

// orderCheck decides the pasted order as `clearance order check` does:
// against the lists in use and the licences on file, recording nothing.
func (s *server) orderCheck(w http.ResponseWriter, r *http.Request, v *view) error {
	f := &orderForm{Doc: r.PostFormValue("order"), Example: exampleOrder}
	v.Title, v.Page = "Order check", f
	o, err := clearance.ParseOrder("order", []byte(f.Doc))
	if err != nil {
		return s.renderProblem(w, r, "order", v, err)
	}
	sc := s.cfg.Screener.Current()
	if sc == nil {
		return s.renderProblem(w, r, "order", v, errIndexing)
	}
	gk, err := s.cfg.Gate(r.Context(), sc)
	if err != nil {
		return err
	}
	d, err := gk.Check(r.Context(), o)
	if err != nil {
		return s.renderProblem(w, r, "order", v, err)
	}
	f.Order, f.Decision = o, d
	for _, p := range o.Parties {
		f.Parties = append(f.Parties, partyRow{Party: p, ListedAs: d.PartyReasons(p.Name)})
	}
	for i, it := range o.Items {
		outcome, licence := d.ItemOutcome(i)
		f.Items = append(f.Items, itemRow{Item: it, Index: i, Outcome: outcome, Licence: licence})
	}
	for _, rs := range d.Reasons {
		row := reasonRow{Reason: rs}
		if rs.Item != nil && *rs.Item < len(o.Items) {
			row.Line, row.Index = &o.Items[*rs.Item], *rs.Item
		}
		f.Reasons = append(f.Reasons, row)
	}
	v.Title = "Order check: " + o.ID
	return s.render(w, r, http.StatusOK, "order", v)
}
