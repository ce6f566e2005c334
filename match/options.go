package match

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Algorithm names the scoring algorithm; it changes whenever a change to the
// code would change scores, so that a recorded hash pins the behaviour too.
// clearance-match-4: a record found by an identifier whose names all score
// below what the threshold needs is scored as an identifier-only match
// (before, the best of those low name scores was kept when the candidate
// index had happened to score one).
// clearance-match-5: substituted names, legal-form conflicts, the fuzzy
// exponent, place phrases. clearance-match-6: nicknames (Bill, Bob, Sasha,
// Misha...) read as the names they stand for. clearance-match-7: persons'
// query omissions weigh like their listed ones (PersonQueryWeight), middle
// initials that differ count as a substitution, more legal forms (sp. z
// o.o., B.V., K.K....) and one-letter misspellings of long ones, "United
// States" read as "US", no whole-name typo that changes a word's first
// letter to another sound, a country mismatch costs 0.15 (was 0.05),
// polyphonic Chinese characters read as in their word or as a surname.
// clearance-match-8: query words are joined with edits only two at a time
// and up to 12 letters together, and never an initial, as the candidate
// index looks joins up (so exhaustive scoring and the index agree).
const Algorithm = "clearance-match-8"

// Options control matching. They are plain data: serialise them with JSON,
// and report Hash with every result so a screening can be replayed.
type Options struct {
	Algorithm string `json:"algorithm"`
	// Threshold is the score at or above which a hit is reported as a
	// potential match.
	Threshold float64 `json:"threshold"`
	// Limit caps the hits returned per query.
	Limit int `json:"limit"`
	// Brief leaves out of each result the explanation beyond the listed
	// name that matched (its text, position, kind and weakness): no token
	// pairs, coverages or evidence notes, which cost a second scoring of
	// the name. Results and scores are the same. For callers that show
	// only which entry matched and how well, such as a batch report. It
	// does not change what matches, so it is not part of Hash.
	Brief bool `json:"-"`
	// QueryWeight is the weight of query coverage (how much of the query the
	// listed name explains) against listed-name coverage in the name score:
	// score = Sq^QueryWeight * Sc^(1-QueryWeight).
	QueryWeight float64 `json:"query_weight"`
	// ListedWeight is the exponent of the listed name's omissions: listed
	// tokens the query does not have (middle names, legal forms).
	ListedWeight float64 `json:"listed_weight"`
	// PersonQueryWeight replaces QueryWeight for persons' names: a query
	// that gives a person's full name ("Umar Patek Abdullah Anshori") where
	// the list has a shorter one ("Umar Patek") contradicts nothing the
	// list says. Queries in Chinese or Korean script keep QueryWeight.
	PersonQueryWeight float64 `json:"person_query_weight"`
	// PersonListedWeight replaces ListedWeight for persons' names.
	PersonListedWeight float64 `json:"person_listed_weight"`
	// ConflictWeight is the exponent of the conflict term: the share of the
	// names that both sides lack at once (see nameScore).
	ConflictWeight float64 `json:"conflict_weight"`
	// FuzzyMinSimilarity is the least token similarity counted as a match.
	FuzzyMinSimilarity float64 `json:"fuzzy_min_similarity"`
	// FuzzyExponent is what a fuzzy pair's similarity is raised to before
	// it counts towards coverage: at 1.5 a word seven letters long with two
	// edits counts 0.6, not 0.71, so that one misspelt distinctive word
	// ("Sansara" for "Samsara") alone does not make a potential match.
	// Values below 1 count as 1.
	FuzzyExponent float64 `json:"fuzzy_exponent"`
	// AcronymFactor multiplies the score of a hit on a listed name that is a
	// short acronym when the query holds more than that acronym.
	AcronymFactor float64 `json:"acronym_factor"`
	// LineageFactor multiplies the score when a father's name ("bin X")
	// matches a name in another place of the listed name.
	LineageFactor float64 `json:"lineage_factor"`
	// SubstitutionFactor multiplies the score once for each distinctive
	// word one name has where the other has a different one ("Noureddine
	// ben Mohamed" and "Noureddine ben Ali"): a different given or family
	// name is a different party more often than weights of common names
	// tell. 1 or 0 turns it off.
	SubstitutionFactor float64 `json:"substitution_factor"`
	// LegalFormConflictFactor multiplies the score when each name has a
	// specific legal form the other lacks (Deutsche Bank AG and Deutsche
	// Bank GmbH are two companies). 1 or 0 turns it off.
	LegalFormConflictFactor float64 `json:"legal_form_conflict_factor"`
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
		Algorithm:               Algorithm,
		Threshold:               0.80,
		Limit:                   10,
		QueryWeight:             0.65,
		ListedWeight:            0.35,
		PersonQueryWeight:       0.35,
		PersonListedWeight:      0.35,
		ConflictWeight:          1.0,
		FuzzyMinSimilarity:      0.66,
		FuzzyExponent:           1.5,
		WeakAliasFactor:         0.85,
		SubstitutionFactor:      0.9,
		LegalFormConflictFactor: 0.9,
		LineageFactor:           0.75,
		AcronymFactor:           0.8,
		CountryMatch:            0.03,
		CountryMismatch:         -0.15,
		BirthMatch:              0.05,
		BirthMismatch:           -0.20,
		IdentifierMatch:         0.25,
		KindMismatch:            -0.15,
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
