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
// folded the same way; candidates come from token postings and a fuzzy term
// dictionary, and each candidate name is scored by aligning query tokens with
// listed tokens, weighting each by its rarity across the lists, so that
// "Trading" or "Group" count for less than "Hikvision". Evidence beyond the
// name (country, date of birth, identifiers, entity kind) moves the score,
// and every [Result] carries an [Explanation] of how it was reached.
//
// Matching behaviour is controlled by [Options], which are plain data: they
// serialise to JSON and hash to a short digest reported with every result,
// so that any screening can be replayed with the same settings.
package match
