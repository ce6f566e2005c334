package storetest

import "github.com/clearancehq/clearance"

// EntityListEntry returns an Entity List entry of the CSL in China, listed
// by 84 FR 54002 with the licence terms of that rule, under the given
// names, the first primary.
func EntityListEntry(id string, names ...string) *clearance.Entry {
	e := &clearance.Entry{ID: id, Source: clearance.SourceUSCSL, List: clearance.ListEntity, Kind: clearance.KindOrganization,
		Name: names[0], Countries: []string{"CN"}, StartDate: "2019-10-09", FederalRegister: []string{"84 FR 54002"},
		LicenseRequirement: "For all items subject to the EAR.", LicensePolicy: "Presumption of denial."}
	for i, n := range names {
		kind := clearance.NameAlias
		if i == 0 {
			kind = clearance.NamePrimary
		}
		e.Names = append(e.Names, clearance.Name{Value: n, Kind: kind})
	}
	return e
}
