package clearance

import (
	"encoding/json"
	"strings"
	"time"
)

// Authority is the agency that issued a licence. Which agency's licence can
// lift which list's requirement is the consequence table's business (see
// package gate): an EAR licence requirement is lifted by a BIS licence only.
type Authority string

// Licensing authorities.
const (
	AuthorityBIS  Authority = "BIS"  // Commerce, Bureau of Industry and Security (EAR)
	AuthorityDDTC Authority = "DDTC" // State, Directorate of Defense Trade Controls (ITAR)
	AuthorityOFAC Authority = "OFAC" // Treasury, Office of Foreign Assets Control
)

// Authorities lists the known authorities.
var Authorities = []Authority{AuthorityBIS, AuthorityDDTC, AuthorityOFAC}

// Licence is an export licence as issued. It is recorded once and never
// changes; what has been drawn against it is kept beside it (see
// LicenceBalance).
type Licence struct {
	Number    string    `json:"number"`
	Authority Authority `json:"authority"` // BIS when the document says none
	// Destination is the country of ultimate destination, ISO alpha-2 once
	// parsed.
	Destination string `json:"destination"`
	// Parties are the names of the parties the licence names (purchaser,
	// consignees, end user): a licence authorises only the transaction it
	// describes.
	Parties    []string      `json:"parties"`
	Items      []LicenceItem `json:"items"`
	ValidFrom  string        `json:"valid_from"` // YYYY-MM-DD, first day of validity
	ValidTo    string        `json:"valid_to"`   // YYYY-MM-DD, last day of validity
	Conditions []string      `json:"conditions,omitempty"`
}

// LicenceItem is one line of a licence: an ECCN (or EAR99) and the quantity
// and value authorised for it. An absent limit is not a limit, but a line
// must state at least one.
type LicenceItem struct {
	ECCN        string    `json:"eccn"`
	Description string    `json:"description,omitempty"`
	Quantity    *Quantity `json:"quantity,omitempty"`
	Unit        string    `json:"unit,omitempty"`
	Value       *Money    `json:"value,omitempty"` // US dollars
}

// ParseLicence reads a licence from its JSON document, named doc in errors.
// It refuses unknown fields, normalises the destination and ECCNs, and
// validates the result. Errors are *FieldError values naming the field.
func ParseLicence(doc string, data []byte) (*Licence, error) {
	var raw struct {
		Licence
		Items []json.RawMessage `json:"items"`
	}
	if err := decodeStrict(doc, "", data, &raw); err != nil {
		return nil, err
	}
	l := raw.Licence
	var err error
	if l.Items, err = decodeElements[LicenceItem](doc, "items", raw.Items); err != nil {
		return nil, err
	}
	if err := checked(doc, l.normalize); err != nil {
		return nil, err
	}
	return &l, nil
}

// Validate checks a licence as ParseLicence does, without changing it.
func (l *Licence) Validate() error {
	c := *l
	c.Parties = append([]string(nil), l.Parties...)
	c.Items = append([]LicenceItem(nil), l.Items...)
	return checked("", c.normalize)
}

func (l *Licence) normalize(p *problems) {
	checkText(p, "number", l.Number, 100)
	if l.Authority == "" {
		l.Authority = AuthorityBIS
	}
	l.Authority = Authority(strings.ToUpper(strings.TrimSpace(string(l.Authority))))
	if !validAuthority(l.Authority) {
		p.add("authority", "%q is not a licensing authority (want BIS, DDTC or OFAC)", l.Authority)
	}
	l.Destination = checkCountry(p, "destination", l.Destination, true)
	if len(l.Parties) == 0 {
		p.add("parties", "a licence names at least one party")
	}
	for i, name := range l.Parties {
		checkText(p, "parties["+itoa(i)+"]", name, 500)
	}
	if len(l.Items) == 0 {
		p.add("items", "a licence authorises at least one item")
	}
	for i := range l.Items {
		l.Items[i].normalize(p, i)
	}
	checkDate(p, "valid_from", l.ValidFrom)
	checkDate(p, "valid_to", l.ValidTo)
	if l.ValidFrom != "" && l.ValidTo != "" && l.ValidTo < l.ValidFrom {
		p.add("valid_to", "%s is before valid_from %s", l.ValidTo, l.ValidFrom)
	}
	if len(l.Conditions) == 0 {
		l.Conditions = nil
	}
	for i, c := range l.Conditions {
		if strings.TrimSpace(c) == "" {
			p.add("conditions["+itoa(i)+"]", "empty condition")
		}
	}
}

func (li *LicenceItem) normalize(p *problems, i int) {
	if e, ok := NormalizeECCN(li.ECCN); ok {
		li.ECCN = e
	} else {
		p.add(itemPath(i, "eccn"), "%q is not an ECCN (such as 1A004.c) or EAR99", li.ECCN)
	}
	switch {
	case li.Quantity == nil && li.Value == nil:
		p.add(itemPath(i, "quantity"), "a licence line needs a quantity or a value limit")
	case li.Quantity != nil && *li.Quantity <= 0:
		p.add(itemPath(i, "quantity"), "must be positive")
	case li.Value != nil && *li.Value <= 0:
		p.add(itemPath(i, "value"), "must be positive (US dollars)")
	}
}

func validAuthority(a Authority) bool {
	for _, x := range Authorities {
		if a == x {
			return true
		}
	}
	return false
}

// LineBalance is what remains of one licence line.
type LineBalance struct {
	UsedQuantity Quantity `json:"used_quantity"`
	UsedValue    Money    `json:"used_value"`
	// Remaining quantity and value; nil where the line sets no limit.
	RemainingQuantity *Quantity `json:"remaining_quantity,omitempty"`
	RemainingValue    *Money    `json:"remaining_value,omitempty"`
}

// NewLineBalance returns the balance of a line after the given use.
func NewLineBalance(li LicenceItem, usedQ Quantity, usedV Money) LineBalance {
	b := LineBalance{UsedQuantity: usedQ, UsedValue: usedV}
	if li.Quantity != nil {
		q := *li.Quantity - usedQ
		b.RemainingQuantity = &q
	}
	if li.Value != nil {
		v := *li.Value - usedV
		b.RemainingValue = &v
	}
	return b
}

// Draw is the use of a licence line by one item of an order.
type Draw struct {
	Order    string   `json:"order"`
	Item     int      `json:"item"` // index in the order's items
	Licence  string   `json:"licence"`
	Line     int      `json:"line"` // index in the licence's items
	Quantity Quantity `json:"quantity"`
	Value    Money    `json:"value"`
}

// LicenceBalance is a recorded licence with what remains of it.
type LicenceBalance struct {
	Licence Licence       `json:"licence"`
	Lines   []LineBalance `json:"lines"` // one per Licence.Items, in order
	AddedAt time.Time     `json:"added_at"`
	// Draws are the orders that drew on the licence, oldest first.
	Draws []Draw `json:"draws"`
}

// Exhausted reports whether no line has anything left.
func (b *LicenceBalance) Exhausted() bool {
	for _, l := range b.Lines {
		if (l.RemainingQuantity == nil || *l.RemainingQuantity > 0) && (l.RemainingValue == nil || *l.RemainingValue > 0) {
			return false
		}
	}
	return true
}

// UVLStatement records a signed statement from a party on the Unverified
// List (15 CFR 744.15(b)): without one on file, no transaction with the
// party may proceed unless a licence authorises it.
type UVLStatement struct {
	ID int64 `json:"id,omitempty"` // assigned by the store
	// Party is the name of the listed party that signed, as orders name it.
	Party  string `json:"party"`
	Signed string `json:"signed"` // YYYY-MM-DD
	// Order limits the statement to one order; empty, it covers the party's
	// orders dated on or after Signed.
	Order      string    `json:"order,omitempty"`
	Signatory  string    `json:"signatory,omitempty"`
	Note       string    `json:"note,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"` // set by the store
}

// ParseUVLStatement reads a UVL statement record from its JSON document.
func ParseUVLStatement(doc string, data []byte) (*UVLStatement, error) {
	var s UVLStatement
	if err := decodeStrict(doc, "", data, &s); err != nil {
		return nil, err
	}
	err := checked(doc, func(p *problems) {
		s.check(p)
		if s.ID != 0 || !s.RecordedAt.IsZero() {
			p.add("id", "set by Clearance when the statement is recorded")
		}
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// Validate checks a UVL statement record.
func (s *UVLStatement) Validate() error { return checked("", s.check) }

func (s *UVLStatement) check(p *problems) {
	checkText(p, "party", s.Party, 500)
	checkDate(p, "signed", s.Signed)
	if s.Order != "" {
		checkText(p, "order", s.Order, 200)
	}
}
