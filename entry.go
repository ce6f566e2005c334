package clearance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EntityKind says what sort of party an entry names.
type EntityKind string

// Entity kinds. Unknown is used when a source does not say and the parser
// cannot tell.
const (
	KindUnknown      EntityKind = ""
	KindPerson       EntityKind = "person"
	KindOrganization EntityKind = "organization"
	KindVessel       EntityKind = "vessel"
	KindAircraft     EntityKind = "aircraft"
	KindAddress      EntityKind = "address" // an address-only entry (Entity List since 2024)
)

func (k EntityKind) String() string {
	if k == KindUnknown {
		return "unknown"
	}
	return string(k)
}

// Valid reports whether k is one of the declared kinds.
func (k EntityKind) Valid() bool {
	switch k {
	case KindUnknown, KindPerson, KindOrganization, KindVessel, KindAircraft, KindAddress:
		return true
	}
	return false
}

// NameKind says what role a name plays in an entry.
type NameKind string

// Name kinds.
const (
	NamePrimary  NameKind = "primary"  // the name the source lists the party under
	NameAlias    NameKind = "aka"      // also known as
	NameFormer   NameKind = "fka"      // formerly known as
	NameNowKnown NameKind = "nka"      // now known as
	NameOriginal NameKind = "original" // the primary name in its original script
)

// AliasStrength grades how much an alias identifies the party. OFAC's "weak
// a.k.a." and the UK's "low quality" aliases are Weak: OFAC does not expect
// them to be screened alone, so the matcher counts them less.
type AliasStrength string

// Alias strengths.
const (
	Strong AliasStrength = ""
	Weak   AliasStrength = "weak"
)

// Name is one name of a listed party as the source writes it.
type Name struct {
	Value    string        `json:"value"`
	Kind     NameKind      `json:"kind"`
	Strength AliasStrength `json:"strength,omitempty"`
	// Script is the ISO 15924 code of the name's writing system (Latn, Hans,
	// Hant, Cyrl, Arab...), as given by the source or detected.
	Script string `json:"script,omitempty"`
}

// Address is a postal address. Sources that publish addresses as one string
// fill Full only; structured sources fill the parts and Full.
type Address struct {
	Full       string `json:"full,omitempty"`
	Street     string `json:"street,omitempty"`
	City       string `json:"city,omitempty"`
	Region     string `json:"region,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"` // ISO 3166-1 alpha-2 when known, else as written
}

// String returns the address on one line.
func (a Address) String() string {
	if a.Full != "" {
		return a.Full
	}
	var parts []string
	for _, p := range []string{a.Street, a.City, a.Region, a.PostalCode, a.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// Identifier is an identifying number: passport, national id, registration
// number, Unified Social Credit Code, IMO number, tax number and so on.
type Identifier struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Country string `json:"country,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Vessel holds the fields that sources publish for ships.
type Vessel struct {
	CallSign               string `json:"call_sign,omitempty"`
	Type                   string `json:"type,omitempty"`
	GrossTonnage           string `json:"gross_tonnage,omitempty"`
	GrossRegisteredTonnage string `json:"gross_registered_tonnage,omitempty"`
	Flag                   string `json:"flag,omitempty"`
	Owner                  string `json:"owner,omitempty"`
}

// Entry is one listed party in one version of a source. Field values are kept
// as the source writes them; the matcher normalises its own copies.
type Entry struct {
	// ID is stable across re-imports of the same source: it is built from the
	// source's own durable key (an OFAC entity number, a UN reference number,
	// a UK group id) or, where the source has none (the CSL's ids are content
	// hashes), from the list and the party's primary name. See StableKey.
	ID string `json:"id"`
	// Source is the id of the published data set the entry came from.
	Source SourceID `json:"source"`
	// List is the legal list the entry belongs to (EL, SDN, DPL...). One
	// source can carry several lists: the CSL carries thirteen.
	List ListCode `json:"list"`
	// SourceRef is the source's own reference for the entry (CSL _id, OFAC
	// ent_num, UN DATAID, UK Group ID), kept for tracing back to the file.
	SourceRef string `json:"source_ref,omitempty"`
	// PartyRef identifies the party across sources that republish one list:
	// the CSL's SDN rows and OFAC's own sdn.csv share OFAC's entity number.
	PartyRef string `json:"party_ref,omitempty"`

	Kind  EntityKind `json:"kind,omitempty"`
	Name  string     `json:"name"`  // the primary name, as written
	Names []Name     `json:"names"` // every name, the primary first
	Title string     `json:"title,omitempty"`

	Addresses     []Address    `json:"addresses,omitempty"`
	Countries     []string     `json:"countries,omitempty"` // ISO alpha-2 where known
	Identifiers   []Identifier `json:"identifiers,omitempty"`
	BirthDates    []string     `json:"birth_dates,omitempty"` // ISO 8601, possibly partial: 1962, 1962-04, 1962-04-21
	BirthPlaces   []string     `json:"birth_places,omitempty"`
	Nationalities []string     `json:"nationalities,omitempty"`
	Citizenships  []string     `json:"citizenships,omitempty"`
	Gender        string       `json:"gender,omitempty"`
	Programs      []string     `json:"programs,omitempty"`
	Vessel        *Vessel      `json:"vessel,omitempty"`

	LicenseRequirement string   `json:"license_requirement,omitempty"`
	LicensePolicy      string   `json:"license_policy,omitempty"`
	FederalRegister    []string `json:"federal_register,omitempty"` // citations, e.g. "84 FR 54002"
	StandardOrder      string   `json:"standard_order,omitempty"`   // DPL: whether the standard denial order applies
	StartDate          string   `json:"start_date,omitempty"`       // ISO date the listing took effect
	EndDate            string   `json:"end_date,omitempty"`         // ISO date the listing ends, if any
	Remarks            string   `json:"remarks,omitempty"`
	SourceURL          string   `json:"source_url,omitempty"`
	InfoURL            string   `json:"info_url,omitempty"`

	// Raw is the source's record as published (a JSON object of its fields),
	// so nothing the parser did not model is lost.
	Raw json.RawMessage `json:"raw,omitempty"`
}

// Aliases returns the entry's names other than the primary one.
func (e *Entry) Aliases() []Name {
	var out []Name
	for _, n := range e.Names {
		if n.Kind != NamePrimary {
			out = append(out, n)
		}
	}
	return out
}

// Validate checks the invariants every parser must uphold: an id, a source, a
// list, a primary name that is also the first of Names, valid UTF-8, and a
// declared kind. Parsers call it on each entry they emit.
func (e *Entry) Validate() error {
	switch {
	case e.ID == "":
		return Errorf(Invalid, "entry has no id")
	case e.Source == "":
		return Errorf(Invalid, "entry %s has no source", e.ID)
	case e.List == "":
		return Errorf(Invalid, "entry %s has no list", e.ID)
	case strings.TrimSpace(e.Name) == "":
		return Errorf(Invalid, "entry %s has no name", e.ID)
	case len(e.Names) == 0 || e.Names[0].Kind != NamePrimary || e.Names[0].Value != e.Name:
		return Errorf(Invalid, "entry %s: Names must start with the primary name", e.ID)
	case !e.Kind.Valid():
		return Errorf(Invalid, "entry %s has unknown kind %q", e.ID, e.Kind)
	}
	for _, n := range e.Names {
		if strings.TrimSpace(n.Value) == "" {
			return Errorf(Invalid, "entry %s has an empty %s name", e.ID, n.Kind)
		}
		if !utf8.ValidString(n.Value) {
			return Errorf(Invalid, "entry %s: name %q is not valid UTF-8", e.ID, n.Value)
		}
	}
	return nil
}

// ContentHash returns a hash of everything the entry says except Raw and the
// source reference, which can change without the listing changing (the CSL's
// _id is itself a hash of the content). Two versions of an entry with equal
// content hashes are the same listing.
func (e *Entry) ContentHash() string {
	c := *e
	c.Raw = nil
	c.SourceRef = ""
	b, err := json.Marshal(&c)
	if err != nil {
		panic(fmt.Sprintf("clearance: marshal entry: %v", err)) // plain data cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// StableKey returns a short key derived from the given parts after folding
// case and dropping everything but letters and digits. Parsers use it to make
// entry ids for sources that publish no durable id. The folding is fixed
// forever: changing it would change every such id.
func StableKey(parts ...string) string {
	h := sha256.New()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		var b strings.Builder
		for _, r := range strings.ToLower(p) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		h.Write([]byte(b.String()))
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}
