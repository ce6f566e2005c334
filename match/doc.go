// Package match finds listed parties behind real-world variation in names.
//
// It is a leaf package with no I/O. Names are folded to lower-case ASCII
// tokens ([Fold]): Unicode is decomposed and stripped of accents, Chinese is
// read as pinyin, Cyrillic is romanised, other scripts go through a
// transliteration fallback. Tokens are then canonicalised ([Canon]):
// abbreviations and spelling variants map to one form ("Tech", "Techs" and
// "Technologies" all become "technology"; "Mohammed" and "Muhammad" become
// one), and legal forms and generic words are recognised so that they weigh
// little.
//
// An [Index] holds every name and alias of the loaded lists. A query is
// folded the same way; each query word finds the dictionary terms within its
// edit budget through a symmetric-deletion table (no automaton to build, no
// dictionary to walk; what a word finds is remembered, as names repeat their
// words), the names holding those terms are credited with the word's weight
// in dense per-query arrays (the words with the longest lists only to names
// the others found, when the others must be found for any name to reach
// the threshold), and only the names whose credited share of the
// query, and whose share of their own words the query can reach, could
// together still give the threshold are scored. The names are numbered so
// that those sharing words sit together, and a query's reads of the
// per-name arrays share cache lines (a query is bound by memory latency,
// not arithmetic). A name is
// scored by aligning query tokens with listed tokens, weighting each by its
// rarity across the lists, so that "Trading" or "Group" count for less than
// "Hikvision"; the token similarities come from the lookups already made,
// and the explanation is built only for the names that make a result. Tests
// (TestIndexLosesNoHit here, TestIndexLosesNoHitShipped on the shipped
// lists) prove the index returns exactly what scoring every name would
// ([Index.SearchExhaustive]). Evidence beyond the name (country, date of
// birth, identifiers, entity kind) moves the score,
// and every [Result] carries an [Explanation] of how it was reached.
//
// Matching behaviour is controlled by [Options], which are plain data: they
// serialise to JSON and hash to a short digest reported with every result,
// so that any screening can be replayed with the same settings.
package match
