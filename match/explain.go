package match

import "strings"

// Result is one listed record that matched a query.
type Result struct {
	Record      int // position of the record in the slice given to NewIndex
	Score       float64
	Explanation Explanation
}

// Explanation says how a result's score was reached.
type Explanation struct {
	// Name is the listed name that matched best, as written, and NameIndex
	// its position among the record's names.
	Name      string `json:"name"`
	NameIndex int    `json:"name_index"`
	NameKind  string `json:"name_kind"`
	Weak      bool   `json:"weak_alias,omitempty"`
	// Query and Listed are the two names as the matcher compared them.
	Query  string `json:"query_folded"`
	Listed string `json:"listed_folded"`
	// Tokens align query tokens with listed tokens.
	Tokens []TokenMatch `json:"tokens"`
	// QueryCoverage is the weighted share of the query the listed name
	// explains; ListedCoverage the share of the listed name the query covers.
	QueryCoverage  float64 `json:"query_coverage"`
	ListedCoverage float64 `json:"listed_coverage"`
	NameScore      float64 `json:"name_score"`
	// Evidence lists what beyond the name moved the score.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// TokenMatch is one aligned pair of tokens; Listed is empty for a query token
// with no counterpart, Query empty for an unmatched listed token.
type TokenMatch struct {
	Query      string  `json:"query,omitempty"`
	Listed     string  `json:"listed,omitempty"`
	How        string  `json:"how"`
	Similarity float64 `json:"similarity"`
	Weight     float64 `json:"weight"`
}

// Evidence is one fact beyond the name and its effect on the score.
type Evidence struct {
	Feature string  `json:"feature"`
	Effect  float64 `json:"effect"`
	Detail  string  `json:"detail"`
}

// Alignment renders how the query's tokens aligned with the listed name,
// in the order of Tokens: "hikvision digital≈digtal (fuzzy) +ltd -hangzhou"
// (exact pairs as one word, + a query token left over, - a listed one).
func (e Explanation) Alignment() string {
	parts := make([]string, 0, len(e.Tokens))
	for _, t := range e.Tokens {
		switch {
		case t.Query != "" && t.Listed != "" && t.How == HowExact.String():
			parts = append(parts, t.Query)
		case t.Query != "" && t.Listed != "":
			parts = append(parts, t.Query+"≈"+t.Listed+" ("+t.How+")")
		case t.Query != "":
			parts = append(parts, "+"+t.Query)
		default:
			parts = append(parts, "-"+t.Listed)
		}
	}
	return strings.Join(parts, " ")
}
