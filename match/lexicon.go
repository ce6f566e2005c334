package match

import "strings"

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
	if c, ok := canonical[tok]; ok {
		tok = c
	}
	switch {
	case legalForms[tok]:
		return tok, ClassLegalForm
	case genericWords[tok]:
		return tok, ClassGeneric
	case placeWords[tok]:
		return tok, ClassPlace
	}
	return tok, ClassName
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
	"ooo",
	"ao",
	"zao",
	"oao",
	"pao",
	"jsc ojsc cjsc pjsc",
	"llc",
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
	"evgeny yevgeny evgeniy evgenii yevgeniy yevgenii eugene evgueni",
	"aleksandr alexander aleksander alexandr oleksandr alaksandr",
	"aleksei alexei aleksey alexey oleksiy",
	"sergei sergey serguei sergii serhiy",
	"dmitry dmitri dmitriy dmitrii dmytro",
	"yuri yury yuriy iurii yurii",
	"andrei andrey andrii andriy",
	"nikolai nikolay mykola",
	"mikhail michail mykhailo",
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
	"vladimir volodymyr",
	"yakov iakov",
	"ilya ilia",
	"maksim maxim",
	"konstantin constantin",
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
	sae sal wll saog saoc sak ltda eirl sac saa lda scs snc`)

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
	urumqi changchun taiyuan nanchang nanning guiyang lanzhou shijiazhuang hongkong
	moskva moscow sankt peterburg petersburg tehran dubai sharjah istanbul minsk pyongyang`)

func setOf(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
