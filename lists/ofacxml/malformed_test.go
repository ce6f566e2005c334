package ofacxml

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
)

// header, person, company and footer cut the real extract into the
// building blocks of the inputs below: the file header (publicationInfo,
// and the referenceValues and featureTypes the two entities use), a compact
// person (26182, KAYAKIRAN, Evren: a name, an address, a birth date, a
// citizenship, a passport), a company with a name in Chinese (33091,
// MEGVII) and the end of the file.
var header, person, company, footer = cutExtract()

func cutExtract() (header, person, company, footer string) {
	b, err := os.ReadFile(extract)
	if err != nil {
		panic(err)
	}
	s := string(b)
	entity := func(id string) string {
		i := strings.Index(s, `    <entity id="`+id+`">`)
		return s[i : i+strings.Index(s[i:], "</entity>")+len("</entity>\n")]
	}
	person, company = entity("26182"), entity("33091")
	// Keep the header's code table entries the two entities refer to.
	used := func(m []string) bool {
		return strings.Contains(person+company, `Id="`+m[2]+`"`) || strings.Contains(person+company, ">"+m[2]+"<")
	}
	header = s[:strings.Index(s, "<entities>")+len("<entities>\n")]
	header = tableEntry.ReplaceAllStringFunc(header, func(e string) string {
		if used(tableEntry.FindStringSubmatch(e)) {
			return e
		}
		return ""
	})
	return header, person, company, s[strings.Index(s, "  </entities>"):]
}

// tableEntry matches an entry of referenceValues or featureTypes.
var tableEntry = regexp.MustCompile(`(?s)    <(referenceValue|featureType) \w+="(\d+)">.*?</(?:referenceValue|featureType)>\n`)

// doc returns a file of the header, the given entities and the footer.
func doc(entities ...string) string { return header + strings.Join(entities, "") + footer }

// edit returns the person entity with old replaced by new, which must occur.
func edit(old, new string) string {
	if !strings.Contains(person, old) {
		panic("person entity has no " + old)
	}
	return strings.Replace(person, old, new, 1)
}

// personLine returns the line of marker in the person entity in doc(person).
func personLine(marker string) int { return strings.Count(header, "\n") + lineOf(person, marker) }

// lineOf returns the line of the first occurrence of marker in s.
func lineOf(s, marker string) int {
	i := strings.Index(s, marker)
	if i < 0 {
		panic("no " + marker)
	}
	return strings.Count(s[:i], "\n") + 1
}

func TestMalformed(t *testing.T) {
	truncated := doc(person)[:len(header)+len(person)/2]
	badUTF8 := doc(edit("KAYAKIRAN, Evren</formattedFullName>", "KAYA\xffKIRAN, Evren</formattedFullName>"))
	noName := doc(strings.Replace(person, person[strings.Index(person, "      <names>"):strings.Index(person, "      <addresses>")], "", 1))
	blankName := strings.NewReplacer("KAYAKIRAN, Evren</formattedFullName>", "</formattedFullName>",
		"KAYAKIRAN</formattedLastName>", "</formattedLastName>", "Evren</formattedFirstName>", "</formattedFirstName>").Replace(person)
	unknownRef := doc(edit(`refId="11205">Turkey</country>`, `refId="99999">Turkey</country>`))
	tests := []struct {
		name  string
		input string
		line  int    // 0: do not check
		field string // substring of the error's Field
		msg   string // substring of the error's text
	}{
		{"empty", "", 1, "", "empty file"},
		{"blank", " \n\n", 0, "", "empty file"},
		{"not XML", "ent_num,SDN_Name,SDN_Type\n\n36,\"AEROCARIBBEAN AIRLINES\",-0- \n", 1, "", "not an OFAC Enhanced XML file"},
		{"CSV after blank lines", "\n\n36,\"AEROCARIBBEAN AIRLINES\",-0- \n", 3, "", "not an OFAC Enhanced XML file"},
		{"bare ampersand", "&", 1, "", "truncated"},
		{"UN list", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\">\n</CONSOLIDATED_LIST>\n",
			2, "CONSOLIDATED_LIST", "root element <CONSOLIDATED_LIST>, want <sanctionsData>"},
		{"legacy SDN XML", "<?xml version=\"1.0\"?>\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\"><sdnEntry/></sdnList>", 2, "sdnList", "not an OFAC Enhanced XML file"},
		{"wrong namespace", strings.Replace(doc(person), `xmlns="`+Namespace, `xmlns="urn:other`, 1), 2, "sanctionsData", `namespace "urn:other"`},
		{"truncated", truncated, strings.Count(truncated, "\n") + 1, "entity/addresses", "truncated"},
		{"truncated header", header[:len(header)/2], 0, "referenceValues", "truncated"},
		{"truncated after the document", strings.TrimSuffix(doc(person), "</sanctionsData>\n"), 0, "sanctionsData", "truncated"},
		{"mismatched tag", doc(edit("</formattedFirstName>", "</formattedLastName>")), personLine("</formattedFirstName>"),
			"entity/names/name/translations/translation/formattedFirstName", "formattedLastName"},
		{"invalid UTF-8", badUTF8, lineOf(badUTF8, "\xff"), "entity/names", "invalid UTF-8"},
		{"latin-1 declared", strings.Replace(doc(person), `encoding="utf-8"`, `encoding="ISO-8859-1"`, 1), 1, "", `declares encoding "ISO-8859-1"; the parser reads only UTF-8`},
		{"no entities", doc(), 0, "entities", "no <entity> records"},
		{"no name", noName, lineOf(noName, `<entity id="26182">`), "names/name/isPrimary", "no primary name"},
		{"no primary name", doc(edit("<isPrimary>true</isPrimary>\n          <isLowQuality>", "<isPrimary>false</isPrimary>\n          <isLowQuality>")),
			personLine("<names>"), "names/name/isPrimary", "no primary name"},
		{"empty name", doc(blankName), personLine(`<translation id="35030">`), "formattedFullName", "name 41290 has an empty translation"},
		{"unknown refId", unknownRef, lineOf(unknownRef, "99999"), "entity/addresses/address/country/@refId", `unknown refId "99999"`},
		{"unknown featureTypeId", doc(edit(`featureTypeId="8"`, `featureTypeId="12345"`)), personLine(`featureTypeId="8"`),
			"features/feature/type/@featureTypeId", `unknown featureTypeId "12345"`},
		{"unknown valueRefId", doc(edit("<valueRefId>11205</valueRefId>", "<valueRefId>4242</valueRefId>")), personLine("<valueRefId>11205"),
			"features/feature/valueRefId", `unknown valueRefId "4242"`},
		{"country refId not a country", doc(edit(`refId="11205">Turkey</country>`, `refId="20122">Turkey</country>`)), personLine(`refId="11205">Turkey</country>`),
			"country/@refId", "refId 20122 is a SCRIPT, not a COUNTRY"},
		{"citizenship not a country", doc(edit("<valueRefId>11205</valueRefId>", "<valueRefId>91526</valueRefId>")), personLine("<valueRefId>11205"),
			"valueRefId", "not a COUNTRY"},
		{"entity id not a number", doc(edit(`<entity id="26182">`, `<entity id="X26182">`)), personLine(`<entity id="26182">`), "entity/@id", "not a number"},
		{"duplicate entity", doc(person, person), strings.Count(header+person, "\n") + 1, "entity/@id", "duplicate entity id 26182 (first at line " + strconv.Itoa(personLine(`<entity id="26182">`)) + ")"},
		{"duplicate entity on another list", doc(person, edit("FSE List</sanctionsList>", "Non-SDN CMIC List</sanctionsList>")), 0, "entity/@id", "duplicate entity id 26182"},
		{"unknown entity type", doc(edit(`refId="600">Individual`, `refId="600">Submarine`)), personLine("Individual</entityType>"), "entityType", `unknown entity type "Submarine"`},
		{"unknown alias type", doc(edit("<isPrimary>true</isPrimary>\n          <isLowQuality>", "<isPrimary>true</isPrimary>\n          <aliasType>X.Y.Z.</aliasType>\n          <isLowQuality>")),
			0, "aliasType", `unknown alias type "X.Y.Z."`},
		{"document without number", doc(edit("<documentNumber>U00242309</documentNumber>", "")), personLine(`<identityDocument id="16873">`), "identityDocument", "no type or number"},
		{"bad datePublished", doc(edit(`datePublished="2019-02-07">FSE List`, `datePublished="07/02/2019">FSE List`)), 0, "@datePublished", `not a date: "07/02/2019"`},
		{"bad dataAsOf", strings.Replace(doc(person), "2025-01-10T00:00:00", "yesterday", 1), lineOf(header, "</publicationInfo>"), "publicationInfo/dataAsOf", `not a date: "yesterday"`},
		{"list not stated", strings.Replace(doc(person), ">Consolidated List</sanctionsList>\n      </sanctionsLists>\n    </filters>", "></sanctionsList>\n      </sanctionsLists>\n    </filters>", 1),
			lineOf(header, "<publicationInfo>"), "publicationInfo/filters", "cannot tell the list"},
		{"too deep", doc(edit("</entity>", strings.Repeat("<a>", 40)+strings.Repeat("</a>", 40)+"</entity>")), 0, "entity/a/a/a", "nested more than 32 deep"},
		{"content after the document", doc(person) + "<sanctionsData/>\n", 0, "sanctionsData", "content after the document"},
		{"text after the document", doc(person) + "36,AEROCARIBBEAN\n", 0, "", "text outside the <sanctionsData> element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseAll(t, "list.xml", []byte(tt.input))
			listtest.CheckError(t, err, "list.xml", tt.line, tt.field, tt.msg)
		})
	}
}

func TestErrorNamesEntity(t *testing.T) {
	_, _, err := parseAll(t, "list.xml", []byte(doc(person, edit(`<entity id="26182">`, `<entity id="26183">`), edit(`<entity id="26182">`, `<entity id="X">`))))
	if want := `entity 3 (id "X")`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Parse = %v, want an error naming %s", err, want)
	}
}

// TestAccepts checks inputs that differ from OFAC's usual file but are
// well formed.
func TestAccepts(t *testing.T) {
	noFilter := strings.Replace(doc(person), ">Consolidated List</sanctionsList>\n      </sanctionsLists>\n    </filters>", "></sanctionsList>\n      </sanctionsLists>\n    </filters>", 1)
	tests := []struct {
		name, file, input string
		source            clearance.SourceID
		id                string
	}{
		{"tiny", "list.xml", tiny, clearance.SourceOFACCons, "us-ofac-cons:FSE:1"},
		{"byte-order mark", "list.xml", "\uFEFF" + doc(person), clearance.SourceOFACCons, "us-ofac-cons:FSE:26182"},
		{"no namespace", "list.xml", strings.Replace(doc(person), `xmlns="`+Namespace+`"`, "", 1), clearance.SourceOFACCons, "us-ofac-cons:FSE:26182"},
		{"SDN file", "list.xml", strings.Replace(doc(edit(`datePublished="2019-02-07">FSE List`, `datePublished="2019-02-07">SDN List`)), ">Consolidated List</sanctionsList>", ">SDN List</sanctionsList>", 1),
			clearance.SourceOFACSDN, "us-ofac-sdn:SDN:26182"},
		{"list from the file name", "data/SDN_ENHANCED.XML", noFilter, clearance.SourceOFACSDN, "us-ofac-sdn:FSE:26182"},
		{"list from the file name, lower case", `C:\data\cons_enhanced.xml`, noFilter, clearance.SourceOFACCons, "us-ofac-cons:FSE:26182"},
		{"unknown elements", "list.xml", strings.Replace(doc(person), "<entities>", "<comments><c>new in 2030</c></comments>\n  <entities>", 1), clearance.SourceOFACCons, "us-ofac-cons:FSE:26182"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, entries, err := parseAll(t, tt.file, []byte(tt.input))
			if err != nil || len(entries) != 1 {
				t.Fatalf("Parse(%s) = %d entries, %v; want 1 entry", tt.name, len(entries), err)
			}
			if res.Source != tt.source || entries[0].ID != tt.id {
				t.Errorf("Parse(%s) = source %s, entry %s; want %s, %s", tt.name, res.Source, entries[0].ID, tt.source, tt.id)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	listtest.Cancel(t, Format, listtest.Open(t, extract))
}

// TestUnreadableBirthDate checks that a birth date the parser cannot read
// stays in the remarks as written.
func TestUnreadableBirthDate(t *testing.T) {
	i, j := strings.Index(person, "<value>08 Feb 1980</value>"), strings.Index(person, "</valueDate>")+len("</valueDate>")
	input := doc(person[:i] + "<value>early 1980s</value>" + person[j:])
	_, entries, err := parseAll(t, "list.xml", []byte(input))
	if err != nil || len(entries) != 1 {
		t.Fatalf("Parse = %d entries, %v; want 1 entry", len(entries), err)
	}
	if e := entries[0]; len(e.BirthDates) != 0 || !strings.Contains(e.Remarks, "Birthdate early 1980s") {
		t.Errorf("Parse = birth dates %q, remarks %q; want none, and the date in the remarks", e.BirthDates, e.Remarks)
	}
}
