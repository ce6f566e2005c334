package match

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Algorithm names the scoring algorithm; it changes whenever a change to the
// code would change scores, so that a recorded hash pins the behaviour too.
const Algorithm = "clearance-match-1"

// Options control matching. They are plain data: serialise them with JSON,
// and report Hash with every result so a screening can be replayed.
type Options struct {
	Algorithm string `json:"algorithm"`
	// Threshold is the score at or above which a hit is reported as a
	// potential match.
	Threshold float64 `json:"threshold"`
	// Limit caps the hits returned per query.
	Limit int `json:"limit"`
	// QueryWeight is the weight of query coverage (how much of the query the
	// listed name explains) against listed-name coverage in the name score:
	// score = Sq^QueryWeight * Sc^(1-QueryWeight).
	QueryWeight float64 `json:"query_weight"`
	// FuzzyMinSimilarity is the least token similarity counted as a match.
	FuzzyMinSimilarity float64 `json:"fuzzy_min_similarity"`
	// WeakAliasFactor multiplies the score of a hit on a weak alias.
	WeakAliasFactor float64 `json:"weak_alias_factor"`
	// Evidence effects, added to the name score.
	CountryMatch    float64 `json:"country_match"`
	CountryMismatch float64 `json:"country_mismatch"`
	BirthMatch      float64 `json:"birth_match"`
	BirthMismatch   float64 `json:"birth_mismatch"`
	IdentifierMatch float64 `json:"identifier_match"`
	KindMismatch    float64 `json:"kind_mismatch"`
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{
		Algorithm:          Algorithm,
		Threshold:          0.80,
		Limit:              10,
		QueryWeight:        0.65,
		FuzzyMinSimilarity: 0.80,
		WeakAliasFactor:    0.85,
		CountryMatch:       0.03,
		CountryMismatch:    -0.05,
		BirthMatch:         0.05,
		BirthMismatch:      -0.10,
		IdentifierMatch:    0.25,
		KindMismatch:       -0.15,
	}
}

// Hash returns a short digest of the options, stable for equal options.
func (o Options) Hash() string {
	b, err := json.Marshal(o)
	if err != nil {
		panic("match: marshal options: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}
