package uscsl

import (
	"encoding/json"
	"fmt"

	"github.com/clearancehq/clearance"
)

// record is one CSL party as either form publishes it, before conversion.
// The CSV and JSON readers fill it; convert turns it into an entry.
type record struct {
	line      int                    // line the record starts on
	fieldLine func(field string) int // line of a field, when the reader knows it

	ref          string // _id / id
	source       string
	entityNumber string
	typ          string
	name         string
	title        string
	programs     []string
	addresses    []clearance.Address
	countries    []string // a JSON record's top-level country
	frNotices    []string
	startDate    string
	endDate      string
	standard     string
	licenseReq   string
	licensePol   string
	vessel       clearance.Vessel
	remarks      string
	listURL      string
	infoURL      string
	altNames     []string
	citizenships []string
	birthDates   []string
	nationality  []string
	birthPlaces  []string
	ids          []clearance.Identifier
	raw          json.RawMessage
}

// CSL field names, as the CSV header and the JSON keys spell them.
const (
	fID           = "_id"
	fSource       = "source"
	fEntityNumber = "entity_number"
	fType         = "type"
	fPrograms     = "programs"
	fName         = "name"
	fTitle        = "title"
	fAddresses    = "addresses"
	fFRNotice     = "federal_register_notice"
	fStartDate    = "start_date"
	fEndDate      = "end_date"
	fStandard     = "standard_order"
	fLicenseReq   = "license_requirement"
	fLicensePol   = "license_policy"
	fCallSign     = "call_sign"
	fVesselType   = "vessel_type"
	fGT           = "gross_tonnage"
	fGRT          = "gross_registered_tonnage"
	fFlag         = "vessel_flag"
	fOwner        = "vessel_owner"
	fRemarks      = "remarks"
	fListURL      = "source_list_url"
	fAltNames     = "alt_names"
	fCitizenships = "citizenships"
	fBirthDates   = "dates_of_birth"
	fNationality  = "nationalities"
	fBirthPlaces  = "places_of_birth"
	fInfoURL      = "source_information_url"
	fIDs          = "ids"
)

// fieldError is a conversion failure in one field of a record.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

func (e *fieldError) Unwrap() error { return e.err }

// errField returns a fieldError with a formatted message.
func errField(field, format string, args ...any) error {
	return &fieldError{field: field, err: fmt.Errorf(format, args...)}
}
