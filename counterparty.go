package clearance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Counterparty is a party the exporter deals with (a customer, a supplier, a
// consignee), kept in a registry so that every list update can re-screen it.
// The registry is fed by imports that upsert by ID.
type Counterparty struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Kind    EntityKind `json:"kind,omitempty"`
	Country string     `json:"country,omitempty"` // ISO alpha-2 once parsed
	Address string     `json:"address,omitempty"`
	// Identifiers are registration, tax or passport numbers, as written.
	Identifiers []string `json:"identifiers,omitempty"`

	// Set by the store.
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	// ScreenedAt is when the counterparty as it now stands was last screened
	// against every active list; zero when it never was, or changed since.
	ScreenedAt time.Time `json:"screened_at,omitzero"`
}

// Limits on counterparty fields, in bytes.
const (
	maxCounterpartyID   = 200
	maxCounterpartyName = 500
	maxAddress          = 1000
	maxIdentifier       = 100
)

// Query returns what screening the counterparty asks the lists.
func (c *Counterparty) Query() Query {
	return Query{Name: c.Name, Kind: c.Kind, Country: c.Country, Address: c.Address, Identifiers: c.Identifiers}
}

// Hash returns a digest of what the counterparty is screened on (its name,
// kind, country, address and identifiers). A cleared case stops suppressing
// its alert when the hash changes: the party the analyst judged is not the
// one on file any more.
func (c *Counterparty) Hash() string { return QueryHash(c.Query()) }

// QueryHash returns a digest of a screening query.
func QueryHash(q Query) string {
	if len(q.Identifiers) == 0 {
		q.Identifiers = nil
	}
	b, err := json.Marshal(q)
	if err != nil {
		panic(fmt.Sprintf("clearance: marshal query: %v", err)) // plain data cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// Same reports whether two records of a counterparty say the same: the
// times the store keeps are left out.
func (c *Counterparty) Same(o *Counterparty) bool {
	return c.ID == o.ID && c.Hash() == o.Hash()
}

// Validate checks a counterparty as the parsers leave it: an id and a name
// of printable single-line text, a declared kind, a country as an ISO code.
func (c *Counterparty) Validate() error {
	p := &problems{}
	c.check(p)
	if err := p.err(); err != nil {
		return Errorf(Invalid, "counterparty %q: %w", c.ID, err)
	}
	return nil
}

// check records what is wrong with c in p, by field name.
func (c *Counterparty) check(p *problems) {
	checkText(p, "id", c.ID, maxCounterpartyID)
	checkText(p, "name", c.Name, maxCounterpartyName)
	if !c.Kind.Valid() || c.Kind == KindAddress {
		p.add("type", "%q is not a party type (want person, organization, vessel or aircraft)", c.Kind)
	}
	if c.Country != "" {
		if code, ok := CountryCode(c.Country); !ok || code != c.Country {
			p.add("country", "%q is not an ISO country code", c.Country)
		}
	}
	if !utf8.ValidString(c.Address) || len(c.Address) > maxAddress {
		p.add("address", "not valid UTF-8 or longer than %d bytes", maxAddress)
	}
	for _, id := range c.Identifiers {
		if strings.TrimSpace(id) == "" || len(id) > maxIdentifier || !utf8.ValidString(id) || strings.IndexFunc(id, unicode.IsControl) >= 0 {
			p.add("identifiers", "%q is not an identifier (printable text of at most %d bytes)", id, maxIdentifier)
		}
	}
}

// ParseEntityKind maps the party types people write ("individual",
// "company", "ship") to entity kinds; the empty string is KindUnknown.
func ParseEntityKind(s string) (EntityKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return KindUnknown, nil
	case "person", "individual":
		return KindPerson, nil
	case "organization", "organisation", "entity", "company", "business":
		return KindOrganization, nil
	case "vessel", "ship":
		return KindVessel, nil
	case "aircraft":
		return KindAircraft, nil
	}
	return "", fmt.Errorf("unknown type %q (want person, organization, vessel or aircraft)", s)
}

// UpsertResult says what an import did to the counterparty registry: the
// ids added, updated (a screened field or the name changed) and unchanged.
type UpsertResult struct {
	Added     []string `json:"added"`
	Updated   []string `json:"updated"`
	Unchanged int      `json:"unchanged"`
}

// CounterpartyFilter selects counterparties, in id order.
type CounterpartyFilter struct {
	// After skips the ids up to and including it; Limit bounds the result
	// (0: no bound).
	After string
	Limit int
	// Unscreened keeps only those never screened, or changed since.
	Unscreened bool
}
