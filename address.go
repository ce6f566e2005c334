package clearance

import (
	"github.com/clearancehq/clearance/match"
)

// indexAddresses builds the index of address-only entries: each is a
// record whose names are the entry's name (the lists write the address as
// the name) and its addresses.
func (s *Screener) indexAddresses() error {
	var recs []match.Record
	for _, e := range s.entries {
		if e.Kind != KindAddress {
			continue
		}
		r := match.Record{Kind: string(KindAddress), Countries: e.Countries}
		r.Names = append(r.Names, match.RecordName{Text: e.Name, Kind: string(NamePrimary)})
		for _, a := range e.Addresses {
			if text := a.String(); text != "" && text != e.Name {
				r.Names = append(r.Names, match.RecordName{Text: text, Kind: "address"})
			}
		}
		recs = append(recs, r)
		s.addressEntries = append(s.addressEntries, e)
	}
	if len(recs) == 0 {
		return nil
	}
	ix, err := match.NewIndex(recs)
	if err != nil {
		return Errorf(Internal, "build address index: %w", err)
	}
	s.addresses = ix
	return nil
}

// screenAddress screens a query's address against the address-only
// entries: a shipment to a listed address is caught whatever name the
// consignee gives.
func (s *Screener) screenAddress(q Query, countries []string, opts match.Options) []Hit {
	if s.addresses == nil || q.Address == "" {
		return nil
	}
	// Two addresses differ in a word of each (a room number) without
	// being two parties: no substitution factor here.
	opts.SubstitutionFactor = 1
	var hits []Hit
	for _, r := range s.addresses.Search(match.Query{Name: q.Address, Countries: countries}, opts) {
		h := newHit(s.addressEntries[r.Record], r, opts.Brief)
		h.MatchedKind = "address"
		h.Explanation.Evidence = append(h.Explanation.Evidence, match.Evidence{Feature: "address",
			Detail: "the query's address matches the address of an address-only entry"})
		hits = append(hits, h)
	}
	return hits
}
