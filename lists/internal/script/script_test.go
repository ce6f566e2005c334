package script

import (
	"testing"
	"unicode/utf8"
)

func TestDetect(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ERIC BADEGE", "Latn"},
		{"Hangzhou Hikvision", "Latn"},
		{"Умаров Доку Хаматович", "Cyrl"},
		{"Газпром нефть", "Cyrl"},
		{"КУБРАКОЎ, Iван Уладзiмiравiч", "Cyrl"}, // Belarusian with Latin look-alike I/i
		{"إبراهيم عواد إبراهيم", "Arab"},
		{"بنك ملي", "Arab"},
		{"金铁三", "Hans"},
		{"杭州海康威视数字技术股份有限公司", "Hans"},
		{"華信船務(香港)有限公司", "Hant"},
		{"香港", "Hani"},
		{"김정은", "Kore"},
		{"조선 金日成", "Kore"}, // Hangul with Han
		{"トヨタ自動車", "Jpan"},
		{"株式会社トヨタ", "Jpan"}, // more Han than kana
		{"カザン火薬工場", "Jpan"},
		{"ქართული", "Geor"},
		{"שלום", "Hebr"},
		{"7-28", ""},
		{"123 - ()", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Detect(tt.in); got != tt.want {
			t.Errorf("Detect(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestVariantTables checks that the simplified and traditional tables are
// aligned pairs of distinct characters.
func TestVariantTables(t *testing.T) {
	if s, tr := utf8.RuneCountInString(simplifiedOnly), utf8.RuneCountInString(traditionalOnly); s != tr {
		t.Fatalf("simplifiedOnly has %d characters, traditionalOnly %d", s, tr)
	}
	for r := range simplified {
		if traditional[r] {
			t.Errorf("%q is in both tables", r)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Detect("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.")
	}
}
