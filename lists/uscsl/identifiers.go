package uscsl

import (
	"strings"

	"github.com/clearancehq/clearance"
)

// idTypeOther is the identifier type of an ids item that could not be read;
// its Value is the item as written.
const idTypeOther = "other"

// parseIDCell reads the CSV ids cell. Each "; "-separated item is the
// non-empty values of the JSON id object {country, expiration_date,
// issue_date, number, type} joined with ", " in that (alphabetical) key
// order: "CN, 91330000733796106P, Unified Social Credit Code (USCC)",
// "JO, 2014-08-30, 2009-08-31, K475336, Passport", "03 Jun 2021, Listing Date
// (CMIC)". The number itself may contain ", ".
func parseIDCell(s string) []clearance.Identifier {
	items := splitList(s)
	if len(items) == 0 {
		return nil
	}
	out := make([]clearance.Identifier, 0, len(items))
	for _, it := range items {
		out = append(out, parseIDItem(it))
	}
	return out
}

// parseIDItem reads one ids item, keeping it whole as type "other" when it
// has no ", type" part.
func parseIDItem(item string) clearance.Identifier {
	parts := strings.Split(item, ", ")
	if len(parts) < 2 {
		return clearance.Identifier{Type: idTypeOther, Value: item}
	}
	id := clearance.Identifier{Type: strings.TrimSpace(parts[len(parts)-1])}
	rest := parts[:len(parts)-1]
	if len(rest) >= 2 {
		if code, ok := countryCode(strings.TrimSpace(rest[0])); ok {
			id.Country, rest = code, rest[1:]
		}
	}
	var dates []string
	for len(rest) >= 2 && isISODate(strings.TrimSpace(rest[0])) {
		dates, rest = append(dates, strings.TrimSpace(rest[0])), rest[1:]
	}
	id.Value = strings.TrimSpace(strings.Join(rest, ", "))
	if id.Type == "" || id.Value == "" {
		return clearance.Identifier{Type: idTypeOther, Value: item}
	}
	switch len(dates) {
	case 1:
		id.Note = "issue or expiry date " + dates[0]
	case 2: // expiration_date sorts before issue_date
		id.Note = idNote(dates[1], dates[0])
	}
	return id
}

// idNote describes an identifier's issue and expiry dates.
func idNote(issued, expires string) string {
	var parts []string
	if issued != "" {
		parts = append(parts, "issued "+issued)
	}
	if expires != "" {
		parts = append(parts, "expires "+expires)
	}
	return strings.Join(parts, "; ")
}

// isISODate reports whether s looks like YYYY-MM-DD.
func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// genderType is the ids item type OFAC uses for a person's gender; its value
// goes to Entry.Gender instead of the identifiers.
const genderType = "gender"

// splitGender removes gender items from ids and returns the gender.
func splitGender(ids []clearance.Identifier) ([]clearance.Identifier, string) {
	gender := ""
	out := ids[:0]
	for _, id := range ids {
		isGender := strings.EqualFold(id.Type, genderType) && id.Country == "" && id.Note == ""
		if isGender && (gender == "" || strings.EqualFold(gender, id.Value)) {
			gender = id.Value
			continue
		}
		out = append(out, id)
	}
	if len(out) == 0 {
		out = nil
	}
	return out, gender
}
