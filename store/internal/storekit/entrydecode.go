package storekit

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// decodeEntryFast decodes a stored entry body written by an Encoder, Raw
// left out, without reflection: encoding/json's decoding is most of what
// loading a screener's entries costs. It reads only the JSON encoding/json
// writes for an Entry: an object with each known key at most once, in the
// key's exact spelling, strings, arrays, objects and nulls where the fields
// take them. It reports false on anything else (an unknown or repeated key,
// a number, a key written with escapes, text after the object...), and the
// caller decodes the body with encoding/json, which is then the reference:
// a fuzz test checks that the two agree wherever this one succeeds.
func decodeEntryFast(body []byte) (*clearance.Entry, bool) {
	d := entryDecoder{b: body}
	e := new(clearance.Entry)
	if !d.entry(e) {
		return nil, false
	}
	if d.space(); d.i != len(d.b) {
		return nil, false
	}
	return e, true
}

// entryDecoder reads b from i.
type entryDecoder struct {
	b []byte
	i int
}

func (d *entryDecoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\t' || d.b[d.i] == '\n' || d.b[d.i] == '\r') {
		d.i++
	}
}

// next returns the next byte after white space, without consuming it, or 0.
func (d *entryDecoder) next() byte {
	d.space()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// null consumes a null and reports whether there was one.
func (d *entryDecoder) null() bool {
	if d.next() == 'n' && len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// object reads an object, calling member with each key, the decoder at the
// key's value; member reports whether it read the value.
func (d *entryDecoder) object(member func(key []byte) bool) bool {
	if d.next() != '{' {
		return false
	}
	d.i++
	if d.next() == '}' {
		d.i++
		return true
	}
	for {
		key, ok := d.plainString()
		if !ok || d.next() != ':' {
			return false
		}
		d.i++
		if !member(key) {
			return false
		}
		switch d.next() {
		case ',':
			d.i++
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

// plainString reads a string with no escapes and returns its bytes.
func (d *entryDecoder) plainString() ([]byte, bool) {
	if d.next() != '"' {
		return nil, false
	}
	start := d.i + 1
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			return d.b[start:j], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// str reads a string, or a null, which leaves s as it is (as encoding/json
// does). A string with escapes or that is not valid UTF-8 is decoded by
// encoding/json, for its exact rules.
func (d *entryDecoder) str(s *string) bool {
	if d.null() {
		return true
	}
	if d.next() != '"' {
		return false
	}
	start := d.i
	plain := true
	j := start + 1
	for ; j < len(d.b); j++ {
		c := d.b[j]
		if c == '"' {
			break
		}
		if c == '\\' {
			plain = false
			j++
		} else if c < 0x20 {
			return false
		}
	}
	if j >= len(d.b) {
		return false
	}
	d.i = j + 1
	v := d.b[start+1 : j]
	if plain && utf8.Valid(v) {
		*s = string(v)
		return true
	}
	return json.Unmarshal(d.b[start:d.i], s) == nil
}

// array reads an array, calling elem for each element; a null reads as
// nil (reset is called), an empty array as empty and not nil (empty is
// called).
func (d *entryDecoder) array(reset, empty func(), elem func() bool) bool {
	if d.null() {
		reset()
		return true
	}
	if d.next() != '[' {
		return false
	}
	d.i++
	empty()
	if d.next() == ']' {
		d.i++
		return true
	}
	for {
		if !elem() {
			return false
		}
		switch d.next() {
		case ',':
			d.i++
		case ']':
			d.i++
			return true
		default:
			return false
		}
	}
}

// strs reads an array of strings.
func (d *entryDecoder) strs(s *[]string) bool {
	return d.array(func() { *s = nil }, func() { *s = make([]string, 0, 2) }, func() bool {
		var v string
		ok := d.str(&v)
		*s = append(*s, v)
		return ok
	})
}

// structs reads an array of objects into *s, each read by one.
func structs[T any](d *entryDecoder, s *[]T, one func(*T) bool) bool {
	return d.array(func() { *s = nil }, func() { *s = make([]T, 0, 2) }, func() bool {
		var v T
		if d.null() {
			*s = append(*s, v) // a null element is the zero value
			return true
		}
		ok := one(&v)
		*s = append(*s, v)
		return ok
	})
}

// once reports whether the key of the given bit was not met before in an
// object, marking it met.
func once(seen *uint64, bit uint) bool {
	if *seen&(1<<bit) != 0 {
		return false
	}
	*seen |= 1 << bit
	return true
}

func (d *entryDecoder) name(n *clearance.Name) bool {
	var seen uint64
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "value":
			return once(&seen, 0) && d.str(&n.Value)
		case "kind":
			return once(&seen, 1) && d.str((*string)(&n.Kind))
		case "strength":
			return once(&seen, 2) && d.str((*string)(&n.Strength))
		case "script":
			return once(&seen, 3) && d.str(&n.Script)
		}
		return false
	})
}

func (d *entryDecoder) address(a *clearance.Address) bool {
	var seen uint64
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "full":
			return once(&seen, 0) && d.str(&a.Full)
		case "street":
			return once(&seen, 1) && d.str(&a.Street)
		case "city":
			return once(&seen, 2) && d.str(&a.City)
		case "region":
			return once(&seen, 3) && d.str(&a.Region)
		case "postal_code":
			return once(&seen, 4) && d.str(&a.PostalCode)
		case "country":
			return once(&seen, 5) && d.str(&a.Country)
		}
		return false
	})
}

func (d *entryDecoder) identifier(id *clearance.Identifier) bool {
	var seen uint64
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "type":
			return once(&seen, 0) && d.str(&id.Type)
		case "value":
			return once(&seen, 1) && d.str(&id.Value)
		case "country":
			return once(&seen, 2) && d.str(&id.Country)
		case "note":
			return once(&seen, 3) && d.str(&id.Note)
		}
		return false
	})
}

// vessel reads a vessel object into a new Vessel, or a null, which leaves
// *v nil.
func (d *entryDecoder) vessel(v **clearance.Vessel) bool {
	if d.null() {
		*v = nil
		return true
	}
	ves := new(clearance.Vessel)
	*v = ves
	var seen uint64
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "call_sign":
			return once(&seen, 0) && d.str(&ves.CallSign)
		case "type":
			return once(&seen, 1) && d.str(&ves.Type)
		case "gross_tonnage":
			return once(&seen, 2) && d.str(&ves.GrossTonnage)
		case "gross_registered_tonnage":
			return once(&seen, 3) && d.str(&ves.GrossRegisteredTonnage)
		case "flag":
			return once(&seen, 4) && d.str(&ves.Flag)
		case "owner":
			return once(&seen, 5) && d.str(&ves.Owner)
		}
		return false
	})
}

// entry reads an entry; a raw member is passed over, unread.
func (d *entryDecoder) entry(e *clearance.Entry) bool {
	var seen uint64
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			return once(&seen, 0) && d.str(&e.ID)
		case "source":
			return once(&seen, 1) && d.str((*string)(&e.Source))
		case "list":
			return once(&seen, 2) && d.str((*string)(&e.List))
		case "source_ref":
			return once(&seen, 3) && d.str(&e.SourceRef)
		case "party_ref":
			return once(&seen, 4) && d.str(&e.PartyRef)
		case "kind":
			return once(&seen, 5) && d.str((*string)(&e.Kind))
		case "name":
			return once(&seen, 6) && d.str(&e.Name)
		case "names":
			return once(&seen, 7) && structs(d, &e.Names, d.name)
		case "title":
			return once(&seen, 8) && d.str(&e.Title)
		case "addresses":
			return once(&seen, 9) && structs(d, &e.Addresses, d.address)
		case "countries":
			return once(&seen, 10) && d.strs(&e.Countries)
		case "identifiers":
			return once(&seen, 11) && structs(d, &e.Identifiers, d.identifier)
		case "birth_dates":
			return once(&seen, 12) && d.strs(&e.BirthDates)
		case "birth_places":
			return once(&seen, 13) && d.strs(&e.BirthPlaces)
		case "nationalities":
			return once(&seen, 14) && d.strs(&e.Nationalities)
		case "citizenships":
			return once(&seen, 15) && d.strs(&e.Citizenships)
		case "gender":
			return once(&seen, 16) && d.str(&e.Gender)
		case "programs":
			return once(&seen, 17) && d.strs(&e.Programs)
		case "vessel":
			return once(&seen, 18) && d.vessel(&e.Vessel)
		case "license_requirement":
			return once(&seen, 19) && d.str(&e.LicenseRequirement)
		case "license_policy":
			return once(&seen, 20) && d.str(&e.LicensePolicy)
		case "federal_register":
			return once(&seen, 21) && d.strs(&e.FederalRegister)
		case "standard_order":
			return once(&seen, 22) && d.str(&e.StandardOrder)
		case "start_date":
			return once(&seen, 23) && d.str(&e.StartDate)
		case "end_date":
			return once(&seen, 24) && d.str(&e.EndDate)
		case "remarks":
			return once(&seen, 25) && d.str(&e.Remarks)
		case "source_url":
			return once(&seen, 26) && d.str(&e.SourceURL)
		case "info_url":
			return once(&seen, 27) && d.str(&e.InfoURL)
		case "raw":
			if !once(&seen, 28) {
				return false
			}
			end, ok := skipValue(d.b, skipSpace(d.b, d.i))
			d.i = end
			return ok
		}
		return false
	})
}
