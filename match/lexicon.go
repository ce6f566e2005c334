package match

import (
	"slices"
	"strconv"
	"strings"
)

// TokenClass says how much a token identifies a party by itself.
type TokenClass uint8

// Token classes. Legal forms ("Ltd", "OOO") and generic words ("Trading")
// are weighted down, never deleted: "Sberbank" and "Sberbank Leasing" differ.
const (
	ClassName      TokenClass = iota // an ordinary, possibly distinctive, word
	ClassLegalForm                   // a legal form: ltd, llc, gmbh, ooo...
	ClassGeneric                     // generic business words and articles
	ClassPlace                       // provinces and cities that prefix company names
)

func (c TokenClass) String() string {
	switch c {
	case ClassLegalForm:
		return "legal-form"
	case ClassGeneric:
		return "generic"
	case ClassPlace:
		return "place"
	}
	return "name"
}

// Canon returns the canonical spelling of a folded token and its class:
// abbreviations and variant spellings map to one form so that "Tech",
// "Technologies" and "Technology" align exactly.
func Canon(tok string) (string, TokenClass) {
	if c, ok := canonTable[tok]; ok {
		return c.text, c.class
	}
	return tok, ClassName
}

// canonForm is a word's canonical spelling and class.
type canonForm struct {
	text  string
	class TokenClass
}

// canonTable holds what Canon returns for every word it does not return
// as it is with ClassName: one map read per word, where the tables it is
// made from take up to four (Canon is called for every word of every
// listed name when the index is built).
var canonTable = buildCanonTable()

func buildCanonTable() map[string]canonForm {
	canon := func(tok string) canonForm {
		if c, ok := canonical[tok]; ok {
			tok = c
		}
		switch {
		case legalForms[tok]:
			return canonForm{tok, ClassLegalForm}
		case genericWords[tok]:
			return canonForm{tok, ClassGeneric}
		case placeWords[tok]:
			return canonForm{tok, ClassPlace}
		}
		return canonForm{tok, ClassName}
	}
	t := make(map[string]canonForm)
	for _, m := range []map[string]bool{legalForms, genericWords, placeWords} {
		for w := range m {
			t[w] = canon(w)
		}
	}
	for w := range canonical {
		t[w] = canon(w)
	}
	return t
}

// canonical maps variants to one spelling. Groups are listed with the
// canonical form first.
var canonical = buildCanonical([]string{
	// Business words and their abbreviations.
	"technology tech techs technologies technol tecnologia tecnologias technologie technologii tekhnologii tekhnologiya",
	"international intl internat internacional internationale",
	"group grp groups",
	"communication comm comms communications commun",
	"service svc svcs srvc srvcs srvces services serv servs",
	"manufacturing mfg manufacture manufacturer manufacturers",
	"electronic elec electr electronics electronica",
	"engineering eng engg engr",
	"industry ind inds indus industries industrial",
	"company co cos companies compagnie compania companhia comp cia",
	"corporation corp corpn corporations",
	"limited ltd ltda lmt limitada",
	"incorporated inc incorporation",
	"science sci scientific sciences",
	"development dev devel developments",
	"management mgmt mgt",
	"association assn assoc",
	"university univ universitet universidad universite",
	"institute inst institut instituto istituto institution",
	"national natl",
	"government govt gov",
	// Address words and their abbreviations ("St" is left alone: Saint or
	// Street).
	"road rd",
	"room rm",
	"building bldg bld",
	"floor fl flr",
	"avenue ave av",
	"boulevard blvd",
	"suite ste",
	"apartment apt",
	"district dist",
	"department dept",
	"brothers bros",
	"holding hldg hldgs holdings",
	"investment invest investments inv",
	"trading trdg trade traders",
	"shipping shpg",
	"petroleum petrol",
	"chemical chem chemicals",
	"pharmaceutical pharma pharm pharmaceuticals",
	"equipment equip",
	"system sys systems",
	"solution solns solutions",
	"product prod prods products",
	"machinery mach machines machine",
	"research res",
	"center ctr centre centro tsentr",
	"academy acad akademiya academia",
	"laboratory lab labs laboratories",
	"military mil",
	"enterprise ent enterprises",
	"factory fty factories zavod",
	"aviation avn",
	"network ntwk networks",
	"security sec securities",
	"information info",
	"logistics logistic",
	"import imp imports",
	"export exp exports",
	"and",
	"saint st",
	"mount mt",
	"bureau bur",
	"administration admin",
	"committee cmte",
	// Legal forms: several spellings of one form map together.
	// Joint-stock companies: open, closed and public alike are one form for
	// screening. ZAO, PAO and AO stay apart: they are pinyin syllables too.
	"jsc ojsc cjsc pjsc oao",
	// Limited liability companies, with the Russian and Ukrainian forms.
	"llc ooo tov too",
	"plc",
	"gmbh",
	"sa",
	// Arabic name elements and common transliterations.
	"muhammad mohammed mohammad mohamed muhammed mohamad mohammd mohd muhamad mouhamed mohamud",
	"ahmad ahmed ahmet",
	"abd abdul abdel abdal abdol abdu",
	"abdullah abdallah abdollah abdulla",
	"bin ben ibn",
	"bint binti",
	"abu abou",
	"al el ul",
	"husayn hussein husain hussain hossein husein",
	"hasan hassan hasen",
	"yusuf yousef youssef yusef yousuf yousif",
	"ibrahim ebrahim ibraheem",
	"ismail ismael ismaeel esmail",
	"mustafa mustapha moustafa mostafa",
	"mahmud mahmoud mehmood mahmood",
	"khalid khaled",
	"umar omar",
	"usama osama",
	"said saeed sayed sayyid saied",
	"qasim kassem qassem kasim qasem",
	"jamal gamal",
	"abbas",
	"hamid hameed",
	"rashid rasheed rachid",
	"nasser nasir nassir nasr",
	"faisal faysal feisal",
	"salih saleh salah",
	"sulayman suleiman sulaiman soleiman",
	"yahya yehia yahia",
	"jafar jaafar jafer",
	"ali aly",
	// Russian given names in their common romanisations.
	"evgeny yevgeny evgeniy evgenii yevgeniy yevgenii eugene evgueni zhenya",
	"aleksandr alexander aleksander alexandr oleksandr alaksandr sasha",
	"aleksei alexei aleksey alexey oleksiy alyosha lyosha",
	"sergei sergey serguei sergii serhiy seryozha",
	"dmitry dmitri dmitriy dmitrii dmytro dima",
	"yuri yury yuriy iurii yurii yura",
	"andrei andrey andrii andriy",
	"nikolai nikolay mykola kolya",
	"mikhail michail mykhailo misha",
	"vyacheslav viacheslav",
	"vitaly vitaliy vitalii",
	"gennady gennadiy gennadii",
	"anatoly anatoliy anatolii",
	"valery valeriy valerii",
	"arkady arkadiy arkadii",
	"yekaterina ekaterina",
	"yelena elena",
	"tatyana tatiana",
	"natalya natalia nataliya",
	"pyotr petr",
	"fedor fyodor",
	"grigory grigoriy grigorii",
	"vasily vasiliy vasilii",
	"viktor victor",
	"vladimir volodymyr volodya vova",
	"yakov iakov",
	"ilya ilia",
	"maksim maxim",
	"konstantin constantin kostya",
	// English given names and their unambiguous nicknames (Ted may be
	// Theodore or Edward, Ben is also "bin": left out).
	"william bill billy",
	"robert bob bobby robby",
	"richard rick ricky",
	"james jim jimmy",
	"joseph joe joey",
	"michael mike mikey",
	"thomas tom tommy",
	"charles chuck charlie",
	"theodore theo",
	"anthony tony",
	"nicholas nick nicky",
	"stephen steven steve",
	"david dave davy",
	"andrew andy",
	"matthew matt",
	"daniel danny",
	"elizabeth liz lizzie betty",
	"margaret maggie peggy",
	"jennifer jenny",
	"katherine catherine kathy katie kate",
})

func buildCanonical(groups []string) map[string]string {
	m := make(map[string]string)
	for _, g := range groups {
		words := strings.Fields(g)
		for _, w := range words[1:] {
			m[w] = words[0]
		}
	}
	return m
}

// legalForms are legal-form tokens (after Canon).
var legalForms = setOf(`company corporation limited incorporated llc llp lp plc gmbh ag kg sa sas sarl srl
	spa bv nv oy oyj ab as asa kft zao oao ooo pao ao jsc fze fzco fzc fz pte pty bhd sdn tbk pt cv
	sl slu aps eood ood ad dd doo sro spol zrt nyrt rt kk gk yk tov pp ip chp fgup gup mup fgbu fgu
	sae sal wll saog saoc sak ltda eirl sac saa lda scs snc spzoo`)

// genericWords are words common in names of many unrelated parties.
var genericWords = setOf(`and of the for de du des la le el al da di do del van von der ul
	group holding international trading technology service industry enterprise
	global general national development investment management system solution product
	import export logistics communication engineering manufacturing electronic equipment
	science research center institute`)

// placeWords are provinces and large cities that registered company names
// start with ("Zhejiang Dahua Technology" is listed as "Dahua Technology"):
// they count for little, whether present or missing.
var placeWords = setOf(`beijing shanghai tianjin chongqing hebei shanxi liaoning jilin heilongjiang
	jiangsu zhejiang anhui fujian jiangxi shandong henan hubei hunan guangdong hainan sichuan
	guizhou yunnan shaanxi gansu qinghai taiwan neimenggu guangxi xizang ningxia xinjiang
	hangzhou shenzhen guangzhou wuhan chengdu nanjing xian xiamen suzhou qingdao dalian
	shenyang harbin changsha zhengzhou jinan hefei fuzhou kunming ningbo wuxi dongguan foshan
	urumqi changchun taiyuan nanchang nanning guiyang lanzhou shijiazhuang hongkong macau macao
	fareast middleeast abudhabi
	moskva moscow sankt peterburg petersburg tehran dubai sharjah istanbul minsk pyongyang
	china russia iran korea syria cyprus singapore malaysia india turkey germany japan
	america usa europe asia africa uae emirates pakistan afghanistan iraq lebanon belarus
	ukraine venezuela cuba myanmar burma vietnam thailand indonesia`)

// phrases are multi-word forms read as one token: legal forms spelt out in
// full, in English, German, Romance languages, Russian and Chinese pinyin.
// Longer phrases win over their prefixes.
var phrases = buildPhrases(map[string]string{
	"limited liability company":                    "llc",
	"limited liability co":                         "llc",
	"limited liability partnership":                "llp",
	"limited partnership":                          "lp",
	"joint stock company":                          "jsc",
	"joint stock co":                               "jsc",
	"open joint stock company":                     "jsc",
	"closed joint stock company":                   "jsc",
	"public joint stock company":                   "jsc",
	"private joint stock company":                  "jsc",
	"joint stock commercial bank":                  "jsc bank",
	"public limited company":                       "plc",
	"gesellschaft mit beschrankter haftung":        "gmbh",
	"aktiengesellschaft":                           "ag",
	"kommanditgesellschaft":                        "kg",
	"sp z oo":                                      "spzoo",
	"spolka z ograniczona odpowiedzialnoscia":      "spzoo",
	"spolka akcyjna":                               "sa",
	"besloten vennootschap":                        "bv",
	"naamloze vennootschap":                        "nv",
	"kabushiki kaisha":                             "kk",
	"anonim sirketi":                               "as",
	"limited sirketi":                              "limited",
	"private limited":                              "limited",
	"sendirian berhad":                             "sdn bhd",
	"united states of america":                     "usa",
	"united states":                                "us",
	"united kingdom":                               "uk",
	"united arab emirates":                         "uae",
	"societe anonyme":                              "sa",
	"sociedad anonima":                             "sa",
	"societa per azioni":                           "spa",
	"societe a responsabilite limitee":             "sarl",
	"sociedad de responsabilidad limitada":         "srl",
	"societa a responsabilita limitata":            "srl",
	"societatea cu raspundere limitata":            "srl",
	"obshchestvo s ogranichennoy otvetstvennostyu": "llc",
	"obshchestvo s ogranichennoi otvetstvennostiu": "llc",
	"aktsionernoe obshchestvo":                     "jsc",
	"aktsionernoye obshchestvo":                    "jsc",
	"otkrytoe aktsionernoe obshchestvo":            "jsc",
	"zakrytoe aktsionernoe obshchestvo":            "jsc",
	"publichnoe aktsionernoe obshchestvo":          "jsc",
	"you xian gong si":                             "company limited",
	"you xian ze ren gong si":                      "company limited",
	"gu fen you xian gong si":                      "company limited",
	"gong si":                                      "company",
	"ji tuan":                                      "group",
	"ke ji":                                        "technology",
	"ji shu":                                       "technology",
	"guo ji":                                       "international",
	"mao yi":                                       "trading",
	"yan jiu suo":                                  "institute",
	"gong an ju":                                   "public security bureau",
	"hong kong":                                    "hongkong",
	"far east":                                     "fareast",
	"middle east":                                  "middleeast",
	"abu dhabi":                                    "abudhabi",
	"first":                                        "1",
	"1st":                                          "1",
	"second":                                       "2",
	"2nd":                                          "2",
	"third":                                        "3",
	"3rd":                                          "3",
})

// phraseTable maps a phrase's first word to its phrases, longest first.
type phraseTable map[string][]phrase

type phrase struct {
	words []string
	to    []string
}

func buildPhrases(m map[string]string) phraseTable {
	t := phraseTable{}
	for from, to := range m {
		w := strings.Fields(from)
		first := canonWord(w[0])
		t[first] = append(t[first], phrase{words: w, to: strings.Fields(to)})
	}
	for _, ps := range t {
		slices.SortFunc(ps, func(a, b phrase) int {
			if len(a.words) != len(b.words) {
				return len(b.words) - len(a.words)
			}
			return strings.Compare(strings.Join(a.words, " "), strings.Join(b.words, " "))
		})
	}
	return t
}

// numberWords are the cardinal and ordinal words read as digits.
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}

// canonPhrases replaces multi-word phrases and number words in words,
// returning a new slice when anything changed.
func canonPhrases(words []string) []string {
	// out stays nil, and nothing is allocated, until something changes:
	// most names have neither phrases nor number words.
	var out []string
	keep := func(i int) {
		if out == nil {
			out = append(make([]string, 0, len(words)+2), words[:i]...)
		}
	}
	for i := 0; i < len(words); {
		if n, ok := numberWords[words[i]]; ok {
			j := i + 1
			if n >= 20 && n%10 == 0 && j < len(words) {
				if u, ok := numberWords[words[j]]; ok && u > 0 && u < 10 {
					n += u
					j++
				}
			}
			keep(i)
			out = append(out, strconv.Itoa(n))
			i = j
			continue
		}
		if n, ok := ordinalDigits(words[i]); ok {
			keep(i)
			out = append(out, n)
			i++
			continue
		}
		matched := false
		for _, p := range phrases.starting(words[i]) {
			if i+len(p.words) <= len(words) && phraseAt(words[i:], p.words) {
				keep(i)
				out = append(out, p.to...)
				i += len(p.words)
				matched = true
				break
			}
		}
		if !matched {
			if out != nil {
				out = append(out, words[i])
			}
			i++
		}
	}
	if out == nil {
		return words
	}
	return out
}

// canonWord is the canonical spelling of one word ("co" -> "company").
func canonWord(w string) string {
	if c, ok := canonical[w]; ok {
		return c
	}
	return w
}

// phraseAt reports whether words start with the phrase, comparing canonical
// spellings: "Ltd Liability Co" is "limited liability company". A long word
// of the phrase may be misspelt by one edit ("Aktiengeselschaft").
func phraseAt(words, phrase []string) bool {
	for k, pw := range phrase {
		if words[k] != pw && canonWord(words[k]) != canonWord(pw) && !closeLongWord(words[k], pw) {
			return false
		}
	}
	return true
}

// minFuzzyPhraseWord is the least length of a phrase word that may be
// misspelt by one edit: shorter words make other words with one edit.
const minFuzzyPhraseWord = 10

// closeLongWord reports whether w is the long phrase word pw with one edit.
func closeLongWord(w, pw string) bool {
	return len(pw) >= minFuzzyPhraseWord && abs(len(w)-len(pw)) <= 1 && osaDistance(w, pw, 1) <= 1
}

// starting returns the phrases that may start at word w, longest first:
// those keyed by its canonical spelling, else, for a long word, those whose
// first word it spells with one edit.
func (t phraseTable) starting(w string) []phrase {
	if ps, ok := t[canonWord(w)]; ok || len(w) < minFuzzyPhraseWord-1 {
		return ps
	}
	for _, first := range longPhraseFirst {
		if closeLongWord(w, first) {
			return t[first]
		}
	}
	return nil
}

// longPhraseFirst are the first words of phrases long enough to be matched
// with one edit.
var longPhraseFirst = func() []string {
	var out []string
	for first := range phrases {
		if len(first) >= minFuzzyPhraseWord {
			out = append(out, first)
		}
	}
	slices.Sort(out)
	return out
}()

// ordinalDigits reads "21st", "4th" as "21", "4".
func ordinalDigits(w string) (string, bool) {
	if len(w) < 3 {
		return "", false
	}
	suffix := w[len(w)-2:]
	if suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th" {
		return "", false
	}
	digits := w[:len(w)-2]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return "", false
		}
	}
	return digits, true
}

func setOf(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
