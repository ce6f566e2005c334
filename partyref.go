package clearance

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clearancehq/clearance/match"
)

// PartyRefKind says how an ownership edge names a party.
type PartyRefKind string

// Ways of naming a party in ownership data.
const (
	// RefName: by name, resolved to list entries through the matcher.
	RefName PartyRefKind = ""
	// RefCounterparty: "counterparty:ID", a counterparty of the registry by
	// its id. The party is the counterparty: it carries the counterparty's
	// name as now on file, so an order to the counterparty, an edge naming
	// it by name and a check by either find one party.
	RefCounterparty PartyRefKind = "counterparty"
	// RefEntry: "entry:ID", a list entry by its stable id (Entry.ID). The
	// party is that listing exactly, whatever its name resembles.
	RefEntry PartyRefKind = "entry"
)

// maxRefID bounds the id of a reference, in bytes.
const maxRefID = 200

// PartyRef is a party as ownership data names it: by name, or by the id
// of a counterparty or a list entry.
type PartyRef struct {
	Kind PartyRefKind
	// ID is the counterparty's or entry's id; empty for a name.
	ID string
}

// ParsePartyRef reads how an owner or owned party is written: a name, or
// "counterparty:ID" or "entry:ID" (the prefix in any case, spaces around
// the id ignored). ok is false for a name.
func ParsePartyRef(s string) (ref PartyRef, ok bool) {
	s = strings.TrimSpace(s)
	for _, k := range []PartyRefKind{RefCounterparty, RefEntry} {
		p := string(k) + ":"
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return PartyRef{Kind: k, ID: strings.TrimSpace(s[len(p):])}, true
		}
	}
	return PartyRef{}, false
}

// String writes the reference as ownership data writes it:
// "counterparty:C-17", "entry:SDN-36"; "" for a name.
func (r PartyRef) String() string {
	if r.Kind == RefName {
		return ""
	}
	return string(r.Kind) + ":" + r.ID
}

// CanonicalParty returns an owner or owned party as stored: a reference in
// its canonical spelling ("Counterparty: C-17" becomes
// "counterparty:C-17"), a name trimmed.
func CanonicalParty(s string) string {
	if ref, ok := ParsePartyRef(s); ok {
		return ref.String()
	}
	return strings.TrimSpace(s)
}

// checkParty records what is wrong with an owner or owned party: a name
// as checkText, or a reference with an id of printable text.
func checkParty(p *problems, field, s string) {
	ref, ok := ParsePartyRef(s)
	if !ok {
		checkText(p, field, s, 500)
		return
	}
	switch {
	case ref.ID == "":
		p.add(field, "%q names no %s id (write %s:ID)", s, ref.Kind, ref.Kind)
	case !utf8.ValidString(ref.ID) || len(ref.ID) > maxRefID || strings.IndexFunc(ref.ID, unicode.IsControl) >= 0:
		p.add(field, "%q: a %s id is printable text of at most %d bytes", s, ref.Kind, maxRefID)
	}
}

// EdgeError is what is wrong with one edge of an ownership import: its
// index among the edges given to OwnershipStore.AddOwnership, and the
// field. OwnershipFile.Import reports it at the edge's line in the file.
type EdgeError struct {
	Index int
	Field string
	Err   error
}

func (e *EdgeError) Error() string {
	return fmt.Sprintf("edge %d field %q: %v", e.Index, e.Field, e.Err)
}

func (e *EdgeError) Unwrap() []error { return []error{e.Err, &Error{Kind: Invalid}} }

// ResolveParty returns the listings that a party of ownership data is, as
// the ownership rules resolve owners: for "entry:ID" the entries with that
// id in the screener's lists (one per data set that publishes it), each a
// hit of score 1 on its primary name, and none when no active list has it
// any more; for a name, the hits of screening the name with opts. A
// "counterparty:ID" must have been replaced by the counterparty's name
// first (see CounterpartyNames).
func (s *Screener) ResolveParty(party string, opts match.Options) ([]Hit, error) {
	ref, ok := ParsePartyRef(party)
	if !ok {
		sc, err := s.Screen(Query{Name: party}, opts)
		if err != nil {
			return nil, err
		}
		return sc.Hits, nil
	}
	if ref.Kind != RefEntry {
		return nil, Errorf(Internal, "resolve %s: a counterparty is resolved by its name", ref)
	}
	var hs []Hit
	for _, e := range s.byID[ref.ID] {
		hs = append(hs, newHit(e, match.Result{Score: 1, Explanation: match.Explanation{Name: e.Name, NameKind: string(NamePrimary)}}, false))
	}
	return hs, nil
}

// CounterpartyNames replaces, in ownership edges, each "counterparty:ID"
// by the counterparty's name as now on file, so that the party is the
// counterparty: an order naming it, an edge naming it by name and a check
// by either reach one party of the graph. It remembers each id it looked up.
type CounterpartyNames struct {
	Store CounterpartyStore
	names map[string]string
}

// Name returns the name of a party written as an owner or owned party: the
// counterparty's name for a counterparty reference, the party unchanged
// otherwise. An id the registry does not hold is NotFound.
func (c *CounterpartyNames) Name(ctx context.Context, party string) (string, error) {
	ref, ok := ParsePartyRef(party)
	if !ok || ref.Kind != RefCounterparty {
		return party, nil
	}
	if n, ok := c.names[ref.ID]; ok {
		return n, nil
	}
	cp, err := c.Store.Counterparty(ctx, ref.ID)
	if err != nil {
		return "", err
	}
	if c.names == nil {
		c.names = map[string]string{}
	}
	c.names[ref.ID] = cp.Name
	return cp.Name, nil
}

// Edge returns the edge with its counterparty references replaced by
// names (see Name).
func (c *CounterpartyNames) Edge(ctx context.Context, e OwnershipEdge) (OwnershipEdge, error) {
	var err error
	if e.Owner, err = c.Name(ctx, e.Owner); err != nil {
		return e, err
	}
	e.Owned, err = c.Name(ctx, e.Owned)
	return e, err
}
