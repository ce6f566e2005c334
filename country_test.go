package clearance

import "testing"

func TestCountryCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"China", "CN"}, {"CN", "CN"}, {"cn", "CN"}, {"Korea, North", "KP"},
		{"Iran (Islamic Republic of)", "IR"}, {"Russian Federation", "RU"}, {"Burma", "MM"},
		{"Democratic Republic of the Congo", "CD"}, {"Côte d'Ivoire", "CI"}, {"Türkiye", "TR"},
		{"United Kingdom", "GB"}, {"United States", "US"}, {"Hong Kong", "HK"}, {"Syria", "SY"},
		{"Pakistan", "PK"}, {"Cayman Islands", "KY"},
	}
	for _, tt := range tests {
		if got, ok := CountryCode(tt.in); !ok || got != tt.want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"", "Atlantis", "Qianmo Road"} {
		if got, ok := CountryCode(in); ok {
			t.Errorf("CountryCode(%q) = %q, want not found", in, got)
		}
	}
}

func TestDetectScript(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hikvision", "Latn"}, {"旷视科技有限公司", "Hani"}, {"ООО Ромашка", "Cyrl"}, {"محمد علي", "Arab"},
		{"김정은", "Hang"}, {"Ромашка LLC", "Cyrl"}, {"123 -", ""},
	}
	for _, tt := range tests {
		if got := DetectScript(tt.in); got != tt.want {
			t.Errorf("DetectScript(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCountryCodeAliases(t *testing.T) {
	for name, want := range map[string]string{"Myanmar": "MM", "North Macedonia": "MK", "Bosnia and Herzegovina": "BA", "East Timor": "TL"} {
		if got, ok := CountryCode(name); !ok || got != want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}
