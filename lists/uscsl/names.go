package uscsl

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/script"
)

// namePart is one name found in a name or alias cell.
type namePart struct {
	value    string
	kind     clearance.NameKind
	strength clearance.AliasStrength
}

// buildNames returns the entry's names: the primary name as written, then
// every alias found in the primary name's and the alt_names' prose, each
// followed by the forms derived from it. Names are unique, compared without
// case.
func buildNames(primary string, alts []string) []clearance.Name {
	names := []clearance.Name{{Value: primary, Kind: clearance.NamePrimary, Script: script.Detect(primary)}}
	seen := map[string]bool{nameKey(primary): true}
	add := func(p namePart) {
		k := nameKey(p.value)
		if k == "" || seen[k] {
			return
		}
		seen[k] = true
		names = append(names, clearance.Name{Value: p.value, Kind: p.kind, Strength: p.strength, Script: script.Detect(p.value)})
	}
	addWithDerived := func(p namePart) {
		add(p)
		for _, d := range derived(p) {
			add(d)
		}
	}
	if parts := splitProse(primary, clearance.NameAlias); len(parts) > 1 {
		for _, p := range parts {
			addWithDerived(p)
		}
	} else {
		for _, d := range derived(namePart{value: primary, kind: clearance.NameAlias}) {
			add(d)
		}
	}
	for _, alt := range alts {
		for _, p := range splitProse(alt, clearance.NameAlias) {
			addWithDerived(p)
		}
	}
	return names
}

// nameKey folds a name for de-duplication.
func nameKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

var (
	// leadMarker opens an alias item: "F.K.A. Office of Scientific Studies".
	leadMarker = regexp.MustCompile(`(?i)^(a\.k\.a|f\.k\.a|n\.k\.a|a/k/a|f/k/a)\.?,?\s+`)
	// openMarker opens a bracketed alias list: "(a.k.a. X)", "(f.k.a., X)",
	// "[aka X, Y]". The bare "aka" only counts after a bracket.
	openMarker = regexp.MustCompile(`(?i)[(\[]\s*(?:(a\.k\.a|f\.k\.a|n\.k\.a|a/k/a|f/k/a)\.?[,:]?\s*|(aka|fka|nka)[,:]?\s+)`)
	// inlineMarker joins a name to an alias: "X, a.k.a., Y", "X a.k.a. Y",
	// "X A/K/A Y".
	inlineMarker = regexp.MustCompile(`(?i)(?:,\s*|\s+)(a\.k\.a|f\.k\.a|n\.k\.a|a/k/a|f/k/a)\.?,?\s+`)
	// leadIn introduces an alias list in prose: "the following 3 aliases:".
	leadIn = regexp.MustCompile(`(?i)^(.*?)[\s,;:]*(?:\b(?:including|with|and)\s+)?\bthe following\s+(?:[\w-]+\s+)?(?:aliases|alias|names)\s*:\s*`)
	// successor is the State Department's "and any successor, sub-unit, or
	// subsidiary thereof".
	successor = regexp.MustCompile(`(?i),?\s+and any successors?,?\s+sub-?units?,?\s+(?:or|and)\s+subsidiar(?:y|ies)\s+thereof\.?$`)
	// acronym is a short name worth keeping as a weak alias: 2-10 capitals
	// or digits, possibly hyphenated ("AQKRL", "CETC-7").
	acronym = regexp.MustCompile(`^[A-Z0-9](?:-?[A-Z0-9]){1,9}$`)
)

// markerKind maps an alias marker to the kind of name it introduces.
func markerKind(m string) clearance.NameKind {
	switch strings.NewReplacer(".", "", "/", "").Replace(strings.ToLower(m)) {
	case "fka":
		return clearance.NameFormer
	case "nka":
		return clearance.NameNowKnown
	}
	return clearance.NameAlias
}

// splitProse splits one name item into the names its prose carries:
// "X (a.k.a. Y; Z)", "X, a.k.a., Y", "F.K.A. Y", "the following two aliases:
// Y". The text around a marker keeps kind; the names after it take the
// marker's kind. It does not split on " and " inside a name.
func splitProse(s string, kind clearance.NameKind) []namePart {
	s = cleanItem(s)
	if s == "" || wholeParen(s) {
		return nil // nothing, or a note such as "(all of preceding located in ...)"
	}
	if m := leadIn.FindStringSubmatchIndex(s); m != nil {
		return append(splitProse(s[m[2]:m[3]], kind), splitItems(s[m[1]:], kind)...)
	}
	if m := leadMarker.FindStringSubmatchIndex(s); m != nil {
		return splitProse(s[m[1]:], markerKind(s[m[2]:m[3]]))
	}
	if m := openMarker.FindStringSubmatchIndex(s); m != nil {
		return splitBracket(s, m, kind)
	}
	if m := inlineMarker.FindStringSubmatchIndex(s); m != nil {
		return append(splitProse(s[:m[0]], kind), splitItems(s[m[1]:], markerKind(s[m[2]:m[3]]))...)
	}
	return []namePart{{value: s, kind: kind}}
}

// splitItems splits a "; "-separated list of names.
func splitItems(s string, kind clearance.NameKind) []namePart {
	var out []namePart
	for _, it := range strings.Split(s, listSep) {
		out = append(out, splitProse(it, kind)...)
	}
	return out
}

// splitBracket handles a bracketed alias list opened at m (an openMarker
// match): the text outside the brackets is one name, the list inside others.
func splitBracket(s string, m []int, kind clearance.NameKind) []namePart {
	open, close := s[m[0]], byte(')')
	if open == '[' {
		close = ']'
	}
	end, depth := len(s), 1
	for i := m[1]; i < len(s); i++ {
		if s[i] == open {
			depth++
		} else if s[i] == close {
			if depth--; depth == 0 {
				end = i
				break
			}
		}
	}
	inner, after := s[m[1]:end], ""
	if end < len(s) {
		after = s[end+1:]
	}
	mk := ""
	if m[2] >= 0 {
		mk = s[m[2]:m[3]]
	} else {
		mk = s[m[4]:m[5]]
	}
	out := splitProse(strings.TrimSpace(s[:m[0]])+" "+strings.TrimSpace(after), kind)
	for _, it := range strings.Split(inner, listSep) {
		for _, piece := range splitCommaList(it) {
			out = append(out, splitProse(piece, markerKind(mk))...)
		}
	}
	return out
}

// splitCommaList splits "Astronautics Systems Research Center, Aerospace
// Research Institute" into two names, but only when every piece has two
// words or more: "Precision Industries, Inc." stays whole.
func splitCommaList(s string) []string {
	pieces := strings.Split(s, ", ")
	if len(pieces) < 2 {
		return pieces
	}
	for _, p := range pieces {
		if len(strings.Fields(p)) < 2 {
			return []string{s}
		}
	}
	return pieces
}

// cleanItem trims an alias item of list prose: a leading "and ", a
// sentence's final full stop (not an abbreviation's) and stray separators.
func cleanItem(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimPrefix(s, "and ")
	s = strings.Trim(s, " ,;:")
	if strings.HasSuffix(s, ".") && !endsWithAbbreviation(s) {
		s = strings.TrimRight(s[:len(s)-1], " ,;:")
	}
	return s
}

// abbreviations are words written with a full stop that ends a name.
var abbreviations = toSet(`ltd inc co corp jsc llc bhd pvt pte plc sa ag bv nv jr sr st no est ent
intl int mfg bros dept univ inst assn eng tech ind govt gmbh kg srl spa sas sarl pty fze fzc fzco
ooo zao oao pao ao cjsc ojsc pjsc tic sti sdn mfrs cie inds ltda cia co`)

// endsWithAbbreviation reports whether s ends with "Ltd.", "S.A.", "J." and
// the like, whose full stop belongs to the name.
func endsWithAbbreviation(s string) bool {
	word := s[:len(s)-1]
	if i := strings.LastIndexAny(word, " ,("); i >= 0 {
		word = word[i+1:]
	}
	if strings.Contains(word, ".") || len([]rune(word)) <= 1 {
		return true
	}
	return abbreviations[strings.ToLower(word)]
}

// derived returns the names derived from p: without the "and any successor
// ..." suffix, without a trailing parenthesised part (strong), and the
// acronym in that part (weak, since short acronyms collide).
func derived(p namePart) []namePart {
	var out []namePart
	v := p.value
	if m := successor.FindStringIndex(v); m != nil && m[0] > 0 {
		v = strings.TrimSpace(v[:m[0]])
		out = append(out, namePart{value: v, kind: p.kind})
	}
	base, inner, ok := trailingParen(v)
	if !ok {
		return out
	}
	if strings.IndexFunc(base, unicode.IsLetter) >= 0 {
		out = append(out, namePart{value: base, kind: p.kind})
	}
	if acronym.MatchString(inner) && strings.IndexFunc(inner, unicode.IsLetter) >= 0 {
		out = append(out, namePart{value: inner, kind: p.kind, strength: clearance.Weak})
	}
	return out
}

// wholeParen reports whether s is one parenthesised group.
func wholeParen(s string) bool {
	if !strings.HasPrefix(s, "(") {
		return false
	}
	_, _, ok := trailingParen(s)
	return !ok && strings.HasSuffix(s, ")") && strings.Count(s, "(") == strings.Count(s, ")")
}

// trailingParen splits "Name (Part)" into "Name" and "Part", matching nested
// parentheses.
func trailingParen(s string) (base, inner string, ok bool) {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			if depth--; depth == 0 {
				base = strings.TrimRight(strings.TrimSpace(s[:i]), " ,-")
				return base, strings.TrimSpace(s[i+1 : len(s)-1]), base != ""
			}
		}
	}
	return "", "", false
}
