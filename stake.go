package clearance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
)

// Stake is one party's share in the ownership of an entity, exact to a
// ten-thousandth of a percent, or unknown. The zero value is unknown: a
// stake nobody measured must never count as no stake (BIS Red Flag 29).
type Stake struct {
	millionths int32 // of the whole: 50% is 500,000
	known      bool
}

// stakePlaces is how many decimals of a percent a stake keeps.
const stakePlaces = 4

// decimalPattern is a plain decimal number: no exponent, no hexadecimal.
var decimalPattern = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// Whole is the stake of a sole owner, 100%.
var Whole = Stake{millionths: 1_000_000, known: true}

// Percent returns a known stake of p percent, rounded to a ten-thousandth
// of a percent. It panics unless 0 <= p <= 100: it is meant for constants.
func Percent(p float64) Stake {
	if !(p >= 0 && p <= 100) {
		panic(fmt.Sprintf("clearance.Percent(%v): want 0 to 100", p))
	}
	return Stake{millionths: int32(math.Round(p * 10_000)), known: true}
}

// StakeMillionths returns a known stake of n millionths of the whole.
func StakeMillionths(n int32) Stake { return Stake{millionths: n, known: true} }

// Known reports whether the stake's size is known.
func (s Stake) Known() bool { return s.known }

// Millionths returns the stake in millionths of the whole; 0 when unknown.
func (s Stake) Millionths() int32 { return s.millionths }

// Number writes a known stake as a percentage without the sign and without
// trailing zeros ("40", "33.3333"), an unknown one as "unknown".
func (s Stake) Number() string {
	if !s.known {
		return "unknown"
	}
	n := formatFixed(int64(s.millionths), stakePlaces)
	return strings.TrimRight(strings.TrimRight(n, "0"), ".")
}

// String writes the stake for a person: "40%", "unknown".
func (s Stake) String() string {
	if !s.known {
		return "unknown"
	}
	return s.Number() + "%"
}

// ParseStake reads a percentage as ownership files write it: "40", "40.5",
// "40 %"; an empty field or "unknown" is an unknown stake. It refuses
// anything outside 0 to 100 and more than four decimals.
func ParseStake(text string) (Stake, error) {
	t := strings.TrimSpace(text)
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if t == "" || strings.EqualFold(t, "unknown") {
		return Stake{}, nil
	}
	n, err := parseFixed([]byte(t), stakePlaces, reflect.TypeFor[Stake]())
	if err != nil || !decimalPattern.MatchString(t) {
		return Stake{}, fmt.Errorf("%q is not a percentage (want a number from 0 to 100, or empty or \"unknown\" when not known)", text)
	}
	if n < 0 || n > 1_000_000 {
		return Stake{}, fmt.Errorf("%s%% is outside 0 to 100", t)
	}
	return Stake{millionths: int32(n), known: true}, nil
}

// MarshalJSON writes a known stake as a number of percent, an unknown one
// as null.
func (s Stake) MarshalJSON() ([]byte, error) {
	if !s.known {
		return []byte("null"), nil
	}
	return []byte(s.Number()), nil
}

// UnmarshalJSON reads a number of percent or a string ParseStake accepts;
// null is unknown. A malformed value is reported as a
// *json.UnmarshalTypeError, which the decoder completes with the field.
func (s *Stake) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	text := string(b)
	switch {
	case text == "null":
		*s = Stake{}
		return nil
	case len(b) > 0 && b[0] == '"':
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
	case len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')):
		return &json.UnmarshalTypeError{Value: jsonKind(b) + ", not a percentage", Type: reflect.TypeFor[Stake]()}
	}
	v, err := ParseStake(text)
	if err != nil {
		return &json.UnmarshalTypeError{Value: err.Error(), Type: reflect.TypeFor[Stake]()}
	}
	*s = v
	return nil
}
