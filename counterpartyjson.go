package clearance

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// counterpartyDoc is one counterparty of a JSON import: the fields a
// Counterparty marshals to, less those the store sets.
type counterpartyDoc struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	Country     string   `json:"country"`
	Address     string   `json:"address"`
	Identifiers []string `json:"identifiers"`
}

// ParseCounterpartiesJSON reads counterparties from a JSON array of
// objects with the fields of a Counterparty (id, name, kind, country,
// address, identifiers), named doc in errors. Like ParseCounterparties it
// turns country names into ISO codes and types such as "company" into
// entity kinds, refuses an id given twice, and reports every problem (up
// to twenty) as a *FieldError naming the element and field ("[2].country"),
// returning no counterparty then.
func ParseCounterpartiesJSON(doc string, data []byte) ([]Counterparty, error) {
	var raws []json.RawMessage
	if err := decodeStrict(doc, "", data, &raws); err != nil {
		return nil, err
	}
	if len(raws) == 0 {
		return nil, &FieldError{Doc: doc, Err: errors.New("no counterparty: want a JSON array of at least one")}
	}
	docs, err := decodeElements[counterpartyDoc](doc, "", raws)
	if err != nil {
		return nil, err
	}
	p := &problems{doc: doc}
	out := make([]Counterparty, 0, len(docs))
	seen := map[string]int{}
	for i, d := range docs {
		at := fmt.Sprintf("[%d]", i)
		add := func(field, format string, args ...any) { p.add(at+"."+field, format, args...) }
		var ids []string
		for _, id := range d.Identifiers {
			ids = append(ids, strings.TrimSpace(id))
		}
		c := newCounterparty(Counterparty{ID: strings.TrimSpace(d.ID), Name: strings.TrimSpace(d.Name),
			Address: strings.TrimSpace(d.Address), Identifiers: ids}, d.Kind, d.Country, "kind", add)
		if first, dup := seen[c.ID]; dup && c.ID != "" {
			add("id", "%q is also element %d", c.ID, first)
		} else {
			seen[c.ID] = i
		}
		out = append(out, c)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return out, nil
}
