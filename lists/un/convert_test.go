package un

import (
	"os"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/google/go-cmp/cmp"
)

func TestSplitAlias(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"AIGLE BLANC", []string{"AIGLE BLANC"}},
		{"Azim Adhajani; Azim Agha-Jani", []string{"Azim Adhajani", "Azim Agha-Jani"}},
		{"Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet", []string{"Mohammed Sabet", "Mohammad Sabet", "M. Javad Kareemi Sabet"}},
		{"حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)", []string{"حسن غول", "Hassan Ghul", "Hassan Gul", "Hasan Gul"}},
		{"Jin Tiesan (金铁三)", []string{"Jin Tiesan", "金铁三"}},
		{"Amir Khazmat (original script: Амир Хазмат)", []string{"Amir Khazmat", "Амир Хазмат"}},
		{"أنصار الشريعة بليبيا (Ansar al Charia in Libya (ASL))", []string{"أنصار الشريعة بليبيا", "Ansar al Charia in Libya (ASL)"}},
		{"Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); Hayat Tahrir al-Sham)", []string{"Hay’at Tahrir al-Sham (HTS)", "هيئة تحرير الشام", "Hayat Tahrir al-Sham"}},
		{"Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),", []string{"Akhter Mohmad son of Noor Mohmad", "اختر محمد ولد نور محمد"}},
		{"Lord’s Resistance Movement (LRM)", []string{"Lord’s Resistance Movement (LRM)"}},
		{"Lom-ali Butayev (Butaev)", []string{"Lom-ali Butayev (Butaev)"}},
		{"EL PARA (COMBAT NAME)", []string{"EL PARA (COMBAT NAME)"}},
		{"(Sheikh) Musa Hilal", []string{"(Sheikh) Musa Hilal"}},
		{"Hilarion Santos, III (third)", []string{"Hilarion Santos, III (third)"}},
	}
	for _, tt := range tests {
		if got := splitAlias(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("splitAlias(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestISODate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2012-12-31", "2012-12-31", true},
		{"2015-04-07-04:00", "2015-04-07", true},
		{"2026-02-27T00:00:09.554Z", "2026-02-27", true},
		{"1965-00-00", "1965", true},
		{"1965-04-00", "1965-04", true},
		{"", "", true},
		{"2000-02-29", "2000-02-29", true},
		{"1900-02-29", "", false},
		{"1965-00-12", "", false},
		{"31/12/2012", "", false},
		{"2012-13-01", "", false},
		{"1965", "", false},
	}
	for _, tt := range tests {
		got, err := isoDate(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("isoDate(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestBirthDates(t *testing.T) {
	dob := func(parts string) string {
		return "<INDIVIDUAL_DATE_OF_BIRTH>" + parts + "</INDIVIDUAL_DATE_OF_BIRTH>"
	}
	tests := []struct {
		name string
		xml  string
		want []string
	}{
		{"exact date", dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1978-04-28</DATE>"), []string{"1978-04-28"}},
		{"exact year", dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR>"), []string{"1971"}},
		{"approximately", dob("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1966</YEAR>"), []string{"1966"}},
		{"between", dob("<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR><TO_YEAR>1975</TO_YEAR>"), []string{"1973", "1974", "1975"}},
		{"wide between", dob("<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1940</FROM_YEAR><TO_YEAR>1970</TO_YEAR>"), []string{"1940", "1970"}},
		{"month in note", dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1958</YEAR><NOTE>Sep.</NOTE>"), []string{"1958-09"}},
		{"month and year in note", dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>August 1961 </NOTE>"), []string{"1961-08"}},
		{"prose note", dob("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>30-35 years old</NOTE>"), nil},
		{"empty", dob("<TYPE_OF_DATE/>"), nil},
		{"several, deduplicated", dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR>") + dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR>") + dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1972</YEAR>"), []string{"1971", "1972"}},
	}
	for _, tt := range tests {
		_, entries, err := parseAll(t, "list.xml", []byte(doc(rec(tt.xml))))
		if err != nil {
			t.Errorf("Parse(%s): %v", tt.name, err)
			continue
		}
		if got := entries[0].BirthDates; !cmp.Equal(got, tt.want) {
			t.Errorf("Parse(%s) birth dates = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestAliasKinds(t *testing.T) {
	alias := func(q, name string) string {
		return "<INDIVIDUAL_ALIAS><QUALITY>" + q + "</QUALITY><ALIAS_NAME>" + name + "</ALIAS_NAME></INDIVIDUAL_ALIAS>"
	}
	input := doc(rec(alias("Good", "A") + alias("Low", "B") + alias("a.k.a.", "C") + alias("f.k.a.", "D") + alias("Low", "A") + alias("Good", "B")))
	_, entries, err := parseAll(t, "list.xml", []byte(input))
	if err != nil {
		t.Fatal(err)
	}
	want := []clearance.Name{
		{Value: "ERIC BADEGE", Kind: clearance.NamePrimary, Script: "Latn"},
		{Value: "A", Kind: clearance.NameAlias, Script: "Latn"},
		{Value: "B", Kind: clearance.NameAlias, Script: "Latn"}, // a strong duplicate upgrades the weak alias
		{Value: "C", Kind: clearance.NameAlias, Script: "Latn"},
		{Value: "D", Kind: clearance.NameFormer, Script: "Latn"},
	}
	if diff := cmp.Diff(want, entries[0].Names); diff != "" {
		t.Errorf("Parse names differ (-want +got):\n%s", diff)
	}
}

// FuzzParse checks that Parse never panics, that every emitted entry
// validates and has a name, and that every failure is a ParseError.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile(extract); err == nil {
		f.Add(data[:min(len(data), 8000)])
	}
	f.Add([]byte(doc(rec(""))))
	f.Add([]byte(doc(rec("<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>حسن غول (Hassan Ghul; Hassan Gul)</ALIAS_NAME></INDIVIDUAL_ALIAS>"))))
	f.Add([]byte(doc(rec("<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR><TO_YEAR>1975</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>"))))
	f.Add([]byte(`<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>X</FIRST_NAME><DATAID>1</DATAID></ENTITY></ENTITIES></CONSOLIDATED_LIST>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseAll(t, "fuzz.xml", data)
	})
}
