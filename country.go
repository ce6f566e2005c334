package clearance

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// CountryCode returns the ISO 3166-1 alpha-2 code for a country name or code
// as list publishers write it ("China", "CN", "Korea, North", "Iran (Islamic
// Republic of)", "Russian Federation", "Burma"). It folds case, accents and
// punctuation. ok is false when the name is not recognised.
func CountryCode(name string) (code string, ok bool) {
	countryOnce.Do(buildCountries)
	var buf [64]byte // a screening looks its country up: the key on the stack
	k := appendCountryKey(buf[:0], name)
	if len(k) == 0 {
		return "", false
	}
	code, ok = countries[string(k)]
	return code, ok
}

// CountryName returns the English short name of an alpha-2 code, or the code.
func CountryName(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}

var (
	countryOnce sync.Once
	countries   map[string]string
)

// countryAliases are names used by US, UN and UK publishers that differ from
// CLDR's English names.
var countryAliases = map[string]string{
	"burma": "MM", "myanmar burma": "MM", "myanmar": "MM", "myanmar (burma)": "MM",
	"north macedonia": "MK", "republic of north macedonia": "MK",
	"bosnia and herzegovina": "BA", "bosnia herzegovina": "BA", "bosnia": "BA",
	"east timor": "TL", "timor leste": "TL", "timor-leste": "TL",
	"curacao": "CW", "sao tome and principe": "ST", "saint kitts and nevis": "KN",
	"saint vincent and the grenadines": "VC", "trinidad and tobago": "TT", "antigua and barbuda": "AG",
	"saint lucia": "LC", "vatican": "VA", "holy see": "VA", "czechia": "CZ",
	"korea north": "KP", "north korea": "KP", "democratic peoples republic of korea": "KP", "dprk": "KP",
	"korea south": "KR", "south korea": "KR", "republic of korea": "KR",
	"iran islamic republic of": "IR", "islamic republic of iran": "IR",
	"russian federation": "RU", "russia": "RU",
	"syrian arab republic": "SY", "syria": "SY",
	"congo democratic republic of the": "CD", "democratic republic of the congo": "CD", "congo kinshasa": "CD",
	"congo republic of the": "CG", "republic of the congo": "CG", "congo brazzaville": "CG",
	"lao peoples democratic republic": "LA", "laos": "LA",
	"viet nam": "VN", "vietnam": "VN",
	"turkey": "TR", "turkiye": "TR",
	"united kingdom of great britain and northern ireland": "GB", "uk": "GB", "great britain": "GB", "england": "GB",
	"united states of america": "US", "usa": "US", "united states": "US",
	"tanzania united republic of": "TZ", "united republic of tanzania": "TZ",
	"venezuela bolivarian republic of": "VE", "bolivia plurinational state of": "BO",
	"moldova republic of": "MD", "republic of moldova": "MD",
	"palestinian territory occupied": "PS", "state of palestine": "PS", "west bank": "PS", "gaza": "PS", "gaza strip": "PS",
	"cote divoire": "CI", "ivory coast": "CI",
	"czech republic": "CZ", "the netherlands": "NL", "holland": "NL",
	"macedonia": "MK", "the former yugoslav republic of macedonia": "MK",
	"micronesia federated states of": "FM", "hong kong": "HK", "hong kong sar": "HK", "macao": "MO", "hong kong sar china": "HK", "macau": "MO", "macao sar china": "MO",
	"taiwan province of china": "TW", "chinese taipei": "TW",
	"brunei darussalam": "BN", "cabo verde": "CV", "eswatini": "SZ", "swaziland": "SZ",
	"the gambia": "GM", "gambia the": "GM", "bahamas the": "BS", "the bahamas": "BS",
	"kyrgyz republic": "KG", "slovak republic": "SK", "uae": "AE",
	"crimea": "UA", "region crimea": "UA", "kosovo": "XK",
	"yugoslavia": "RS", "serbia and montenegro": "RS", "ussr": "RU", "soviet union": "RU",
}

func buildCountries() {
	countries = make(map[string]string, 600)
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || r.ISO3() == "" || r.Canonicalize() != r {
				continue
			}
			countries[strings.ToLower(code)] = code
			if n := names.Name(r); n != "" {
				countries[countryKey(n)] = code
			}
		}
	}
	for k, v := range countryAliases {
		countries[countryKey(k)] = v
	}
}

// countryKey folds a country name to lower-case ASCII words.
func countryKey(s string) string { return string(appendCountryKey(nil, s)) }

// appendCountryKey appends countryKey(s) to b.
func appendCountryKey(b []byte, s string) []byte {
	start, space := len(b), false
	for _, r := range s {
		switch r = unicode.ToLower(r); {
		case r == '\'' || r == '’' || r == '.':
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if space && len(b) > start {
				b = append(b, ' ')
			}
			space = false
			b = append(b, byte(r))
		case r >= 128:
			if f := foldAccent(r); f != 0 {
				if space && len(b) > start {
					b = append(b, ' ')
				}
				space = false
				b = append(b, byte(f)) // foldAccent gives ASCII
			}
		default:
			space = true
		}
	}
	return b
}

// foldAccent maps the accented Latin letters found in country names to ASCII.
func foldAccent(r rune) rune {
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'ç':
		return 'c'
	case 'ñ':
		return 'n'
	}
	return 0
}
