package match

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/mozillazg/go-pinyin"
	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"
)

// Fold returns s as lower-case ASCII words separated by single spaces:
// accents are stripped, punctuation becomes a word break (apostrophes join),
// "&" becomes "and", Chinese characters become pinyin syllables (one word
// each), Cyrillic is romanised (see romanizeCyrillic) and other scripts are
// transliterated. Fold is idempotent and its output is always ASCII.
func Fold(s string) string {
	if isPlainASCII(s) {
		return foldASCII(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	var han []rune
	whole := onlyHan(strings.TrimSpace(s)) // the name is one run of Han
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if isHan(r) {
			han = append(han, r)
			continue
		}
		if len(han) > 0 {
			writeHan(&b, han, whole)
			han = han[:0]
		}
		foldRune(&b, r)
	}
	if len(han) > 0 {
		writeHan(&b, han, whole)
	}
	return foldASCII(b.String())
}

// isPlainASCII reports whether s has only ASCII bytes.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldASCII lower-cases an ASCII string, drops apostrophes, turns "&" into
// "and" and every other non-alphanumeric byte into a single space.
func foldASCII(s string) string {
	if strings.IndexByte(s, '.') >= 0 {
		s = joinDotted(s)
	}
	b := appendFoldASCII(make([]byte, 0, len(s)), s)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// appendFoldPlain appends s folded to dst when s is plain ASCII without
// dotted initials, which folding needs no other storage for, and reports
// whether it did; for any other name, Fold.
func appendFoldPlain(dst []byte, s string) ([]byte, bool) {
	if !isPlainASCII(s) || strings.IndexByte(s, '.') >= 0 {
		return dst, false
	}
	return appendFoldASCII(dst, s), true
}

// appendFoldASCII appends s folded to dst, s being ASCII without dotted
// initials (see foldASCII).
func appendFoldASCII(dst []byte, s string) []byte {
	start := len(dst)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = append(dst, c)
		case c == '\'' || c == '`':
			// O'Brien, 'ABBAS: the apostrophe joins.
		case c == '&':
			if len(dst) > start {
				dst = append(dst, ' ')
			}
			dst = append(dst, "and"...)
			space = true
		default:
			space = true
		}
	}
	return dst
}

// joinDotted joins dotted initials into one word: "A.B.C." and "L.X.C"
// become "ABC" and "LXC", "G.m.b.H." "GmbH", "o.O.O." "oOO". Initials with
// spaces after their dots ("J. P. Morgan") stay apart: in person names they
// are separate given names.
func joinDotted(s string) string {
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	isAlnum := func(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }
	var b []byte
	for i := 0; i < len(s); {
		// A run starts at a single character after a non-alphanumeric byte,
		// followed by a dot and another single character.
		if isLetter(s[i]) && (i == 0 || !isAlnum(s[i-1])) && i+2 < len(s) && s[i+1] == '.' && isLetter(s[i+2]) &&
			(i+3 == len(s) || !isAlnum(s[i+3])) {
			j := i
			var run []byte
			for j < len(s) && isLetter(s[j]) && (j+1 == len(s) || !isAlnum(s[j+1])) {
				run = append(run, s[j])
				j++
				if j < len(s) && s[j] == '.' {
					j++
				} else {
					break
				}
			}
			if len(run) >= 2 {
				if b == nil {
					b = append(make([]byte, 0, len(s)), s[:i]...)
				}
				b = append(b, run...)
				b = append(b, ' ')
				i = j
				continue
			}
		}
		if b != nil {
			b = append(b, s[i])
		}
		i++
	}
	if b == nil {
		return s
	}
	return string(b)
}

// foldRune writes the ASCII rendering of one rune; Han characters are
// written by runs (writeHan), not here.
func foldRune(b *strings.Builder, r rune) {
	switch {
	case r < utf8.RuneSelf:
		b.WriteRune(r)
	case unicode.Is(unicode.Cyrillic, r):
		b.WriteString(romanizeCyrillic(r))
	case unicode.Is(unicode.Mn, r):
		// A combining mark left by the source: drop it.
	case isApostrophe(r):
		// Typographic apostrophes and Arabic ayn/hamza transcriptions join.
	default:
		if s, ok := latinSpecial[r]; ok {
			b.WriteString(s)
			return
		}
		if d := decomposedASCII(r); d != "" {
			b.WriteString(d)
			return
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			b.WriteByte(' ')
			return
		}
		if isSyllabic(r) {
			b.WriteString(" " + unidecode.Unidecode(string(r)) + " ")
			return
		}
		// Alphabets and abjads (Arabic, Hebrew, Armenian, Georgian...):
		// letters join into words as in the source.
		b.WriteString(unidecode.Unidecode(string(r)))
	}
}

// decomposedASCII returns the ASCII letters of r's compatibility
// decomposition ("é" is "e" and a mark), or "" when it has none. The
// Latin letters of Latin-1 to Latin Extended-B and Latin Extended
// Additional (Vietnamese), which most names that are not plain ASCII
// hold, are decomposed once, on first use: decomposing costs two
// allocations and about 200 ns a rune.
func decomposedASCII(r rune) string {
	switch {
	case r >= 0x80 && r < 0x250:
		return latinDecomposed()[r-0x80]
	case r >= 0x1e00 && r < 0x1f00:
		return latinDecomposed()[0x250-0x80+r-0x1e00]
	}
	return decomposeASCII(r)
}

// latinDecomposed is decomposeASCII of U+0080-U+024F, then of
// U+1E00-U+1EFF.
var latinDecomposed = sync.OnceValue(func() []string {
	t := make([]string, 0, 0x250-0x80+0x100)
	for r := rune(0x80); r < 0x250; r++ {
		t = append(t, decomposeASCII(r))
	}
	for r := rune(0x1e00); r < 0x1f00; r++ {
		t = append(t, decomposeASCII(r))
	}
	return t
})

// decomposeASCII is decomposedASCII, decomposing r. (A byte below
// utf8.RuneSelf is an ASCII rune in UTF-8.)
func decomposeASCII(r rune) string {
	var ascii []byte
	for _, c := range []byte(norm.NFKD.String(string(r))) {
		if c < utf8.RuneSelf {
			ascii = append(ascii, c)
		}
	}
	return string(ascii)
}

// isSyllabic reports whether r writes a whole syllable, which becomes a word
// of its own as pinyin does: Hangul blocks, kana, Yi.
func isSyllabic(r rune) bool {
	return unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana, unicode.Yi)
}

func isApostrophe(r rune) bool {
	switch r {
	case '’', '‘', 'ʼ', 'ʻ', 'ʹ', '′', '´', 'ʾ', 'ʿ':
		return true
	}
	return false
}

// latinSpecial maps letters that do not decompose to an ASCII base.
var latinSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŋ': "ng", 'ə': "a", 'Ə': "a", 'ſ': "s",
	'–': " ", '—': " ", '·': " ", '«': " ", '»': " ", '“': " ", '”': " ", '„': " ",
	'　': " ", '、': " ", '，': " ", '（': " ", '）': " ", '。': " ",
}

// writeSyllables writes the pinyin reading of a Han character as its own
// word. Polyphonic characters take their most common reading here; writeHan
// reads them in the words they stand in first.
func writeSyllables(b *strings.Builder, r rune) {
	p := pinyin.SinglePinyin(r, pinyinArgs)
	if len(p) == 0 {
		b.WriteString(" " + unidecode.Unidecode(string(r)) + " ")
		return
	}
	b.WriteString(" " + p[0] + " ")
}

var pinyinArgs = pinyin.NewArgs()

// cyrillic romanises Cyrillic letters. The table follows BGN/PCGN closely
// but with the simpler choices ICAO 9303 passports use for the letters
// where the schemes differ most (й -> i is left to variants, see
// cyrillicVariants); the matcher's canonical forms bridge the rest.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya",
	// Ukrainian, Belarusian, Serbian, Macedonian, Kazakh letters.
	'є': "ye", 'і': "i", 'ї': "yi", 'ґ': "g", 'ў': "u", 'ђ': "dj", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz", 'қ': "k", 'ғ': "gh",
	'ң': "ng", 'ү': "u", 'ұ': "u", 'һ': "h", 'ә': "a", 'ө': "o",
}

func romanizeCyrillic(r rune) string {
	if s, ok := cyrillic[unicode.ToLower(r)]; ok {
		return s
	}
	return unidecode.Unidecode(string(r))
}

// Tokens splits a folded string into words.
func Tokens(folded string) []string {
	return strings.Fields(folded)
}

// isAbjad reports whether most letters of s are written in a script that
// omits short vowels (Arabic, Hebrew, Syriac, Thaana).
func isAbjad(s string) bool {
	var abjad, letters int
	for _, r := range s {
		if r < utf8.RuneSelf {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				letters++
			}
			continue
		}
		if unicode.IsLetter(r) {
			letters++
			if unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana) {
				abjad++
			}
		}
	}
	return letters > 0 && 2*abjad > letters
}

// isSyllabicText reports whether most letters of s are Han characters or
// Hangul syllables, which fold to one word per syllable.
func isSyllabicText(s string) bool {
	var syl, letters int
	for _, r := range s {
		if r < utf8.RuneSelf { // a Latin letter, or no letter
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				letters++
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.In(r, unicode.Han, unicode.Hangul) {
			syl++
		}
	}
	return letters > 0 && 2*syl > letters
}
