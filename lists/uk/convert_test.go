package uk

import (
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/google/go-cmp/cmp"
)

func TestSplitNumbered(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Russia", []string{"Russia"}},
		{"(1) Germany. (2) Morocco", []string{"Germany", "Morocco"}},
		{"(1) Uganda (2) Uganda (3)Uganda", []string{"Uganda", "Uganda", "Uganda"}},
		{"(1) 20645897 (2) -", []string{"20645897", ""}},
		{"(1) Issued 4 Jun. 1985 (valid until 2018) (2) Issued in (2016) Jordan", []string{"Issued 4 Jun. 1985 (valid until 2018)", "Issued in (2016) Jordan"}},
		{"Sudan (2) not a list", []string{"Sudan (2) not a list"}},
	}
	for _, tt := range tests {
		if got := splitNumbered(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("splitNumbered(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBirthDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"22/08/1990", "1990-08-22", true},
		{"00/00/1962", "1962", true},
		{"00/08/1970", "1970-08", true},
		{"12/00/1970", "1970", true},
		{"06/1960", "1960-06", true},
		{"1964", "1964", true},
		{"", "", true},
		{"29/02/2000", "2000-02-29", true},
		{"29/02/1900", "", false},
		{"31/04/1970", "", false},
		{"1970-08-22", "", false},
		{"22/08/70", "", false},
		{"+1/08/1970", "", false},
		{"about 1970", "", false},
	}
	for _, tt := range tests {
		got, err := birthDate(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("birthDate(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestInfoTags(t *testing.T) {
	in := "(UK Sanctions List Ref):CAF0011. (UN Ref):CDi. 037. Ali is a deputy (CFe.002). (Gender):male (IMO number):7408873 (Current owners):Korea Samjong Shipping (Flag of ship):North Korea (Previous flags):Russia (Type of ship):Oil tanker (Tonnage of ship):1676 (Length of ship):80"
	want := map[string]string{
		"UK Sanctions List Ref": "CAF0011", "UN Ref": "CDi.037", "Gender": "male", "IMO number": "7408873",
		"Current owners": "Korea Samjong Shipping", "Flag of ship": "North Korea", "Type of ship": "Oil tanker", "Tonnage of ship": "1676",
	}
	if diff := cmp.Diff(want, infoTags(in)); diff != "" {
		t.Errorf("infoTags(%q) differs (-want +got):\n%s", in, diff)
	}
}

func TestBirthPlaces(t *testing.T) {
	tests := []struct {
		towns, countries string
		want             []string
	}{
		{"Moscow", "Russia", []string{"Moscow, Russia"}},
		{"", "Russia", []string{"Russia"}},
		{"(1) Tiaret (2) Maskara (3) -", "Algeria", []string{"Tiaret, Algeria", "Maskara, Algeria", "Algeria"}},
		{"(1) Tripoli (2) Tunis", "(1) Libya (2) Tunisia", []string{"Tripoli, Libya", "Tunis, Tunisia"}},
		{"", "", nil},
	}
	for _, tt := range tests {
		if got := birthPlaces(tt.towns, tt.countries); !cmp.Equal(got, tt.want) {
			t.Errorf("birthPlaces(%q, %q) = %q, want %q", tt.towns, tt.countries, got, tt.want)
		}
	}
}

func TestNonLatinScript(t *testing.T) {
	tests := []struct{ name, typ, want string }{
		{"ЗАДАЧИН Андрей Андреевич", "", "Cyrl"},
		{"КУБРАКОЎ, Iван Уладзiмiравiч", "Cryillic", "Cyrl"},
		{"محمد باقری", "Persian", "Arab"},
		{"道通机器人有限公司", "Chinese", "Hans"},
		{"普萊米樂(香港)國際貿易有限公司", "Chinese", "Hant"},
		{"김영복", "Hangul", "Kore"},
		{"שלום", "", "Hebr"},
		{"—", "Cyrillic", "Cyrl"}, // no letters: the Type decides
		{"Partiya Karkerên Kurdistanê (PKK)", "", "Latn"},
	}
	for _, tt := range tests {
		if got := nonLatinScript(tt.name, tt.typ); got != tt.want {
			t.Errorf("nonLatinScript(%q, %q) = %q, want %q", tt.name, tt.typ, got, tt.want)
		}
	}
}

// TestMerge checks how a group's rows combine: the Primary name row names
// the entry wherever it is, duplicates collapse, a strong duplicate of a
// weak alias makes it strong, and per-row facts are unions.
func TestMerge(t *testing.T) {
	input := file(
		line(map[string]string{"Name 1": "Jon", "Alias Type": "AKA", "Alias Quality": "Low quality", "DOB": "00/00/1962"}),
		line(map[string]string{"Name 1": "Ivan", "Name 6": "Ivanov", "Group ID": "2", "Group Type": "Individual"}),
		line(map[string]string{"DOB": "00/00/1962", "Name Non-Latin Script": "Джон Смит", "Address 1": "1 Red Square", "Address 6": "Moscow", "Country": "Russia"}),
		line(map[string]string{"Name 1": "Jon", "Alias Type": "Primary name variation", "DOB": "01/02/1963", "Address 1": "1 Red Square", "Address 6": "Moscow", "Country": "Russia", "Regime": "Belarus", "Listed On": "01/01/2021"}),
		line(map[string]string{"Name 6": "SMITHE", "Alias Type": "FKA", "Nationality": "(1) Russia (2) Belarus", "Passport Number": "(1) 123 (2) 456", "Passport Details": "(1) Russian (2) Belarusian"}),
	)
	_, entries, err := parseAll(t, "ConList.csv", []byte(input))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].SourceRef != "1" || entries[1].SourceRef != "2" {
		t.Fatalf("Parse = %d entries, want groups 1 and 2 in order of first row", len(entries))
	}
	e := entries[0]
	wantNames := []clearance.Name{
		{Value: "John SMITH", Kind: clearance.NamePrimary, Script: "Latn"},
		{Value: "Джон Смит", Kind: clearance.NameOriginal, Script: "Cyrl"},
		{Value: "Jon SMITH", Kind: clearance.NameAlias, Script: "Latn"},
		{Value: "John SMITHE", Kind: clearance.NameFormer, Script: "Latn"},
	}
	if diff := cmp.Diff(wantNames, e.Names); diff != "" {
		t.Errorf("merged names differ (-want +got):\n%s", diff)
	}
	check := func(field string, got, want any) {
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("merged %s differs (-want +got):\n%s", field, diff)
		}
	}
	check("birth dates", e.BirthDates, []string{"1962", "1963-02-01"})
	check("addresses", e.Addresses, []clearance.Address{{Full: "1 Red Square, Moscow, Russia", Street: "1 Red Square", City: "Moscow", Country: "RU"}})
	check("nationalities", e.Nationalities, []string{"RU", "BY"})
	check("countries", e.Countries, []string{"RU", "BY"})
	check("programs", e.Programs, []string{"Russia", "Belarus"})
	check("start date", e.StartDate, "2021-01-01")
	check("identifiers", e.Identifiers, []clearance.Identifier{{Type: "Passport", Value: "123", Note: "Russian"}, {Type: "Passport", Value: "456", Note: "Belarusian"}})
}

// FuzzParse checks that Parse never panics, that every emitted entry
// validates and has a name, and that every failure is a ParseError.
func FuzzParse(f *testing.F) {
	f.Add([]byte(file(line(nil))))
	f.Add([]byte(file(line(map[string]string{"Name Non-Latin Script": "Джон", "DOB": "00/08/1970", "Nationality": "(1) Russia (2) Belarus"}), line(map[string]string{"Alias Type": "AKA", "Alias Quality": "Low quality", "Name 1": "Jon"}))))
	f.Add([]byte(header + "\n" + line(map[string]string{"Group Type": "Ship", "Other Information": "(IMO number):123 (Type of ship):Tanker"}) + "\n"))
	f.Add([]byte("Last Updated,10/04/2025\nName 6,Group ID,Group Type,Alias Type\nX,1,Entity,AKA\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseAll(t, "fuzz.csv", data)
	})
}
