// Package benchmark supplies what Clearance's speed measurements need and
// the matcher does not: a deterministic generator of realistic names to
// screen (people, companies, and listed names bent the way real input bends
// them, so that hits occur), latency statistics, and the process's peak
// memory. It does no screening itself and imports nothing of Clearance.
package benchmark

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// Origin says how a generated name was made.
type Origin uint8

// Origins of generated names.
const (
	Person  Origin = iota // forename(s) and surname of one naming tradition
	Company               // distinctive word, industry and legal form
	Script                // a person or company written in Chinese or Cyrillic script
	Listed                // a listed name, as listed or mutated (typo, legal form dropped, reordered)
)

func (o Origin) String() string {
	switch o {
	case Person:
		return "person"
	case Company:
		return "company"
	case Script:
		return "script"
	case Listed:
		return "listed"
	}
	return "unknown"
}

// Name is one generated name with what a batch input row would carry.
type Name struct {
	Text    string
	Origin  Origin
	Country string // ISO alpha-2 of the naming tradition; "" for listed names
	Kind    string // "person", "organization", or "" when the input would not say
}

// Share of each origin, in percent; what is left is Listed.
const (
	sharePerson  = 42
	shareCompany = 36
	shareScript  = 2
)

// Generator makes an endless, deterministic sequence of names: the same
// seed and listed names give the same sequence. It is not safe for
// concurrent use.
type Generator struct {
	rnd    *rand.Rand
	listed []string
}

// NewGenerator returns a generator seeded with seed. listed are the names
// on the lists screened against; about a fifth of the generated names are
// taken from them and mutated. With no listed names, every name is made up.
func NewGenerator(seed uint64, listed []string) *Generator {
	return &Generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), listed: listed}
}

// Generate returns the first n names of the generator seeded with seed.
func Generate(seed uint64, listed []string, n int) []Name {
	g := NewGenerator(seed, listed)
	out := make([]Name, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// Next returns the next name.
func (g *Generator) Next() Name {
	p := g.rnd.IntN(100)
	switch {
	case p < sharePerson:
		return g.person()
	case p < sharePerson+shareCompany:
		return g.company()
	case p < sharePerson+shareCompany+shareScript:
		return g.script()
	case len(g.listed) == 0:
		return g.person()
	}
	return g.mutated()
}

func (g *Generator) pick(s []string) string { return s[g.rnd.IntN(len(s))] }

// kind states the party's kind in about half the rows, as real inputs do.
func (g *Generator) kind(k string) string {
	if g.rnd.IntN(2) == 0 {
		return ""
	}
	return k
}

func (g *Generator) person() Name {
	c := &cultures[g.rnd.IntN(len(cultures))]
	given := g.pick(c.forenames)
	if g.rnd.IntN(100) < 15 {
		if g.rnd.IntN(2) == 0 {
			given += " " + g.pick(c.forenames)
		} else {
			r, _ := utf8.DecodeRuneInString(g.pick(c.forenames))
			given += " " + string(r) + "."
		}
	}
	family := g.pick(c.surnames)
	if g.rnd.IntN(100) < c.patronymic {
		father := g.pick(c.forenames)
		if c.country == "RU" {
			given += " " + strings.TrimSuffix(father, "y") + "ovich"
		} else {
			given += " bin " + father
		}
	}
	text := given + " " + family
	if c.familyFirst {
		text = family + " " + given
	}
	return Name{Text: text, Origin: Person, Country: c.country, Kind: g.kind("person")}
}

func (g *Generator) company() Name {
	c := &cultures[g.rnd.IntN(len(cultures))]
	country := c.country
	if country == "CN" && g.rnd.IntN(3) == 0 {
		country = "HK"
	}
	var parts []string
	switch g.rnd.IntN(5) {
	case 0:
		parts = append(parts, g.pick(c.surnames))
	case 1:
		parts = append(parts, g.pick(c.surnames), g.pick(connectors), g.pick(c.surnames))
	case 2:
		parts = append(parts, g.pick(places), g.pick(coined))
	case 3:
		parts = append(parts, g.pick(coined)+strings.ToLower(g.pick(coined)))
	default:
		parts = append(parts, g.pick(coined))
	}
	parts = append(parts, g.pick(industries))
	if g.rnd.IntN(8) == 0 { // a long name
		parts = append(parts, g.pick(connectors), g.pick(industries))
	}
	if g.rnd.IntN(10) < 8 {
		parts = append(parts, g.pick(legalForms[country]))
	}
	return Name{Text: strings.Join(parts, " "), Origin: Company, Country: country, Kind: g.kind("organization")}
}

func (g *Generator) script() Name {
	switch g.rnd.IntN(4) {
	case 0:
		return Name{Text: g.pick(hanCities) + g.pick(hanWords) + g.pick(hanIndustries) + g.pick(hanForms),
			Origin: Script, Country: "CN", Kind: g.kind("organization")}
	case 1:
		return Name{Text: g.pick(hanSurnames) + g.pick(hanGiven), Origin: Script, Country: "CN", Kind: g.kind("person")}
	case 2:
		return Name{Text: g.pick(cyrForenames) + " " + g.pick(cyrSurnames), Origin: Script, Country: "RU", Kind: g.kind("person")}
	}
	return Name{Text: g.pick(cyrCompanies), Origin: Script, Country: "RU", Kind: g.kind("organization")}
}

// mutated returns a listed name as a person would type it: unchanged, with
// a typo, without its legal form, with its words reordered, or in another
// case.
func (g *Generator) mutated() Name {
	text := strings.Join(strings.Fields(g.pick(g.listed)), " ") // lists wrap long names
	switch p := g.rnd.IntN(100); {
	case p < 20:
	case p < 45:
		text = g.typo(text)
	case p < 65:
		text = dropLegalForm(text)
	case p < 85:
		text = g.reorder(text)
	default:
		if g.rnd.IntN(2) == 0 {
			text = strings.ToUpper(text)
		} else {
			text = strings.ToLower(text)
		}
	}
	return Name{Text: text, Origin: Listed}
}

// typo makes one keystroke error in a word of at least five letters:
// a letter replaced, dropped, doubled or swapped with the next.
func (g *Generator) typo(s string) string {
	words := strings.Fields(s)
	var long []int
	for i, w := range words {
		if len(w) >= 5 && isASCIIWord(w) {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return s
	}
	i := long[g.rnd.IntN(len(long))]
	w := []byte(words[i])
	k := 1 + g.rnd.IntN(len(w)-2) // keep the first and last letter
	switch op := g.rnd.IntN(4); {
	case op == 0:
		const letters = "aeioubcdfghklmnprstvz"
		c := letters[g.rnd.IntN(len(letters))]
		if c == w[k] {
			c = letters[(strings.IndexByte(letters, c)+1)%len(letters)]
		}
		w[k] = c
	case op == 1, op == 3 && w[k] == w[k+1]:
		w = append(w[:k], w[k+1:]...)
	case op == 2:
		w = append(w[:k+1], w[k:]...)
	default:
		w[k], w[k+1] = w[k+1], w[k]
	}
	words[i] = string(w)
	return strings.Join(words, " ")
}

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf || !unicode.IsLetter(rune(w[i])) {
			return false
		}
	}
	return true
}

// reorder moves the last word to the front ("Ivanov Sergey" for "Sergey
// Ivanov"), the way names are written surname first.
func (g *Generator) reorder(s string) string {
	words := strings.Fields(s)
	if len(words) < 2 {
		return s
	}
	last := len(words) - 1
	return strings.Join(append([]string{strings.Trim(words[last], ",")}, words[:last]...), " ")
}

// trailingForms are legal forms dropLegalForm removes from the end of a
// name, folded to lower case without dots or commas.
var trailingForms = map[string]bool{
	"ltd": true, "limited": true, "llc": true, "inc": true, "incorporated": true, "corp": true,
	"corporation": true, "co": true, "company": true, "plc": true, "gmbh": true, "ag": true, "sa": true,
	"sarl": true, "sas": true, "srl": true, "bv": true, "nv": true, "jsc": true, "ojsc": true, "pjsc": true,
	"cjsc": true, "ooo": true, "zao": true, "pao": true, "oao": true, "fze": true, "fzco": true, "lp": true,
	"llp": true, "pte": true, "pvt": true, "sdn": true, "bhd": true, "kg": true, "group": true,
}

// dropLegalForm removes legal forms from the end of a name ("Hangzhou
// Hikvision Digital Technology Co., Ltd." becomes "Hangzhou Hikvision
// Digital Technology"), keeping at least one word.
func dropLegalForm(s string) string {
	words := strings.Fields(s)
	n := len(words)
	for n > 1 && trailingForms[strings.ToLower(strings.Trim(words[n-1], ".,()"))] {
		n--
	}
	return strings.TrimRight(strings.Join(words[:n], " "), ",")
}

// ListedNames returns the primary name of each entry: what Generate bends
// into listed-name variants.
func ListedNames(entries []*clearance.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Name
	}
	return out
}

// Texts returns the text of each generated name.
func Texts(names []Name) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n.Text
	}
	return out
}
