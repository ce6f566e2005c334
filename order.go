package clearance

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PartyRole is the part a party plays in a transaction.
type PartyRole string

// Party roles. The first four are the parties to the transaction of 15 CFR
// 748.5(c) to (f), the roles in which an Entity List, Military End-User or
// Unverified List party triggers that list's requirement.
const (
	RolePurchaser             PartyRole = "purchaser"
	RoleIntermediateConsignee PartyRole = "intermediate_consignee"
	RoleUltimateConsignee     PartyRole = "ultimate_consignee"
	RoleEndUser               PartyRole = "end_user"
	RoleForwarder             PartyRole = "forwarder"
	RoleOther                 PartyRole = "other"
)

// PartyRoles lists the roles in display order.
var PartyRoles = []PartyRole{RolePurchaser, RoleIntermediateConsignee, RoleUltimateConsignee, RoleEndUser, RoleForwarder, RoleOther}

// String returns the role in words: "end user".
func (r PartyRole) String() string { return strings.ReplaceAll(string(r), "_", " ") }

// Valid reports whether r is one of the declared roles.
func (r PartyRole) Valid() bool {
	for _, x := range PartyRoles {
		if r == x {
			return true
		}
	}
	return false
}

// TransactionParty reports whether the role is one of the parties to the
// transaction of 15 CFR 748.5(c) to (f): purchaser, intermediate consignee,
// ultimate consignee, end user.
func (r PartyRole) TransactionParty() bool {
	switch r {
	case RolePurchaser, RoleIntermediateConsignee, RoleUltimateConsignee, RoleEndUser:
		return true
	}
	return false
}

// normalizeRole folds the ways people write a role ("End-User", "end user")
// to its constant.
func normalizeRole(s string) PartyRole {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '-' || r == '_' })
	return PartyRole(strings.Join(f, "_"))
}

// ItemCategory names a description of items that licence requirements and
// review policies single out, beyond ECCNs. Only the exporter can tell
// whether an item is one, so orders declare it.
type ItemCategory string

// Item categories found in Entity List entries.
const (
	// EAR99 items described in the Note to ECCN 1A995 (protective
	// equipment), case-by-case under the October 2019 Xinjiang rule.
	CategoryNote1A995 ItemCategory = "1A995-note"
	// Items necessary to detect, identify and treat infectious disease.
	CategoryInfectiousDisease ItemCategory = "infectious-disease"
	// Food or medicine designated EAR99, excepted from several Russian and
	// Belarusian entries.
	CategoryFoodMedicine ItemCategory = "food-medicine"
	// Items uniquely required for production of semiconductors at advanced
	// technology nodes.
	CategoryAdvancedNode ItemCategory = "advanced-node"
	// Items for the safety of civil aviation.
	CategoryCivilAviation ItemCategory = "civil-aviation-safety"
	// Items for US Government supported space programs.
	CategorySpaceProgram ItemCategory = "us-space-program"
)

// ItemCategories lists the declared categories.
var ItemCategories = []ItemCategory{CategoryNote1A995, CategoryInfectiousDisease, CategoryFoodMedicine,
	CategoryAdvancedNode, CategoryCivilAviation, CategorySpaceProgram}

// Party is one party to an order.
type Party struct {
	Role    PartyRole `json:"role"`
	Name    string    `json:"name"`
	Country string    `json:"country,omitempty"` // ISO alpha-2 once parsed
	Address string    `json:"address,omitempty"`
}

// Item is one line of an order.
type Item struct {
	Description string   `json:"description"`
	ECCN        string   `json:"eccn"` // canonical ECCN or EAR99 once parsed
	Quantity    Quantity `json:"quantity"`
	Unit        string   `json:"unit,omitempty"`
	Value       Money    `json:"value"` // US dollars
	// SubjectToEAR is whether the item is subject to the EAR; absent means
	// it is (ParseOrder sets it).
	SubjectToEAR *bool `json:"subject_to_ear,omitempty"`
	// LicenceException is the licence exception the exporter means to ship
	// under ("LVS", "STA"...), if any.
	LicenceException string         `json:"licence_exception,omitempty"`
	Categories       []ItemCategory `json:"categories,omitempty"`
}

// EAR reports whether the item is subject to the EAR.
func (it *Item) EAR() bool { return it.SubjectToEAR == nil || *it.SubjectToEAR }

// HasCategory reports whether the order declares the item of category c.
func (it *Item) HasCategory(c ItemCategory) bool {
	for _, x := range it.Categories {
		if x == c {
			return true
		}
	}
	return false
}

// Order is a transaction to judge: who takes part, what is shipped, where,
// and on what date. It is judged as of Date, against the lists as they
// stood then (an entry applies from its start date).
type Order struct {
	ID          string  `json:"id"`
	Date        string  `json:"date"`        // YYYY-MM-DD
	Destination string  `json:"destination"` // ISO alpha-2 once parsed
	Parties     []Party `json:"parties"`
	Items       []Item  `json:"items"`
}

// ParseOrder reads an order from its JSON document, named doc in errors
// (usually the file name). It refuses unknown fields, normalises countries
// to ISO codes, roles and ECCNs to their canonical forms, and validates the
// result. Errors are *FieldError values naming the field, joined when there
// are several.
func ParseOrder(doc string, data []byte) (*Order, error) {
	var raw struct {
		Order
		Parties []json.RawMessage `json:"parties"`
		Items   []json.RawMessage `json:"items"`
	}
	if err := decodeStrict(doc, "", data, &raw); err != nil {
		return nil, err
	}
	o := raw.Order
	var err error
	if o.Parties, err = decodeElements[Party](doc, "parties", raw.Parties); err != nil {
		return nil, err
	}
	if o.Items, err = decodeElements[Item](doc, "items", raw.Items); err != nil {
		return nil, err
	}
	if err := checked(doc, o.normalize); err != nil {
		return nil, err
	}
	return &o, nil
}

// Validate checks an order as ParseOrder does, without changing it.
func (o *Order) Validate() error {
	c := *o
	c.Parties = append([]Party(nil), o.Parties...)
	c.Items = append([]Item(nil), o.Items...)
	return checked("", c.normalize)
}

// normalize puts the order's fields in canonical form, recording what is
// invalid in p.
func (o *Order) normalize(p *problems) {
	checkText(p, "id", o.ID, 200)
	checkDate(p, "date", o.Date)
	o.Destination = checkCountry(p, "destination", o.Destination, true)
	if len(o.Parties) == 0 {
		p.add("parties", "an order needs at least one party")
	}
	for i := range o.Parties {
		o.Parties[i].normalize(p, i)
	}
	if len(o.Items) == 0 {
		p.add("items", "an order needs at least one item")
	}
	for i := range o.Items {
		o.Items[i].normalize(p, i)
	}
}

func (pt *Party) normalize(p *problems, i int) {
	path := func(f string) string { return "parties[" + itoa(i) + "]." + f }
	pt.Role = normalizeRole(string(pt.Role))
	if !pt.Role.Valid() {
		p.add(path("role"), "%q is not a role (want one of %s)", pt.Role, roleNames())
	}
	checkText(p, path("name"), pt.Name, 500)
	pt.Country = checkCountry(p, path("country"), pt.Country, false)
	if !utf8.ValidString(pt.Address) {
		p.add(path("address"), "not valid UTF-8")
	}
}

func (it *Item) normalize(p *problems, i int) {
	checkText(p, itemPath(i, "description"), it.Description, 1000)
	if e, ok := NormalizeECCN(it.ECCN); ok {
		it.ECCN = e
	} else if strings.TrimSpace(it.ECCN) == "" {
		p.add(itemPath(i, "eccn"), "required: an ECCN such as 1A004.c, or EAR99")
	} else {
		p.add(itemPath(i, "eccn"), "%q is not an ECCN (such as 1A004.c) or EAR99", it.ECCN)
	}
	if it.Quantity <= 0 {
		p.add(itemPath(i, "quantity"), "must be positive")
	}
	if it.Value <= 0 {
		p.add(itemPath(i, "value"), "must be positive (US dollars)")
	}
	if it.SubjectToEAR == nil {
		yes := true
		it.SubjectToEAR = &yes
	}
	if it.LicenceException != "" {
		it.LicenceException = strings.ToUpper(strings.TrimSpace(it.LicenceException))
		if len(it.LicenceException) != 3 || strings.IndexFunc(it.LicenceException, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
			p.add(itemPath(i, "licence_exception"), "%q is not a licence exception symbol (three letters, such as LVS)", it.LicenceException)
		}
	}
	if len(it.Categories) == 0 {
		it.Categories = nil // "categories": [] says nothing
	}
	for j, c := range it.Categories {
		if !validCategory(c) {
			p.add(itemPath(i, "categories")+"["+itoa(j)+"]", "%q is not a known category (want one of %s)", c, categoryNames())
		}
	}
}

func itemPath(i int, field string) string { return "items[" + itoa(i) + "]." + field }

func itoa(i int) string { return strconv.Itoa(i) }

// checkText requires a non-blank single-line text of at most max bytes.
func checkText(p *problems, field, s string, max int) {
	switch {
	case strings.TrimSpace(s) == "":
		p.add(field, "required")
	case !utf8.ValidString(s):
		p.add(field, "not valid UTF-8")
	case len(s) > max:
		p.add(field, "longer than %d bytes", max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		p.add(field, "contains a control character")
	}
}

// checkDate requires an ISO calendar date.
func checkDate(p *problems, field, s string) {
	if s == "" {
		p.add(field, "required: a date as YYYY-MM-DD")
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		p.add(field, "%q is not a date as YYYY-MM-DD", s)
	}
}

// checkCountry returns the ISO code of a country name or code.
func checkCountry(p *problems, field, s string, required bool) string {
	if strings.TrimSpace(s) == "" {
		if required {
			p.add(field, "required: a country name or ISO code")
		}
		return s
	}
	code, ok := CountryCode(s)
	if !ok {
		p.add(field, "%q is not a recognised country name or ISO code", s)
		return s
	}
	return code
}

func validCategory(c ItemCategory) bool {
	for _, x := range ItemCategories {
		if c == x {
			return true
		}
	}
	return false
}

func roleNames() string {
	names := make([]string, len(PartyRoles))
	for i, r := range PartyRoles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func categoryNames() string {
	names := make([]string, len(ItemCategories))
	for i, c := range ItemCategories {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}
