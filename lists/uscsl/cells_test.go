package uscsl

import (
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/google/go-cmp/cmp"
)

func TestFedRegister(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"84 FR 54002; 85 FR 44159", []string{"84 FR 54002", "85 FR 44159"}},
		{"68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236 1/30/07",
			[]string{"68 FR 38290 (6/27/03)", "71 FR 38843 (7/10/06)", "72 FR 4236 (1/30/07)"}},
		{"81.F.R. 22576 4/18/2016", []string{"81 FR 22576 (4/18/2016)"}},
		{"82 F.R. 16788, 16789 4/6/2017", []string{"82 FR 16788 (4/6/2017)"}},
		{"63 FR 64322 (11/19/98), 65 FR 14444 (03/17/00), 77 FR 58006 (no. 182)",
			[]string{"63 FR 64322 (11/19/98)", "65 FR 14444 (03/17/00)", "77 FR 58006"}},
		{"79 FR 24566, 5/1/14; 83 FR 3580, 1/26/18", []string{"79 FR 24566 (5/1/14)", "83 FR 3580 (1/26/18)"}},
		{"77 FR 61249 No. 195", []string{"77 FR 61249"}},
		{"84 fr 40241", []string{"84 FR 40241"}},
		{"76 FR 78146 (12/16/11), 76 FR no. 242 pg. 78146", []string{"76 FR 78146 (12/16/11)", "76 FR no. 242 pg. 78146"}},
		{"80 F.R. 30435 5/28/15, F.R. 30823 7/3/2017", []string{"80 FR 30435 (5/28/15)", "F.R. 30823 7/3/2017"}},
		{"67 F.R. 56530 9/4/02, NEW F.R. NOTICE TO BE PUBLISHED SOON", []string{"67 FR 56530 (9/4/02)"}},
		{"Vol. 74, No. 8, 01/13/09", []string{"Vol. 74, No. 8, 01/13/09"}},
		{"76 FR No. 197 (10/12/2011)", []string{"76 FR No. 197 (10/12/2011)"}},
	}
	for _, tt := range tests {
		if got := fedRegister(splitList(tt.in)); !cmp.Equal(got, tt.want) {
			t.Errorf("fedRegister(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseIDItem(t *testing.T) {
	tests := []struct {
		in   string
		want clearance.Identifier
	}{
		{"CN, 91330000733796106P, Unified Social Credit Code (USCC)",
			clearance.Identifier{Type: "Unified Social Credit Code (USCC)", Value: "91330000733796106P", Country: "CN"}},
		{"002415 CN, Equity Ticker", clearance.Identifier{Type: "Equity Ticker", Value: "002415 CN"}},
		{"03 Jun 2021, Listing Date (CMIC)", clearance.Identifier{Type: "Listing Date (CMIC)", Value: "03 Jun 2021"}},
		{"JO, 2014-08-30, 2009-08-31, K475336, Passport",
			clearance.Identifier{Type: "Passport", Value: "K475336", Country: "JO", Note: "issued 2009-08-31; expires 2014-08-30"}},
		{"SD, 1998-10-28, 562605, Passport",
			clearance.Identifier{Type: "Passport", Value: "562605", Country: "SD", Note: "issue or expiry date 1998-10-28"}},
		{"Korea, North, Nationality of Registration", clearance.Identifier{Type: "Nationality of Registration", Value: "Korea, North"}},
		{"Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 and/or 589.209, Secondary sanctions risk:",
			clearance.Identifier{Type: "Secondary sanctions risk:", Value: "Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 and/or 589.209"}},
		{"Subject to Secondary Sanctions", clearance.Identifier{Type: "other", Value: "Subject to Secondary Sanctions"}},
		{", Passport", clearance.Identifier{Type: "other", Value: ", Passport"}},
	}
	for _, tt := range tests {
		if got := parseIDItem(tt.in); got != tt.want {
			t.Errorf("parseIDItem(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestSplitGender(t *testing.T) {
	ids := parseIDCell("Male, Gender; CA, BC166787, Passport; Female, Gender")
	got, gender := splitGender(ids)
	want := []clearance.Identifier{{Type: "Passport", Value: "BC166787", Country: "CA"}, {Type: "Gender", Value: "Female"}}
	if gender != "Male" || !cmp.Equal(got, want) {
		t.Errorf("splitGender = %+v, %q, want %+v, %q", got, gender, want, "Male")
	}
}

func TestBirthDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1973-03-25", "1973-03-25"},
		{"1962", "1962"},
		{"circa 1962", "1962"},
		{"1958 to 1960", "1958/1960"},
		{"20 May 1954", "1954-05-20"},
		{"May 1954", "1954-05"},
		{"circa 1954-05", "1954-05"},
		{"between wars", "between wars"},
		{"circa soon", "circa soon"},
	}
	for _, tt := range tests {
		if got := birthDate(tt.in); got != tt.want {
			t.Errorf("birthDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestListingDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2019-10-09", "2019-10-09", true},
		{"", "", true},
		{"2019-10-09T00:00:00+00:00", "2019-10-09", true},
		{"06/19/2003", "2003-06-19", true},
		{"2019-13-09", "", false},
		{"soon", "", false},
	}
	for _, tt := range tests {
		got, err := listingDate(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("listingDate(%q) = %q, %v, want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestListCode(t *testing.T) {
	tests := []struct {
		in   string
		want clearance.ListCode
	}{
		{"Entity List (EL) - Bureau of Industry and Security", clearance.ListEntity},
		{"Specially Designated Nationals (SDN) - Treasury Department", clearance.ListSDN},
		{"Special Designated Nationals (SDN) - Treasury Department", clearance.ListSDN},
		{"Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", clearance.ListCMIC},
		{"Capta List (CAP) - Treasury Department", clearance.ListCAPTA},
		{"Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", clearance.ListMBS},
		{"Military End User (MEU) List - Bureau of Industry and Security", clearance.ListMEU},
		{"ITAR Debarred (DTC) - State Department", clearance.ListDTC},
		{"Nonproliferation Sanctions (ISN) - State Department", clearance.ListISN},
		{"Palestinian Legislative Council List (PLC) - Treasury Department", clearance.ListPLC},
		{"Non-SDN Palestinian Legislative Council List (NS-PLC) - Treasury Department", clearance.ListPLC},
		{"Sectoral Sanctions Identifications List (SSI) - Treasury Department", clearance.ListSSI},
		{"Foreign Sanctions Evaders (FSE) - Treasury Department", clearance.ListFSE},
		{"Denied Persons List (DPL) - Bureau of Industry and Security", clearance.ListDenied},
		{"Unverified List (UVL) - Bureau of Industry and Security", clearance.ListUnverified},
		{"Military End-User and Intelligence List (mieu list) - BIS", "MIEU"},
		{"Denied Persons List", clearance.ListDenied},
		{"Entity List", clearance.ListEntity},
	}
	for _, tt := range tests {
		got, err := listCode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("listCode(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "Some Other List", "List (—)"} {
		if got, err := listCode(bad); err == nil {
			t.Errorf("listCode(%q) = %q, want an error", bad, got)
		}
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		typ, name string
		list      clearance.ListCode
		want      clearance.EntityKind
	}{
		{"Individual", "'ABBAS, Rim", clearance.ListSDN, clearance.KindPerson},
		{"Entity", "BANCO NACIONAL DE CUBA", clearance.ListSDN, clearance.KindOrganization},
		{"Vessel", "AMBER", clearance.ListSDN, clearance.KindVessel},
		{"Aircraft", "EK-30064", clearance.ListSDN, clearance.KindAircraft},
		{"", "Hangzhou Hikvision Digital Technology Co., Ltd.", clearance.ListEntity, clearance.KindOrganization},
		{"", "Xinjiang Police College", clearance.ListEntity, clearance.KindOrganization},
		{"", "Aksu District Public Security Bureau", clearance.ListEntity, clearance.KindOrganization},
		{"", "Babak Jafarpour", clearance.ListEntity, clearance.KindUnknown},
		{"", "I. ASH", clearance.ListDenied, clearance.KindPerson},
		{"", "THANE-COAT, INC", clearance.ListDenied, clearance.KindOrganization},
		{"", "Michael Bartch, Sr.", clearance.ListDTC, clearance.KindPerson},
		{"", "PEARL (A.K.A. NEI-CHIEN CHU) LI", clearance.ListDenied, clearance.KindPerson},
		{"", "TECHONWEB", clearance.ListDenied, clearance.KindUnknown},
		{"", "Agroplast, a.s.", clearance.ListISN, clearance.KindOrganization},
		{"", "Address 1", clearance.ListEntity, clearance.KindAddress},
		{"", "Scientific Research Institute of Epidemiology and Hygiene", clearance.ListEntity, clearance.KindOrganization},
	}
	for _, tt := range tests {
		if got := kindOf(tt.typ, tt.name, tt.list); got != tt.want {
			t.Errorf("kindOf(%q, %q, %s) = %s, want %s", tt.typ, tt.name, tt.list, got, tt.want)
		}
	}
}

func TestFlatAddresses(t *testing.T) {
	tests := []struct {
		in   string
		want []clearance.Address
	}{
		{"No. 555 Qianmo Road, Binjiang District, Hangzhou, 310052, CN; Juba, SS",
			[]clearance.Address{{Full: "No. 555 Qianmo Road, Binjiang District, Hangzhou, 310052, CN", Country: "CN"}, {Full: "Juba, SS", Country: "SS"}}},
		{"CO", []clearance.Address{{Full: "CO", Country: "CO"}}},
		{"Room 5, Shenzhen, China", []clearance.Address{{Full: "Room 5, Shenzhen, China", Country: "CN"}}},
		{"c/o GEOFARMA S.A.", []clearance.Address{{Full: "c/o GEOFARMA S.A."}}},
		{"Calle 5, Guadalajara, 44100", []clearance.Address{{Full: "Calle 5, Guadalajara, 44100"}}},
	}
	for _, tt := range tests {
		if got := flatAddresses(splitList(tt.in)); !cmp.Equal(got, tt.want) {
			t.Errorf("flatAddresses(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
