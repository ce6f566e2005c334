package uscsl

import (
	"strings"

	"github.com/clearancehq/clearance"
)

// convert turns a record into an entry, taking its id from ids. A malformed
// field yields a *fieldError.
func convert(r *record, ids *idAllocator) (*clearance.Entry, error) {
	list, err := listCode(r.source)
	if err != nil {
		return nil, &fieldError{field: fSource, err: err}
	}
	name := strings.TrimSpace(r.name)
	if name == "" {
		return nil, errField(fName, "empty name")
	}
	if r.entityNumber != "" && !isDigits(r.entityNumber) {
		return nil, errField(fEntityNumber, "%q is not an entity number", r.entityNumber)
	}
	start, err := listingDate(r.startDate)
	if err != nil {
		return nil, &fieldError{field: fStartDate, err: err}
	}
	end, err := listingDate(r.endDate)
	if err != nil {
		return nil, &fieldError{field: fEndDate, err: err}
	}
	e := &clearance.Entry{
		Source:             clearance.SourceUSCSL,
		List:               list,
		SourceRef:          r.ref,
		Kind:               kindOf(r.typ, name, list),
		Name:               name,
		Names:              buildNames(name, r.altNames),
		Title:              r.title,
		Addresses:          r.addresses,
		Countries:          entryCountries(r.addresses, r.countries),
		BirthDates:         birthDates(r.birthDates),
		BirthPlaces:        r.birthPlaces,
		Nationalities:      countryList(r.nationality),
		Citizenships:       countryList(r.citizenships),
		Programs:           r.programs,
		LicenseRequirement: r.licenseReq,
		LicensePolicy:      r.licensePol,
		FederalRegister:    fedRegister(r.frNotices),
		StandardOrder:      r.standard,
		StartDate:          start,
		EndDate:            end,
		Remarks:            r.remarks,
		SourceURL:          r.listURL,
		InfoURL:            r.infoURL,
		Raw:                r.raw,
	}
	e.Identifiers, e.Gender = splitGender(r.ids)
	if r.vessel != (clearance.Vessel{}) {
		v := r.vessel
		e.Vessel = &v
	}
	if r.entityNumber != "" {
		e.PartyRef = "ofac:" + r.entityNumber
	}
	e.ID = ids.assign(list, r.entityNumber, name, e.Countries)
	return e, nil
}

// entryCountries returns the distinct countries of the addresses, then any
// the record states apart from them.
func entryCountries(addrs []clearance.Address, extra []string) []string {
	var out []string
	for _, a := range addrs {
		if a.Country != "" {
			out = appendUnique(out, a.Country)
		}
	}
	for _, c := range countryList(extra) {
		out = appendUnique(out, c)
	}
	return out
}

// birthDates converts dates of birth to ISO form where it can.
func birthDates(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, 0, len(in))
	for _, d := range in {
		out = appendUnique(out, birthDate(d))
	}
	return out
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
