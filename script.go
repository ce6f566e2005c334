package clearance

import "unicode"

// scripts maps Unicode script tables to ISO 15924 codes, most common first.
var scripts = []struct {
	table *unicode.RangeTable
	code  string
}{
	{unicode.Latin, "Latn"}, {unicode.Han, "Hani"}, {unicode.Cyrillic, "Cyrl"}, {unicode.Arabic, "Arab"},
	{unicode.Hangul, "Hang"}, {unicode.Hiragana, "Jpan"}, {unicode.Katakana, "Jpan"}, {unicode.Greek, "Grek"},
	{unicode.Hebrew, "Hebr"}, {unicode.Armenian, "Armn"}, {unicode.Georgian, "Geor"}, {unicode.Thai, "Thai"},
	{unicode.Devanagari, "Deva"}, {unicode.Myanmar, "Mymr"}, {unicode.Ethiopic, "Ethi"}, {unicode.Syriac, "Syrc"},
	{unicode.Thaana, "Thaa"}, {unicode.Tamil, "Taml"}, {unicode.Bengali, "Beng"}, {unicode.Khmer, "Khmr"},
	{unicode.Lao, "Laoo"}, {unicode.Tibetan, "Tibt"}, {unicode.Mongolian, "Mong"},
}

// DetectScript returns the ISO 15924 code of the script most letters of s
// are written in ("Latn", "Hani", "Cyrl", "Arab"...), or "" when s has no
// letters. Han text is reported as "Hani": telling Simplified from
// Traditional needs more than the code points of a short name, so sources
// that state it (OFAC's "Chinese Simplified") should be believed instead.
func DetectScript(s string) string {
	counts := make(map[string]int, 2)
	best, bestN := "", 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[sc.code]++
				if n := counts[sc.code]; n > bestN {
					best, bestN = sc.code, n
				}
				break
			}
		}
	}
	return best
}
