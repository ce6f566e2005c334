package uscsl

import "unicode"

// scripts are the writing systems told apart, with their ISO 15924 codes.
var scripts = []struct {
	code  string
	table *unicode.RangeTable
}{
	{"Latn", unicode.Latin},
	{"Hani", unicode.Han},
	{"Cyrl", unicode.Cyrillic},
	{"Arab", unicode.Arabic},
	{"Hang", unicode.Hangul},
	{"Grek", unicode.Greek},
	{"Hebr", unicode.Hebrew},
	{"Thai", unicode.Thai},
	{"Jpan", unicode.Hiragana},
	{"Jpan", unicode.Katakana},
}

// script returns the ISO 15924 code of the writing system most of a name's
// letters are in, or "" when it has no letter of a known script. Kana make
// a name Japanese ("Jpan") even when most letters are Han.
func script(s string) string {
	counts := make([]int, len(scripts))
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for i, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[i]++
				break
			}
		}
	}
	if counts[len(scripts)-1]+counts[len(scripts)-2] > 0 {
		return "Jpan"
	}
	best := -1
	for i, n := range counts {
		if n > 0 && (best < 0 || n > counts[best]) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return scripts[best].code
}
