package uscsl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/clearancehq/clearance"
)

// jsonFields is one JSON record's members, decoded on demand so that an
// error can name its field. Values may be null, and lists may also come as a
// "; "-joined string, as in the CSV.
type jsonFields map[string]json.RawMessage

// recordFromJSON reads the CSL fields of one JSON record.
func recordFromJSON(f jsonFields) (*record, error) {
	r := &record{}
	strs := []struct {
		dst  *string
		keys []string
	}{
		{&r.ref, []string{"id", fID}}, {&r.source, []string{fSource}}, {&r.entityNumber, []string{fEntityNumber}},
		{&r.typ, []string{fType}}, {&r.name, []string{fName}}, {&r.title, []string{fTitle}},
		{&r.startDate, []string{fStartDate}}, {&r.endDate, []string{fEndDate}}, {&r.standard, []string{fStandard}},
		{&r.licenseReq, []string{fLicenseReq}}, {&r.licensePol, []string{fLicensePol}},
		{&r.vessel.CallSign, []string{fCallSign}}, {&r.vessel.Type, []string{fVesselType}},
		{&r.vessel.GrossTonnage, []string{fGT}}, {&r.vessel.GrossRegisteredTonnage, []string{fGRT}},
		{&r.vessel.Flag, []string{fFlag}}, {&r.vessel.Owner, []string{fOwner}}, {&r.remarks, []string{fRemarks}},
		{&r.listURL, []string{fListURL}}, {&r.infoURL, []string{fInfoURL}},
	}
	for _, s := range strs {
		for _, k := range s.keys {
			v, err := f.str(k)
			if err != nil {
				return nil, err
			}
			if v != "" {
				*s.dst = v
				break
			}
		}
	}
	lists := []struct {
		dst *[]string
		key string
	}{
		{&r.programs, fPrograms}, {&r.frNotices, fFRNotice}, {&r.altNames, fAltNames},
		{&r.citizenships, fCitizenships}, {&r.birthDates, fBirthDates}, {&r.nationality, fNationality},
		{&r.birthPlaces, fBirthPlaces}, {&r.countries, "country"},
	}
	for _, l := range lists {
		v, err := f.list(l.key)
		if err != nil {
			return nil, err
		}
		*l.dst = v
	}
	var err error
	if r.addresses, err = f.addresses(); err != nil {
		return nil, err
	}
	if r.ids, err = f.identifiers(); err != nil {
		return nil, err
	}
	return r, nil
}

// str reads a string member; null and absent are "", numbers their text.
func (f jsonFields) str(key string) (string, error) {
	v, err := scalar(f[key])
	if err != nil {
		return "", &fieldError{field: key, err: err}
	}
	return v, nil
}

// scalar reads a JSON string, number or null as a trimmed string.
func scalar(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return strings.TrimSpace(s), nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return string(raw), nil
	}
	return "", fmt.Errorf("want a string, got %.20s", raw)
}

// list reads an array of strings, or a "; "-joined string.
func (f jsonFields) list(key string) ([]string, error) {
	raw := bytes.TrimSpace(f[key])
	if len(raw) == 0 || raw[0] != '[' {
		s, err := f.str(key)
		return splitList(s), err
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, &fieldError{field: key, err: err}
	}
	var out []string
	for _, it := range items {
		s, err := scalar(it)
		if err != nil {
			return nil, &fieldError{field: key, err: err}
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// addresses reads the addresses member: objects {address, city, state,
// postal_code, country}, or strings as in the CSV.
func (f jsonFields) addresses() ([]clearance.Address, error) {
	items, err := f.objects(fAddresses)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	var out []clearance.Address
	for _, it := range items {
		if it[0] == '"' {
			s, _ := scalar(it)
			out = append(out, flatAddresses(splitList(s))...)
			continue
		}
		var o map[string]json.RawMessage
		if err := json.Unmarshal(it, &o); err != nil {
			return nil, errField(fAddresses, "want an address object: %v", err)
		}
		a, err := addressFromJSON(jsonFields(o))
		if err != nil {
			return nil, err
		}
		if a != (clearance.Address{}) {
			out = append(out, a)
		}
	}
	return out, nil
}

// addressFromJSON reads one address object. Full is the parts joined as the
// CSV writes them; a country name is turned into its code.
func addressFromJSON(o jsonFields) (clearance.Address, error) {
	var a clearance.Address
	parts := []struct {
		dst *string
		key string
	}{{&a.Street, "address"}, {&a.City, "city"}, {&a.Region, "state"}, {&a.PostalCode, "postal_code"}, {&a.Country, "country"}}
	var full []string
	for _, p := range parts {
		v, err := o.str(p.key)
		if err != nil {
			return a, errField(fAddresses, "%v", err)
		}
		*p.dst = v
		if v != "" {
			full = append(full, v)
		}
	}
	if code, ok := clearance.CountryCode(a.Country); ok {
		a.Country = code
	}
	a.Full = strings.Join(full, ", ")
	return a, nil
}

// objects reads a member that is null, a string or an array; a string is
// returned as a one-element array.
func (f jsonFields) objects(key string) ([]json.RawMessage, error) {
	raw := bytes.TrimSpace(f[key])
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch raw[0] {
	case '"':
		return []json.RawMessage{raw}, nil
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, &fieldError{field: key, err: err}
		}
		out := items[:0]
		for _, it := range items {
			if it = bytes.TrimSpace(it); len(it) > 0 && string(it) != "null" {
				out = append(out, it)
			}
		}
		return out, nil
	}
	return nil, &fieldError{field: key, err: errors.New("want an array")}
}

// identifiers reads the ids member: objects {type, number, country,
// issue_date, expiration_date}, or strings as in the CSV.
func (f jsonFields) identifiers() ([]clearance.Identifier, error) {
	items, err := f.objects(fIDs)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	var out []clearance.Identifier
	for _, it := range items {
		if it[0] == '"' {
			s, _ := scalar(it)
			out = append(out, parseIDCell(s)...)
			continue
		}
		var o map[string]json.RawMessage
		if err := json.Unmarshal(it, &o); err != nil {
			return nil, errField(fIDs, "want an id object: %v", err)
		}
		id, err := identifierFromJSON(jsonFields(o))
		if err != nil {
			return nil, err
		}
		if id != (clearance.Identifier{}) {
			out = append(out, id)
		}
	}
	return out, nil
}

// identifierFromJSON reads one id object.
func identifierFromJSON(o jsonFields) (clearance.Identifier, error) {
	var vals [5]string
	for i, k := range []string{"type", "number", "country", "issue_date", "expiration_date"} {
		v, err := o.str(k)
		if err != nil {
			return clearance.Identifier{}, errField(fIDs, "%v", err)
		}
		vals[i] = v
	}
	id := clearance.Identifier{Type: vals[0], Value: vals[1], Country: vals[2], Note: idNote(vals[3], vals[4])}
	if code, ok := clearance.CountryCode(id.Country); ok {
		id.Country = code
	}
	if id.Value == "" && id.Type == "" {
		return clearance.Identifier{}, nil
	}
	if id.Type == "" {
		id.Type = idTypeOther
	}
	return id, nil
}
