package clearance

import (
	"errors"
	"strings"
	"testing"
)

const validLicence = `{
  "number": "D123456",
  "destination": "CN",
  "parties": ["Hangzhou Hikvision Digital Technology Co., Ltd."],
  "items": [{"eccn": "ear99", "quantity": 10, "value": 1500}, {"eccn": "1A004", "value": 20000.5}],
  "valid_from": "2019-11-01",
  "valid_to": "2021-10-31",
  "conditions": ["No reexport without BIS authorisation."]
}`

func TestParseLicence(t *testing.T) {
	l, err := ParseLicence("licence.json", []byte(validLicence))
	if err != nil {
		t.Fatalf("ParseLicence: %v", err)
	}
	if l.Authority != AuthorityBIS || l.Items[0].ECCN != EAR99 || *l.Items[0].Quantity != Units(10) ||
		l.Items[1].Quantity != nil || *l.Items[1].Value != Money(2000050) {
		t.Errorf("ParseLicence = %+v", l)
	}
	if err := l.Validate(); err != nil {
		t.Errorf("Validate() of a parsed licence = %v", err)
	}
	b := NewLineBalance(l.Items[0], Units(4), Dollars(600))
	if *b.RemainingQuantity != Units(6) || *b.RemainingValue != Dollars(900) {
		t.Errorf("NewLineBalance after 4 units = %+v, want 6 units and $900 left", b)
	}
	if b := NewLineBalance(l.Items[1], 0, Dollars(10)); b.RemainingQuantity != nil || *b.RemainingValue != Money(1999050) {
		t.Errorf("NewLineBalance of a value-only line = %+v", b)
	}
}

func TestParseLicenceErrors(t *testing.T) {
	valid := map[string]string{
		"number": `"number":"L1"`, "destination": `"destination":"CN"`, "parties": `"parties":["A"]`,
		"items":      `"items":[{"eccn":"EAR99","quantity":1}]`,
		"valid_from": `"valid_from":"2020-01-01"`, "valid_to": `"valid_to":"2020-12-31"`,
	}
	doc := func(field string) string {
		f := map[string]string{}
		for k, v := range valid {
			f[k] = v
		}
		if field != "" {
			f[strings.Trim(strings.SplitN(field, ":", 2)[0], `"`)] = field
		}
		var parts []string
		for _, k := range []string{"number", "destination", "parties", "items", "valid_from", "valid_to", "authority", "conditions", "balance"} {
			if v, ok := f[k]; ok {
				parts = append(parts, v)
			}
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	tests := []struct {
		name, doc, want string
	}{
		{"no number", doc(`"number":""`), "licence.json: number: required"},
		{"bad authority", doc(`"authority":"FBI"`), `licence.json: authority: "FBI" is not a licensing authority`},
		{"no destination", doc(`"destination":""`), "licence.json: destination: required"},
		{"no parties", doc(`"parties":[]`), "licence.json: parties: a licence names at least one party"},
		{"blank party", doc(`"parties":["A",""]`), "licence.json: parties[1]: required"},
		{"parties as one string", doc(`"parties":"A"`), "licence.json: parties: want an array, got string"},
		{"no items", doc(`"items":[]`), "licence.json: items: a licence authorises at least one item"},
		{"no limit", doc(`"items":[{"eccn":"EAR99"}]`), "licence.json: items[0].quantity: a licence line needs a quantity or a value limit"},
		{"zero quantity", doc(`"items":[{"eccn":"EAR99","quantity":0}]`), "licence.json: items[0].quantity: must be positive"},
		{"negative value", doc(`"items":[{"eccn":"EAR99","value":-5}]`), "licence.json: items[0].value: must be positive"},
		{"bad ECCN", doc(`"items":[{"eccn":"X","quantity":1}]`), `licence.json: items[0].eccn: "X" is not an ECCN`},
		{"unknown line field", doc(`"items":[{"eccn":"EAR99","quantity":1,"used":3}]`), "licence.json: items[0].used: unknown field"},
		{"balance given", doc(`"balance":5`), "licence.json: balance: unknown field"},
		{"bad dates", doc(`"valid_to":"2019-12-31"`), "licence.json: valid_to: 2019-12-31 is before valid_from 2020-01-01"},
		{"bad date", doc(`"valid_from":"soon"`), `licence.json: valid_from: "soon" is not a date`},
		{"empty condition", doc(`"conditions":[" "]`), "licence.json: conditions[0]: empty condition"},
	}
	for _, tt := range tests {
		l, err := ParseLicence("licence.json", []byte(tt.doc))
		if err == nil {
			t.Errorf("%s: ParseLicence(%s) = %+v, want an error", tt.name, tt.doc, l)
			continue
		}
		var fe *FieldError
		if !strings.Contains(err.Error(), tt.want) || KindOf(err) != Invalid || !errors.As(err, &fe) {
			t.Errorf("%s: ParseLicence error = %q, want an Invalid *FieldError containing %q", tt.name, err, tt.want)
		}
	}
	if _, err := ParseLicence("licence.json", []byte(doc(""))); err != nil {
		t.Errorf("the valid base document fails: %v", err)
	}
}

func TestParseUVLStatement(t *testing.T) {
	s, err := ParseUVLStatement("uvl.json", []byte(`{"party":"Shenzhen Example Co.","signed":"2021-05-01","signatory":"J. Doe"}`))
	if err != nil || s.Party != "Shenzhen Example Co." || s.Signed != "2021-05-01" {
		t.Fatalf("ParseUVLStatement = %+v, %v", s, err)
	}
	for doc, want := range map[string]string{
		`{"party":"","signed":"2021-05-01"}`:             "uvl.json: party: required",
		`{"party":"A","signed":"May 2021"}`:              `uvl.json: signed: "May 2021" is not a date`,
		`{"party":"A","signed":"2021-05-01","id":3}`:     "uvl.json: id: set by Clearance",
		`{"party":"A","signed":"2021-05-01","x":3}`:      "uvl.json: x: unknown field",
		`{"party":"A","signed":"2021-05-01","order":""}`: "",
	} {
		_, err := ParseUVLStatement("uvl.json", []byte(doc))
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("ParseUVLStatement(%s) = %v, want %q", doc, err, want)
		}
	}
}
