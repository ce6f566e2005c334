package httpapi

import (
	"net/http"

	"github.com/clearancehq/clearance"
)

// orderDoc reads the body as an order document, as `clearance order
// check` reads its file.
func orderDoc(r *http.Request) (*clearance.Order, error) {
	return readDocument(r, "order", clearance.ParseOrder)
}

// gatekeeper returns the licence gate over the lists in use, taken once
// so that every party of an order is judged against the same versions.
func (s *Server) gatekeeper(r *http.Request) (*clearance.Gatekeeper, error) {
	sc, err := s.screener()
	if err != nil {
		return nil, err
	}
	return s.cfg.Gate(r.Context(), sc)
}

// checkOrder decides an order and records nothing.
func (s *Server) checkOrder(w http.ResponseWriter, r *http.Request) error {
	o, err := orderDoc(r)
	if err != nil {
		return err
	}
	gk, err := s.gatekeeper(r)
	if err != nil {
		return err
	}
	d, err := gk.Check(r.Context(), o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// submitOrder decides an order, records it with its decision and draws
// down the licences it uses. An order is submitted once.
func (s *Server) submitOrder(w http.ResponseWriter, r *http.Request) error {
	o, err := orderDoc(r)
	if err != nil {
		return err
	}
	if err := clearance.CheckNotSubmitted(r.Context(), s.cfg.Store, o.ID); err != nil {
		return err
	}
	gk, err := s.gatekeeper(r)
	if err != nil {
		return err
	}
	d, err := gk.Submit(r.Context(), o)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/orders/"+o.ID)
	return writeJSON(w, http.StatusCreated, d)
}

// orders lists the submitted orders, oldest submission first.
func (s *Server) orders(w http.ResponseWriter, r *http.Request) error {
	all, err := s.cfg.Store.Orders(r.Context())
	if err != nil {
		return err
	}
	return writePage(w, r, all, func(o *clearance.SubmittedOrder) string { return o.Order.ID })
}

// order answers a submitted order with every decision on it and its
// shipment.
func (s *Server) order(w http.ResponseWriter, r *http.Request) error {
	h, err := clearance.LoadOrderHistory(r.Context(), s.cfg.Store, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

// shipOrder records that an order shipped, by the key's holder.
func (s *Server) shipOrder(w http.ResponseWriter, r *http.Request) error {
	ship, ok := s.cfg.Store.(clearance.ShipmentStore)
	if !ok {
		return notInStore("shipments")
	}
	sh, err := ship.ShipOrder(r.Context(), r.PathValue("id"), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sh)
}
