package uscsl

import (
	"fmt"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/google/go-cmp/cmp"
)

// n renders a name as "kind[/weak]:value" for compact expectations.
func n(x clearance.Name) string {
	s := string(x.Kind)
	if x.Strength != clearance.Strong {
		s += "/" + string(x.Strength)
	}
	return s + ":" + x.Value
}

func TestBuildNames(t *testing.T) {
	tests := []struct {
		name string
		alts string
		want []string
	}{
		{"Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision",
			[]string{"primary:Hangzhou Hikvision Digital Technology Co., Ltd.", "aka:Hikvision"}},
		// Entity List prose: "; and", a final full stop, inner " and " kept.
		{"48th Central Scientific Research Institute, Kirov",
			"48th TsNII Kirov; Scientific Research Institute of Microbiology; and Scientific Research Institute of Epidemiology and Hygiene.",
			[]string{"primary:48th Central Scientific Research Institute, Kirov", "aka:48th TsNII Kirov",
				"aka:Scientific Research Institute of Microbiology", "aka:Scientific Research Institute of Epidemiology and Hygiene"}},
		// An abbreviation's full stop stays.
		{"APEX", "APEKS; APEX Systems; OOO APEX; and APEX Ltd.",
			[]string{"primary:APEX", "aka:APEKS", "aka:APEX Systems", "aka:OOO APEX", "aka:APEX Ltd."}},
		{"China State Shipbuilding Corporation, Limited (CSSC) 12th Research Institute",
			"China Shipbuilding Industry Group Co., Ltd. (CSIC) 12th Research Institute; and Thermal Processing Technology Research Institute, a.k.a., Hot Working Technology Research Institute.",
			[]string{"primary:China State Shipbuilding Corporation, Limited (CSSC) 12th Research Institute",
				"aka:China Shipbuilding Industry Group Co., Ltd. (CSIC) 12th Research Institute",
				"aka:Thermal Processing Technology Research Institute", "aka:Hot Working Technology Research Institute"}},
		{"China State Shipbuilding Corporation, Limited (CSSC) 710th Research Institute",
			"and Yichang Testing Technology Research Institute a.k.a. Yichang Institute of Testing Technology",
			[]string{"primary:China State Shipbuilding Corporation, Limited (CSSC) 710th Research Institute",
				"aka:Yichang Testing Technology Research Institute", "aka:Yichang Institute of Testing Technology"}},
		// a.k.a. prose in the primary name: kept as written, parts added.
		{"Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)", "",
			[]string{"primary:Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)",
				"aka:Chitron Electronics Company Ltd.", "aka:Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)",
				"aka:Chi-Chung Electronics Company Ltd."}},
		{"Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)", "Pasadena Aerospace; Aviation Logistics and Supply",
			[]string{"primary:Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)",
				"aka:Mexpar International, Inc.", "aka:Pasadena Aerospace", "aka:Aviation Logistics and Supply"}},
		{"Gazprom Promgaz, AO (f.k.a. Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz)", "Gazprom Promgaz",
			[]string{"primary:Gazprom Promgaz, AO (f.k.a. Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz)",
				"aka:Gazprom Promgaz, AO", "fka:Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz", "aka:Gazprom Promgaz"}},
		{"PEARL (A.K.A. NEI-CHIEN CHU) LI", "",
			[]string{"primary:PEARL (A.K.A. NEI-CHIEN CHU) LI", "aka:PEARL LI", "aka:NEI-CHIEN CHU"}},
		{"FUYI SUN A/K/A FRANK SUN", "", []string{"primary:FUYI SUN A/K/A FRANK SUN", "aka:FUYI SUN", "aka:FRANK SUN"}},
		{"Astronautics Research Institute [aka Astronautics Systems Research Center, Aerospace Research Institute]", "",
			[]string{"primary:Astronautics Research Institute [aka Astronautics Systems Research Center, Aerospace Research Institute]",
				"aka:Astronautics Research Institute", "aka:Astronautics Systems Research Center", "aka:Aerospace Research Institute"}},
		{"Center for Innovation and Technology Cooperation", "CITC; F.K.A. Office of Scientific and Industrial Studies (OSIS)",
			[]string{"primary:Center for Innovation and Technology Cooperation", "aka:CITC",
				"fka:Office of Scientific and Industrial Studies (OSIS)", "fka:Office of Scientific and Industrial Studies", "fka/weak:OSIS"}},
		// Derived names: without the trailing acronym (strong), the acronym (weak).
		{"Abdul Qader Khan Research Laboratories (AQKRL)", "Khan Research Laboratories (KRL)",
			[]string{"primary:Abdul Qader Khan Research Laboratories (AQKRL)", "aka:Abdul Qader Khan Research Laboratories",
				"aka/weak:AQKRL", "aka:Khan Research Laboratories (KRL)", "aka:Khan Research Laboratories", "aka/weak:KRL"}},
		{"Baotou Guanghua Chemical Industrial Corporation (Parent Organization: China National Nuclear Group Corporation (CNNC))", "",
			[]string{"primary:Baotou Guanghua Chemical Industrial Corporation (Parent Organization: China National Nuclear Group Corporation (CNNC))",
				"aka:Baotou Guanghua Chemical Industrial Corporation"}},
		{"Asa'ib Ahl al-Haq (AAH) and any successor, sub-unit, or subsidiary thereof", "",
			[]string{"primary:Asa'ib Ahl al-Haq (AAH) and any successor, sub-unit, or subsidiary thereof",
				"aka:Asa'ib Ahl al-Haq (AAH)", "aka:Asa'ib Ahl al-Haq", "aka/weak:AAH"}},
		// A lead-in, a parenthesised note and case-insensitive duplicates.
		{"Foo Trading LLC", "the following three aliases: Foo; Bar Co.; and FOO TRADING LLC; (all of preceding located in Dubai)",
			[]string{"primary:Foo Trading LLC", "aka:Foo", "aka:Bar Co."}},
		{"Widget Works, including the following two aliases: Widgets; and WW Ltd.", "",
			[]string{"primary:Widget Works, including the following two aliases: Widgets; and WW Ltd.",
				"aka:Widget Works", "aka:Widgets", "aka:WW Ltd."}},
	}
	for _, tt := range tests {
		var got []string
		for _, x := range buildNames(tt.name, splitList(tt.alts)) {
			got = append(got, n(x))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("buildNames(%q, %q) (-want +got):\n%s", tt.name, tt.alts, diff)
		}
	}
}

func TestBuildNamesScript(t *testing.T) {
	got := buildNames("Hikvision", []string{"海康威视"})
	want := []clearance.Name{
		{Value: "Hikvision", Kind: clearance.NamePrimary, Script: "Latn"},
		{Value: "海康威视", Kind: clearance.NameAlias, Script: "Hani"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("buildNames scripts (-want +got):\n%s", diff)
	}
}

func ExampleFormat() {
	fmt.Println(Format.Name())
	// Output: csl
}
