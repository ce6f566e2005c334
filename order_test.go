package clearance

import (
	"errors"
	"strings"
	"testing"
)

const validOrder = `{
  "id": "PO-1001",
  "date": "2019-10-15",
  "destination": "China",
  "parties": [
    {"role": "purchaser", "name": "Acme Components GmbH", "country": "DE"},
    {"role": "End User", "name": "Hangzhou Hikvision Digital Technology Co., Ltd.", "country": "CN", "address": "No. 555 Qianmo Road"}
  ],
  "items": [
    {"description": "image sensors", "eccn": "ear99", "quantity": 10, "unit": "pieces", "value": 1500.50},
    {"description": "respirators", "eccn": "1a004.C", "quantity": 2.5, "value": 100, "subject_to_ear": false,
     "licence_exception": "lvs", "categories": ["infectious-disease"]}
  ]
}`

func TestParseOrder(t *testing.T) {
	o, err := ParseOrder("order.json", []byte(validOrder))
	if err != nil {
		t.Fatalf("ParseOrder: %v", err)
	}
	if o.Destination != "CN" || o.Parties[0].Country != "DE" || o.Parties[1].Role != RoleEndUser {
		t.Errorf("ParseOrder did not normalise countries and roles: %+v", o)
	}
	it := o.Items[1]
	if o.Items[0].ECCN != EAR99 || it.ECCN != "1A004.c" || it.LicenceException != "LVS" {
		t.Errorf("ParseOrder did not normalise ECCNs and exceptions: %+v", o.Items)
	}
	if o.Items[0].Value != Money(150050) || it.Quantity != Quantity(2500) || !o.Items[0].EAR() || it.EAR() {
		t.Errorf("amounts or subject_to_ear read wrongly: %+v", o.Items)
	}
	if err := o.Validate(); err != nil {
		t.Errorf("Validate() of a parsed order = %v", err)
	}
}

// TestParseOrderErrors: every malformed order fails with an Invalid error
// that names the document and the field.
func TestParseOrderErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		want      string
	}{
		{"empty", ``, "order.json: empty document"},
		{"not JSON", `{"id": "PO-1",`, "order.json: the JSON ends too early"},
		{"syntax", "{\n  \"id\": \"PO-1\"\n  \"date\": 1}", "order.json: line 3, column 3: not valid JSON"},
		{"not an object", `[1, 2]`, "order.json: want an object, got array"},
		{"trailing data", `{"id":"x"} {}`, "order.json: unexpected data after the JSON value"},
		{"unknown field", `{"id":"x","colour":"red"}`, "order.json: colour: unknown field"},
		{"unknown item field", `{"items":[{"eccn":"EAR99"},{"quantty":1}]}`, "order.json: items[1].quantty: unknown field"},
		{"quantity string", `{"items":[{"quantity":"ten"}]}`, "order.json: items[0].quantity: a string, not a number"},
		{"quantity too precise", `{"items":[{},{"quantity":1.2345}]}`, "order.json: items[1].quantity: 1.2345 has more than 3 decimal places"},
		{"value in fractions of cents", `{"items":[{"value":0.001}]}`, "order.json: items[0].value: 0.001 has more than 2 decimal places"},
		{"quantity huge", `{"items":[{"quantity":1e30}]}`, "order.json: items[0].quantity: 1e30 is too large"},
		{"name not a string", `{"parties":[{"name":5}]}`, "order.json: parties[0].name: want a string, got number"},
		{"parties not an array", `{"parties":{}}`, "order.json: parties: want an array, got object"},
		{"missing id", order(`"id":""`), "order.json: id: required"},
		{"bad date", order(`"date":"15/10/2019"`), `order.json: date: "15/10/2019" is not a date as YYYY-MM-DD`},
		{"unknown destination", order(`"destination":"Narnia"`), `order.json: destination: "Narnia" is not a recognised country`},
		{"no parties", order(`"parties":[]`), "order.json: parties: an order needs at least one party"},
		{"no items", order(`"items":[]`), "order.json: items: an order needs at least one item"},
		{"bad role", order(`"parties":[{"role":"buyer","name":"A"}]`), `order.json: parties[0].role: "buyer" is not a role`},
		{"party without name", order(`"parties":[{"role":"end user","name":" "}]`), "order.json: parties[0].name: required"},
		{"bad party country", order(`"parties":[{"role":"end user","name":"A","country":"Atlantis"}]`), `parties[0].country: "Atlantis" is not a recognised country`},
		{"zero quantity", order(`"items":[{"description":"x","eccn":"EAR99","quantity":0,"value":1}]`), "order.json: items[0].quantity: must be positive"},
		{"negative quantity", order(`"items":[{"description":"x","eccn":"EAR99","quantity":1,"value":1},{"description":"x","eccn":"EAR99","quantity":-1,"value":1}]`), "order.json: items[1].quantity: must be positive"},
		{"no value", order(`"items":[{"description":"x","eccn":"EAR99","quantity":1}]`), "order.json: items[0].value: must be positive"},
		{"bad ECCN", order(`"items":[{"description":"x","eccn":"1Z004","quantity":1,"value":1}]`), `order.json: items[0].eccn: "1Z004" is not an ECCN`},
		{"no ECCN", order(`"items":[{"description":"x","quantity":1,"value":1}]`), "order.json: items[0].eccn: required"},
		{"bad exception", order(`"items":[{"description":"x","eccn":"EAR99","quantity":1,"value":1,"licence_exception":"L V"}]`), "items[0].licence_exception"},
		{"bad category", order(`"items":[{"description":"x","eccn":"EAR99","quantity":1,"value":1,"categories":["toys"]}]`), `items[0].categories[0]: "toys" is not a known category`},
	}
	for _, tt := range tests {
		o, err := ParseOrder("order.json", []byte(tt.doc))
		if err == nil {
			t.Errorf("%s: ParseOrder = %+v, want an error", tt.name, o)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: ParseOrder error = %q, want it to contain %q", tt.name, err, tt.want)
		}
		var fe *FieldError
		if KindOf(err) != Invalid || !errors.As(err, &fe) || fe.Doc != "order.json" {
			t.Errorf("%s: ParseOrder error %v is not an Invalid *FieldError of order.json", tt.name, err)
		}
	}
}

// TestParseOrderReportsAll: one run names every invalid field.
func TestParseOrderReportsAll(t *testing.T) {
	_, err := ParseOrder("o.json", []byte(`{"id":"","date":"x","destination":"CN","parties":[{"role":"x","name":"A"}],"items":[{"eccn":"EAR99","quantity":1,"value":1}]}`))
	for _, want := range []string{"o.json: id: required", "o.json: date:", "o.json: parties[0].role:", "o.json: items[0].description: required"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseOrder error = %v, want it to contain %q", err, want)
		}
	}
}

// order returns a valid order with one field replaced.
func order(field string) string {
	fields := map[string]string{
		"id": `"id":"PO-1"`, "date": `"date":"2020-01-01"`, "destination": `"destination":"CN"`,
		"parties": `"parties":[{"role":"end_user","name":"A"}]`,
		"items":   `"items":[{"description":"x","eccn":"EAR99","quantity":1,"value":1}]`,
	}
	name := strings.Trim(strings.SplitN(field, ":", 2)[0], `"`)
	fields[name] = field
	return "{" + strings.Join([]string{fields["id"], fields["date"], fields["destination"], fields["parties"], fields["items"]}, ",") + "}"
}

func TestNormalizeECCN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"EAR99", "EAR99"}, {"ear99", "EAR99"}, {" 1A004.c ", "1A004.c"}, {"1a004.C", "1A004.c"},
		{"5A002.a.1", "5A002.a.1"}, {"0A501.y.7", "0A501.y.7"}, {"9A515.x", "9A515.x"},
		{"1A004.", ""}, {"1A004..c", ""}, {"1F004", ""}, {"1A04", ""}, {"ECCN 1A004", ""}, {"", ""}, {"1A004.c-1", ""},
	}
	for _, tt := range tests {
		got, ok := NormalizeECCN(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("NormalizeECCN(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestAmounts(t *testing.T) {
	for _, tt := range []struct {
		q    Quantity
		want string
	}{{Units(10), "10"}, {Quantity(1500), "1.5"}, {Quantity(1), "0.001"}, {Quantity(-2500), "-2.5"}, {0, "0"}} {
		if got := tt.q.String(); got != tt.want {
			t.Errorf("Quantity(%d).String() = %q, want %q", int64(tt.q), got, tt.want)
		}
	}
	for _, tt := range []struct {
		m    Money
		want string
	}{{Dollars(1050), "1050.00"}, {Money(5), "0.05"}, {Money(-150), "-1.50"}} {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("Money(%d).String() = %q, want %q", int64(tt.m), got, tt.want)
		}
	}
}
