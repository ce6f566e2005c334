package clearance_test

import (
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// TestScreenAddress: an address-only Entity List entry is caught by the
// address of a shipment, written differently, whatever the consignee's
// name; a name alone does not reach it, nor does another address.
func TestScreenAddress(t *testing.T) {
	const listed = "Room 1203, 12/F, Wing On Centre, 111 Connaught Road Central, Hong Kong"
	addr := &clearance.Entry{ID: "el-addr", Source: clearance.SourceUSCSL, List: clearance.ListEntity, Kind: clearance.KindAddress,
		Name: listed, Names: []clearance.Name{{Value: listed, Kind: clearance.NamePrimary}},
		Addresses: []clearance.Address{{Full: listed, Country: "HK"}}, Countries: []string{"HK"}, FederalRegister: []string{"89 FR 12345"}}
	party := &clearance.Entry{ID: "el-1", Source: clearance.SourceUSCSL, List: clearance.ListEntity, Kind: clearance.KindOrganization,
		Name: "Rosoboronexport", Names: []clearance.Name{{Value: "Rosoboronexport", Kind: clearance.NamePrimary}}}
	s, err := clearance.NewScreener([]*clearance.Entry{addr, party}, []clearance.VersionRef{{Source: clearance.SourceUSCSL, Version: 1}})
	if err != nil {
		t.Fatal(err)
	}
	opts := match.DefaultOptions()
	tests := []struct {
		name, address string
		want          string // entry id of the expected hit, "" for none
	}{
		{"Golden Bridge Trading Ltd", "Rm 1203 12/F Wing On Centre, 111 Connaught Rd Central, Hong Kong", "el-addr"},
		{"", "Room 1203 Wing On Centre 111 Connaught Road Central HK", "el-addr"},
		{"Golden Bridge Trading Ltd", "", ""},
		{"Golden Bridge Trading Ltd", "Flat 5, 22 Nathan Road, Tsim Sha Tsui, Kowloon", ""},
	}
	for _, tt := range tests {
		res, err := s.Screen(clearance.Query{Name: tt.name, Address: tt.address}, opts)
		if err != nil {
			t.Fatalf("Screen(%q, %q): %v", tt.name, tt.address, err)
		}
		got := ""
		if len(res.Hits) > 0 {
			got = res.Hits[0].EntryID
			if h := res.Hits[0]; h.MatchedKind != "address" || h.FederalRegisterNotice != "89 FR 12345" {
				t.Errorf("Screen(%q, %q): hit matched %q with citation %q; want the address and the entry's citation", tt.name, tt.address, h.MatchedKind, h.FederalRegisterNotice)
			}
		}
		if got != tt.want {
			t.Errorf("Screen(%q, %q) first hit = %q, want %q", tt.name, tt.address, got, tt.want)
		}
	}
	if _, err := s.Screen(clearance.Query{}, opts); err == nil {
		t.Error("Screen with no name, identifier or address: want an error")
	}
}
