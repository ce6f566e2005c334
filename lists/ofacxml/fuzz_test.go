package ofacxml

import (
	"regexp"
	"strings"
	"testing"
)

// tiny is a small well-formed file that reaches most of the converter:
// names in two scripts, a weak alias, an address, date and country
// features, a document.
const tiny = `<sanctionsData xmlns="` + Namespace + `"><publicationInfo><dataAsOf>2025-01-10T00:00:00</dataAsOf>` +
	`<filters><sanctionsLists><sanctionsList>Consolidated List</sanctionsList></sanctionsLists></filters></publicationInfo>` +
	`<referenceValues><referenceValue refId="1"><type>COUNTRY</type><value>Turkey</value><isoCode>TR</isoCode></referenceValue>` +
	`<referenceValue refId="2"><type>SCRIPT</type><value>Chinese Simplified</value></referenceValue></referenceValues>` +
	`<featureTypes><featureType featureTypeId="8"><type>Birthdate</type><detailType>DATE</detailType></featureType>` +
	`<featureType featureTypeId="10"><type>Nationality Country</type><detailType>COUNTRY</detailType></featureType></featureTypes>` +
	`<entities><entity id="1"><generalInfo><entityType>Individual</entityType></generalInfo>` +
	`<sanctionsLists><sanctionsList datePublished="2019-02-07">FSE List</sanctionsList></sanctionsLists>` +
	`<names><name><isPrimary>true</isPrimary><translations><translation><formattedFullName>KAYAKIRAN, Evren</formattedFullName></translation>` +
	`<translation><script refId="2">Chinese Simplified</script><formattedFullName>旷视</formattedFullName></translation></translations></name>` +
	`<name><aliasType>A.K.A.</aliasType><isLowQuality>true</isLowQuality><translations><translation><formattedLastName>KAYA</formattedLastName>` +
	`</translation></translations></name></names><addresses><address><country refId="1">Turkey</country><translations><translation>` +
	`<addressParts><addressPart><type>CITY</type><value>Ankara</value></addressPart></addressParts></translation></translations></address></addresses>` +
	`<features><feature><type featureTypeId="8">Birthdate</type><value>circa 1979-1982</value></feature>` +
	`<feature><type featureTypeId="10">Nationality Country</type><value>Turkey</value><valueRefId>1</valueRefId></feature></features>` +
	`<identityDocuments><identityDocument><type>Passport</type><documentNumber>U1</documentNumber><issuingCountry refId="1">Turkey</issuingCountry>` +
	`</identityDocument></identityDocuments></entity></entities></sanctionsData>`

// indent matches the white space between tags.
var indent = regexp.MustCompile(`>\s+<`)

func FuzzParse(f *testing.F) {
	// Small seeds without indentation: the fuzzer minimises every input
	// that finds new code, byte by byte, and the whole extract would take
	// it minutes.
	for _, s := range []string{
		tiny, doc(person), doc(company), doc(person, edit(`<entity id="26182">`, `<entity id="26183">`)),
		strings.Replace(doc(person), `xmlns="`+Namespace+`"`, "", 1),
		doc(edit("<valueRefId>11205</valueRefId>", "<valueRefId>4242</valueRefId>")),
		header[:len(header)/3], "ent_num,SDN_Name\n36,X\n", "",
	} {
		f.Add([]byte(indent.ReplaceAllString(s, "><")))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		parseAll(t, "CONS_ENHANCED.XML", data)
	})
}
