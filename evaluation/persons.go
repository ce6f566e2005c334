package evaluation

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// Person is one row of a yente validation file: a person to screen with
// the evidence the file gives.
type Person struct {
	Line        int    `json:"line"`
	Name        string `json:"full_name"`
	BirthDate   string `json:"date_of_birth,omitempty"` // ISO 8601, possibly partial
	Nationality string `json:"nationality,omitempty"`   // as written in the file
	Country     string `json:"country,omitempty"`       // ISO alpha-2 of Nationality, "" when unknown
}

// Query returns the screening query for the person: the full name, with
// kind, date of birth and nationality as evidence.
func (p Person) Query() clearance.Query {
	return clearance.Query{Name: p.Name, Kind: clearance.KindPerson, BirthDate: p.BirthDate, Country: p.Country}
}

// Paths of the yente validation files, relative to the evaluation directory.
const (
	NegativesGlobalFile = "yente_validation/negatives_global.csv"
	NegativesUSFile     = "yente_validation/negatives_us.csv"
	CongressFile        = "yente_validation/positives_us_congress_untreated.csv"
	UNUntreatedFile     = "yente_validation/positives_un_untreated.csv"
	UNTreatedFile       = "yente_validation/positives_un_treated.csv"
)

// LoadPersons reads a yente validation file (columns full_name,
// date_of_birth, nationality). A nationality that clearance.CountryCode does
// not recognise is kept as written, without a country code, and reported
// in notes: the evidence is then not used.
func LoadPersons(path string) (persons []Person, notes []string, err error) {
	c, f, err := openCSV(path, "full_name", "date_of_birth", "nationality")
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	unknown := map[string]int{}
	var order []string
	for {
		ok, err := c.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		p := Person{Line: c.line, Name: c.get("full_name"), Nationality: c.get("nationality")}
		if p.Name == "" {
			return nil, nil, c.errorf("full_name", "empty name")
		}
		if !utf8.ValidString(p.Name) {
			return nil, nil, c.errorf("full_name", "invalid UTF-8")
		}
		if p.BirthDate, err = isoDate(c.get("date_of_birth")); err != nil {
			return nil, nil, c.errorf("date_of_birth", "%v", err)
		}
		if p.Nationality != "" {
			code, ok := clearance.CountryCode(p.Nationality)
			if ok {
				p.Country = code
			} else {
				if unknown[p.Nationality] == 0 {
					order = append(order, p.Nationality)
				}
				unknown[p.Nationality]++
			}
		}
		persons = append(persons, p)
	}
	if len(persons) == 0 {
		return nil, nil, clearance.Errorf(clearance.Invalid, "%s: no rows after the header", path)
	}
	if len(order) > 0 {
		var parts []string
		for _, n := range order {
			parts = append(parts, fmt.Sprintf("%q (%d)", n, unknown[n]))
		}
		notes = append(notes, fmt.Sprintf("%s: clearance.CountryCode does not recognise the nationality %s; "+
			"those rows are screened without country evidence.", path, strings.Join(parts, ", ")))
	}
	return persons, notes, nil
}

// isoDate normalises a date of birth written YYYY, YYYY-M or YYYY-M-D to
// ISO 8601 form, zero-padding month and day. Month and day are not checked
// against the calendar: treated files corrupt dates on purpose
// ("1974-01-32"), and the corrupted date is the evidence to screen with.
func isoDate(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	parts := strings.Split(s, "-")
	bad := fmt.Errorf("%q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", s)
	if len(parts) > 3 {
		return "", bad
	}
	for i, p := range parts {
		width := 2
		if i == 0 {
			width = 4
		}
		if _, err := strconv.ParseUint(p, 10, 16); err != nil || len(p) > width || (i == 0 && len(p) != 4) {
			return "", bad
		}
		parts[i] = strings.Repeat("0", width-len(p)) + p
	}
	return strings.Join(parts, "-"), nil
}
