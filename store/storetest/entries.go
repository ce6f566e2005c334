package storetest

import (
	"encoding/json"
	"fmt"

	"github.com/clearancehq/clearance"
)

// NewEntry returns a minimal valid entry: a person on the SDN list with one
// name and a small Raw record. Tests change fields from there.
func NewEntry(source clearance.SourceID, id, name string) *clearance.Entry {
	return &clearance.Entry{
		ID:     id,
		Source: source,
		List:   clearance.ListSDN,
		Kind:   clearance.KindPerson,
		Name:   name,
		Names:  []clearance.Name{{Value: name, Kind: clearance.NamePrimary}},
		Raw:    rawJSON("id", id, "name", name),
	}
}

// FullEntry returns an entry with every field of clearance.Entry set,
// including names in Cyrillic, Han and Arabic script and a Raw record with
// characters JSON treats specially. The round-trip test checks that no field
// is left zero, so a field added to Entry must be added here.
func FullEntry(source clearance.SourceID, id string) *clearance.Entry {
	name := "Ivan Petrovich SIDOROV"
	return &clearance.Entry{
		ID:        id,
		Source:    source,
		List:      clearance.ListEntity,
		SourceRef: "csl-" + id,
		PartyRef:  "ofac-36123",
		Kind:      clearance.KindPerson,
		Name:      name,
		Names: []clearance.Name{
			{Value: name, Kind: clearance.NamePrimary, Script: "Latn"},
			{Value: "Иван Петрович СИДОРОВ", Kind: clearance.NameOriginal, Script: "Cyrl"},
			{Value: "西多罗夫", Kind: clearance.NameAlias, Script: "Hans"},
			{Value: "إيفان سيدوروف", Kind: clearance.NameAlias, Strength: clearance.Weak, Script: "Arab"},
			{Value: "SIDOROV Trading", Kind: clearance.NameFormer},
			{Value: "Sidorov & Sons", Kind: clearance.NameNowKnown},
		},
		Title: "Director General",
		Addresses: []clearance.Address{
			{Full: "ул. Тверская, 7, Москва, 125009, RU"},
			{Street: "12 Harbour Road", City: "Wan Chai", Region: "Hong Kong Island", PostalCode: "999077", Country: "HK"},
		},
		Countries:          []string{"RU", "HK"},
		Identifiers:        []clearance.Identifier{{Type: "Passport", Value: "7123456", Country: "RU", Note: "issued 2015"}, {Type: "IMO", Value: "9123456"}},
		BirthDates:         []string{"1962", "1962-04-21"},
		BirthPlaces:        []string{"Leningrad, USSR"},
		Nationalities:      []string{"RU"},
		Citizenships:       []string{"RU", "CY"},
		Gender:             "Male",
		Programs:           []string{"RUSSIA-EO14024", "UKRAINE-EO13662"},
		Vessel:             &clearance.Vessel{CallSign: "UBCD7", Type: "Tanker", GrossTonnage: "81,000", GrossRegisteredTonnage: "42,000", Flag: "RU", Owner: "Sovcomflot"},
		LicenseRequirement: "For all items subject to the EAR.",
		LicensePolicy:      "Presumption of denial.",
		FederalRegister:    []string{"84 FR 54002", "89 FR 12345"},
		StandardOrder:      "Y",
		StartDate:          "2019-10-09",
		EndDate:            "2029-10-09",
		Remarks:            "Tab\there, quote \" and <b>markup</b> & ampersand; emoji 🚢.",
		SourceURL:          "https://www.federalregister.gov/documents/2019/10/09/2019-22210",
		InfoURL:            "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern",
		Raw:                json.RawMessage(`{"_id":"` + id + `","name":"Ivan Petrovich SIDOROV","alt_names":"Иван Петрович СИДОРОВ; 西多罗夫","remarks":"<b>x</b> & \"y\"","n":[1,2.5,null,true]}`),
	}
}

// Synthetic returns n distinct valid entries shaped like Entity List
// records, with ids e00000, e00001... in order. Seed goes into every entry's
// remarks, so two seeds give two versions in which every entry changed.
func Synthetic(source clearance.SourceID, n int, seed string) []*clearance.Entry {
	out := make([]*clearance.Entry, n)
	for i := range out {
		id := fmt.Sprintf("e%05d", i)
		name := fmt.Sprintf("Synthetic Trading Company %d Limited", i)
		e := NewEntry(source, id, name)
		e.List = clearance.ListEntity
		e.Kind = clearance.KindOrganization
		e.SourceRef = fmt.Sprintf("%x", i*2654435761)
		e.Names = append(e.Names,
			clearance.Name{Value: fmt.Sprintf("STC %d Ltd", i), Kind: clearance.NameAlias},
			clearance.Name{Value: fmt.Sprintf("合成贸易有限公司%d", i), Kind: clearance.NameAlias, Script: "Hans"})
		e.Addresses = []clearance.Address{{Full: fmt.Sprintf("Room %d, 88 Queensway, Admiralty, Hong Kong", i), Country: "HK"}}
		e.Countries = []string{"HK", "CN"}
		e.Identifiers = []clearance.Identifier{{Type: "Unified Social Credit Code", Value: fmt.Sprintf("91440300MA5%07d", i), Country: "CN"}}
		e.LicenseRequirement = "For all items subject to the EAR. (See 744.11 of the EAR)."
		e.LicensePolicy = "Presumption of denial."
		e.FederalRegister = []string{"89 FR 2116"}
		e.StartDate = "2024-01-12"
		e.Remarks = seed
		e.Raw = rawJSON("_id", e.SourceRef, "source", "Entity List (EL) - Bureau of Industry and Security",
			"name", name, "alt_names", e.Names[1].Value+"; "+e.Names[2].Value,
			"addresses", e.Addresses[0].Full, "federal_register_notice", "89 FR 2116",
			"start_date", "2024-01-12", "license_requirement", e.LicenseRequirement,
			"license_policy", e.LicensePolicy, "remarks", seed)
		out[i] = e
	}
	return out
}

// Request returns an import request for source whose Parse emits entries in
// the order given and reports a publication date. Its actor is "storetest".
func Request(source clearance.SourceID, hash string, entries ...*clearance.Entry) clearance.ImportRequest {
	return clearance.ImportRequest{
		Source:    source,
		Format:    "test",
		Files:     []string{"list.csv"},
		Hash:      hash,
		Actor:     "storetest",
		RequestID: "req-" + hash,
		Parse: func(emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
			for _, e := range entries {
				if err := emit(e); err != nil {
					return clearance.ParseResult{}, err
				}
			}
			return clearance.ParseResult{Source: source, Published: "2025-01-31", PublishedNote: "test"}, nil
		},
	}
}

// rawJSON returns a JSON object of the key, value pairs, in order.
func rawJSON(kv ...string) json.RawMessage {
	b := []byte{'{'}
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(kv[i])
		v, _ := json.Marshal(kv[i+1])
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}')
}
