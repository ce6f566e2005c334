package ofac

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

func TestSplitPrograms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"CUBA", []string{"CUBA"}},
		{"SDGT] [IRGC", []string{"SDGT", "IRGC"}},
		{"[SDGT] [IRGC] [IFSR]", []string{"SDGT", "IRGC", "IFSR"}},
		{"CAATSA - RUSSIA", []string{"CAATSA - RUSSIA"}},
		{"SDGT] [SDGT", []string{"SDGT"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitPrograms(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("splitPrograms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIdentifier(t *testing.T) {
	tests := []struct {
		in   string
		want clearance.Identifier
		ok   bool
	}{
		{"Passport 1084010 (Egypt)", clearance.Identifier{Type: "Passport", Value: "1084010", Country: "EG"}, true},
		{"Passport L 191609 issued 28 Feb 1996 expires 27 Feb 2001",
			clearance.Identifier{Type: "Passport", Value: "L 191609", Note: "issued 28 Feb 1996 expires 27 Feb 2001"}, true},
		{"Diplomatic Passport 008827 (Iran) issued 1999",
			clearance.Identifier{Type: "Diplomatic Passport", Value: "008827", Country: "IR", Note: "issued 1999"}, true},
		{"National ID No. 216040 (Yemen)", clearance.Identifier{Type: "National ID No.", Value: "216040", Country: "YE"}, true},
		{"Tax ID No. AABA 670850 Y", clearance.Identifier{Type: "Tax ID No.", Value: "AABA 670850 Y"}, true},
		{"Registration ID 1027800000084 (Russia)", clearance.Identifier{Type: "Registration ID", Value: "1027800000084", Country: "RU"}, true},
		{"Registration Number 16382287 (China)", clearance.Identifier{Type: "Registration Number", Value: "16382287", Country: "CN"}, true},
		{"Unified Social Credit Code (USCC) 91330000733796106P (China)",
			clearance.Identifier{Type: "Unified Social Credit Code (USCC)", Value: "91330000733796106P", Country: "CN"}, true},
		{"Vessel Registration Identification IMO 9187629", clearance.Identifier{Type: "IMO", Value: "9187629"}, true},
		{"MMSI 572469210", clearance.Identifier{Type: "MMSI", Value: "572469210"}, true},
		{"SWIFT/BIC ROSYRU2P", clearance.Identifier{Type: "SWIFT/BIC", Value: "ROSYRU2P"}, true},
		{"Website www.abr.ru", clearance.Identifier{Type: "Website", Value: "www.abr.ru"}, true},
		{"Website:  www.alnakshabandia-army.org", clearance.Identifier{Type: "Website", Value: "www.alnakshabandia-army.org"}, true},
		{"Email Address bank@abr.ru", clearance.Identifier{Type: "Email Address", Value: "bank@abr.ru"}, true},
		{"Email:adelb@shabakah.net.sa", clearance.Identifier{Type: "Email Address", Value: "adelb@shabakah.net.sa"}, true},
		{"Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
			clearance.Identifier{Type: "Digital Currency Address - XBT", Value: "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"}, true},
		{"Aircraft Construction Number (also called L/N or S/N or F/N) 8305",
			clearance.Identifier{Type: "Aircraft Construction Number (also called L/N or S/N or F/N)", Value: "8305"}, true},
		{"C.U.R.P. AIMM67125HCHRRG06 (Mexico) issued 1968",
			clearance.Identifier{Type: "C.U.R.P.", Value: "AIMM67125HCHRRG06", Country: "MX", Note: "issued 1968"}, true},
		{"Identification Number AO 2879097 (Italy) expires 30 Oct 2012",
			clearance.Identifier{Type: "Identification Number", Value: "AO 2879097", Country: "IT", Note: "expires 30 Oct 2012"}, true},
		{"Passport 2525897 (Palestinian)", clearance.Identifier{Type: "Passport", Value: "2525897", Country: "Palestinian"}, true},
		{"License revoked", clearance.Identifier{}, false}, // a document number has digits
		{"Passports", clearance.Identifier{}, false},
		{"Linked To: HIZBALLAH", clearance.Identifier{}, false},
	}
	for _, tt := range tests {
		got, ok := identifier(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("identifier(%q) = %+v, %v, want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseRemarks(t *testing.T) {
	in := "DOB 25 Mar 1973; alt. DOB circa 1970; POB Giza, Egypt; alt. POB: Keren Eritrea; nationality Iran; " +
		"alt. nationality Palestinian; citizen Korea, North; Nationality of Registration Korea, North; Gender Male; " +
		"Passport 1084010 (Egypt); a.k.a. 'ABU ALI'; f.k.a. 'OLD NAME'; a.k.a. 'EVERGREEN'S'; Linked To: X; " +
		"Additional Sanctions Information - Subject to Secondary Sanctions; nationality possibly Palestinian;arrested 23 Apr 2002."
	want := facts{
		birthDates:    []string{"1973-03-25", "1970"},
		birthPlaces:   []string{"Giza, Egypt", "Keren Eritrea"},
		nationalities: []string{"IR", "Palestinian", "possibly Palestinian"},
		citizenships:  []string{"KP"},
		gender:        "Male",
		ids:           []clearance.Identifier{{Type: "Passport", Value: "1084010", Country: "EG"}},
		aliases: []clearance.Name{
			{Value: "ABU ALI", Kind: clearance.NameAlias, Strength: clearance.Weak},
			{Value: "OLD NAME", Kind: clearance.NameFormer, Strength: clearance.Weak},
			{Value: "EVERGREEN'S", Kind: clearance.NameAlias, Strength: clearance.Weak},
		},
	}
	got := parseRemarks(in)
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(facts{})); diff != "" {
		t.Errorf("parseRemarks(%q) (-want +got):\n%s", in, diff)
	}
}

func TestConsList(t *testing.T) {
	tests := []struct {
		programs []string
		remarks  string
		want     clearance.ListCode
	}{
		{[]string{"CMIC-EO13959"}, "", clearance.ListCMIC},
		{[]string{"SDGT", "NS-PLC"}, "", clearance.ListPLC},
		{[]string{"UKRAINE-EO13662", "RUSSIA-EO14024"}, "Directive 1", clearance.ListSSI},
		{[]string{"FSE-IR"}, "", clearance.ListFSE},
		{[]string{"561-Related"}, "", clearance.ListCAPTA},
		{[]string{"IRAN"}, "prohibited from opening or maintaining a correspondent account or a payable-through account", clearance.ListCAPTA},
		{[]string{"CAATSA - RUSSIA"}, "CAATSA Section 235 Information: EXPORT SANCTIONS", clearance.ListMBS},
		{[]string{"RUSSIA-EO14024"}, "Executive Order 14024 Directive Information", clearance.ListMBS},
		{[]string{"ILLICIT-DRUGS-EO14059"}, "Executive Order 14059 information: Prohibition", clearance.ListMBS},
		{[]string{"SOMETHING-NEW"}, "", clearance.ListNonSDN},
	}
	for _, tt := range tests {
		if got := consList(tt.programs, tt.remarks); got != tt.want {
			t.Errorf("consList(%q, %q) = %v, want %v", tt.programs, tt.remarks, got, tt.want)
		}
	}
}
