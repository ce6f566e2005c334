package ofac

import (
	"sort"
	"strings"

	"github.com/clearancehq/clearance"
)

// documentTypes are OFAC's identity document types, as listed under
// "ID DOCUMENT TYPE" in the reference values of its Enhanced XML. In Remarks
// they read "<type> <number>[ (<country>)][ issued <date>][ expires <date>]".
var documentTypes = []string{
	"Afghan Money Service Provider License Number", "Aircraft Serial Identification",
	"Birth Certificate Number", "Bosnian Personal ID No.", "Branch Unit Number",
	"British National Overseas Passport", "Business Number", "Business Registration Document #",
	"Business Registration Number", "C.I.F.", "C.I.N.", "C.R. No.", "C.U.I.", "C.U.I.P.",
	"C.U.I.T.", "C.U.R.P.", "CNP (Personal Numerical Code)", "Cartilla de Servicio Militar Nacional",
	"Cedula No.", "Central Registration System Number", "Certificate of Incorporation Number",
	"Chamber of Commerce Number", "Chinese Commercial Code", "Citizen's Card Number",
	"Commercial Registry Number", "Company Number", "Credencial electoral", "D.N.I.",
	"Diplomatic Passport", "Driver's License No.", "Dubai Chamber of Commerce Membership No.",
	"Economic Register Number (CBLS)", "Electoral Registry No.", "Enterprise Number",
	"File Number", "Fiscal Code", "Folio Mercantil No.", "Global Intermediary Identification Number",
	"Government Gazette Number",
	"I.F.E.", "Identification Number", "Immigration No.", "Istanbul Chamber of Comm. No.",
	"Italian Fiscal Code", "Kenyan ID No.", "LE Number", "Legal Entity Number", "License",
	"MMSI", "MSB Registration Number", "Matricula Mercantil No", "Military Registration Number",
	"Moroccan Personal ID No.", "N.I.E.", "N.I.F.", "NIT #", "National Foreign ID Number",
	"National ID No.", "Numero Unico de Identificacao Tributaria (NUIT)", "Numero de Identidad",
	"Organization Code", "Paraguayan tax identification number", "Passport", "Permit Number",
	"Personal ID Card", "Pilot License Number", "Public Registration Number",
	"Public Security and Immigration No.", "R.F.C.", "RFC", "RIF #", "RSIN", "RTN", "RUC #",
	"Refugee ID Card", "Registered Charity No.", "Registration Certificate Number (Dubai)",
	"Registration ID", "Registration Number", "Residency Number", "Romanian C.R.",
	"Romanian Permanent Resident", "Romanian Tax Registration",
	"Russian State Individual Business Registration Number Pattern (OGRNIP)", "SRE Permit No.",
	"SSN", "Seafarer's Identification Document", "Serial No.", "Stateless Person ID Card",
	"Stateless Person Passport", "Tax ID No.", "Tazkira National ID Card", "Tourism License No.",
	"Trade License No.", "Trademark number", "Travel Document Number", "Turkish Identification Number",
	"UAE Identification", "UK Company Number", "US FEIN", "Unified Social Credit Code (USCC)",
	"United Social Credit Code Certificate (USCCC)", "V.A.T. Number", "Vessel Registration Identification",
	"VisaNumberID",
}

// featureTypes are OFAC features that identify a party without being
// documents: contact and network addresses, securities and aircraft numbers.
// Their values need not contain digits.
var featureTypes = map[string]string{
	"Website": "Website", "Email Address": "Email Address", "Email": "Email Address",
	"SWIFT/BIC": "SWIFT/BIC", "BIK (RU)": "BIK (RU)", "Phone Number": "Phone Number",
	"D-U-N-S Number": "D-U-N-S Number", "ISIN": "ISIN", "Equity Ticker": "Equity Ticker",
	"Aircraft Construction Number (also called L/N or S/N or F/N)": "Aircraft Construction Number (also called L/N or S/N or F/N)",
	"Aircraft Manufacturer's Serial Number (MSN)":                  "Aircraft Manufacturer's Serial Number (MSN)",
	"Aircraft Tail Number":                                         "Aircraft Tail Number",
	"Previous Aircraft Tail Number":                                "Previous Aircraft Tail Number",
	"Aircraft Mode S Transponder Code":                             "Aircraft Mode S Transponder Code",
}

// digitalCurrency is the prefix of "Digital Currency Address - XBT 1abc...":
// the currency code is part of the identifier type.
const digitalCurrency = "Digital Currency Address - "

// idPrefix is one recognised identifier label.
type idPrefix struct {
	label, typ string
	document   bool
}

// idPrefixes indexes the labels by their first word; each list is sorted
// longest first, so that "Registration Number" is tried before
// "Registration ID" and "Diplomatic Passport" is never read as a "Passport".
var idPrefixes = func() map[string][]idPrefix {
	out := make(map[string][]idPrefix)
	add := func(p idPrefix) {
		k := firstWord(p.label)
		out[k] = append(out[k], p)
	}
	for _, t := range documentTypes {
		add(idPrefix{t, t, true})
	}
	for l, t := range featureTypes {
		add(idPrefix{l, t, false})
	}
	for _, ps := range out {
		sort.Slice(ps, func(i, j int) bool {
			if len(ps[i].label) != len(ps[j].label) {
				return len(ps[i].label) > len(ps[j].label)
			}
			return ps[i].label < ps[j].label
		})
	}
	return out
}()

// firstWord returns s up to its first space or colon.
func firstWord(s string) string {
	if i := strings.IndexAny(s, " :"); i >= 0 {
		return s[:i]
	}
	return s
}

// identifier parses a remarks item naming an identifier.
func identifier(item string) (clearance.Identifier, bool) {
	if rest, ok := strings.CutPrefix(item, digitalCurrency); ok {
		cur, addr, ok := strings.Cut(rest, " ")
		addr = strings.TrimSpace(addr)
		if !ok || cur == "" || addr == "" {
			return clearance.Identifier{}, false
		}
		return clearance.Identifier{Type: digitalCurrency + cur, Value: addr}, true
	}
	for _, p := range idPrefixes[firstWord(item)] {
		rest, ok := cutLabel(item, p.label)
		if !ok {
			continue
		}
		if p.document && !strings.ContainsAny(rest, "0123456789") {
			return clearance.Identifier{}, false
		}
		return documentID(p.typ, rest), true
	}
	return clearance.Identifier{}, false
}

// documentID splits "<number>[ (<country>)][ issued ...][ expires ...]".
func documentID(typ, rest string) clearance.Identifier {
	id := clearance.Identifier{Type: typ}
	if i := noteStart(rest); i >= 0 {
		id.Note = strings.TrimSpace(rest[i:])
		rest = strings.TrimSpace(rest[:i])
	}
	if strings.HasSuffix(rest, ")") {
		if i := strings.LastIndex(rest, " ("); i > 0 {
			if c := rest[i+2 : len(rest)-1]; isCountryName(c) {
				id.Country = countryOrAsWritten(c)
				rest = strings.TrimSpace(rest[:i])
			}
		}
	}
	id.Value = rest
	// OFAC files IMO numbers as "Vessel Registration Identification IMO 1234567".
	if typ == "Vessel Registration Identification" {
		if n, ok := strings.CutPrefix(rest, "IMO "); ok {
			id.Type, id.Value = "IMO", strings.TrimSpace(n)
		}
	}
	return id
}

// noteStart returns where the issue/expiry note of an identifier begins.
func noteStart(s string) int {
	i := -1
	for _, w := range []string{" issued ", " expires "} {
		if j := strings.Index(s, w); j >= 0 && (i < 0 || j < i) {
			i = j
		}
	}
	return i
}

// isCountryName reports whether a parenthesised suffix reads as a country:
// a known name, or words without digits ("(Palestinian)").
func isCountryName(s string) bool {
	if _, ok := clearance.CountryCode(s); ok {
		return true
	}
	return s != "" && !strings.ContainsAny(s, "0123456789()")
}
