package clearance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
)

// Quantity is an amount of an item in its unit, exact to a thousandth:
// Quantity(1500) is 1.5. Licence balances are drawn down in Quantities, so
// they are integers: no rounding error can let a licence be overdrawn.
type Quantity int64

// Money is an amount in US dollars, exact to the cent: Money(105000) is
// $1,050.00.
type Money int64

const (
	quantityPlaces = 3
	moneyPlaces    = 2
)

// Units returns a whole number of units as a Quantity.
func Units(n int64) Quantity { return Quantity(n * 1000) }

// Dollars returns a whole number of dollars as Money.
func Dollars(n int64) Money { return Money(n * 100) }

// String writes the quantity as a decimal number without trailing zeros:
// "10", "1.5".
func (q Quantity) String() string {
	s := formatFixed(int64(q), quantityPlaces)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// String writes the amount with two decimals: "1050.00".
func (m Money) String() string { return formatFixed(int64(m), moneyPlaces) }

// MarshalJSON writes the quantity as a JSON number.
func (q Quantity) MarshalJSON() ([]byte, error) { return []byte(q.String()), nil }

// MarshalJSON writes the amount as a JSON number with two decimals.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalJSON reads a JSON number with at most three decimal places. A
// malformed value is reported as a *json.UnmarshalTypeError, which the JSON
// decoder completes with the field's name.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	v, err := parseFixed(b, quantityPlaces, reflect.TypeFor[Quantity]())
	*q = Quantity(v)
	return err
}

// UnmarshalJSON reads a JSON number of dollars with at most two decimal
// places (cents).
func (m *Money) UnmarshalJSON(b []byte) error {
	v, err := parseFixed(b, moneyPlaces, reflect.TypeFor[Money]())
	*m = Money(v)
	return err
}

// formatFixed writes v/10^places with exactly places decimals.
func formatFixed(v int64, places int) string {
	sign := ""
	u := uint64(v)
	if v < 0 {
		sign, u = "-", uint64(-v)
	}
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= places {
		digits = strings.Repeat("0", places-len(digits)+1) + digits
	}
	cut := len(digits) - places
	return sign + digits[:cut] + "." + digits[cut:]
}

// parseFixed reads a JSON number as an integer count of 10^-places. Its
// errors are *json.UnmarshalTypeError whose Value says what is wrong.
func parseFixed(b []byte, places int, typ reflect.Type) (int64, error) {
	b = bytes.TrimSpace(b)
	bad := func(format string, args ...any) error {
		return &json.UnmarshalTypeError{Value: fmt.Sprintf(format, args...), Type: typ}
	}
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return 0, bad("%s, not a number", jsonKind(b))
	}
	r, ok := new(big.Rat).SetString(string(b))
	if !ok {
		return 0, bad("%q, not a number", b)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	r.Mul(r, new(big.Rat).SetInt(scale))
	if !r.IsInt() {
		return 0, bad("%s has more than %d decimal places", b, places)
	}
	if !r.Num().IsInt64() {
		return 0, bad("%s is too large", b)
	}
	return r.Num().Int64(), nil
}

// jsonKind names the kind of a JSON value from its first byte.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a value"
}
