package un

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/script"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// names returns the record's names: the primary name, the name in original
// script, then the aliases in file order, without duplicates.
func (p *parser) names(n *xmltree.Node, primary string) ([]clearance.Name, error) {
	s := newNameSet(primary)
	if orig := value(n, "NAME_ORIGINAL_SCRIPT"); orig != "" {
		s.add(clearance.Name{Value: orig, Kind: clearance.NameOriginal, Script: script.Detect(orig)})
	}
	for _, a := range append(n.Children("INDIVIDUAL_ALIAS"), n.Children("ENTITY_ALIAS")...) {
		if err := p.alias(s, n.Name, a); err != nil {
			return nil, err
		}
	}
	return s.names, nil
}

// alias adds the names of one INDIVIDUAL_ALIAS or ENTITY_ALIAS element.
// An element with no ALIAS_NAME is the UN's way of saying "no alias"
// (<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>).
func (p *parser) alias(s *nameSet, record string, a *xmltree.Node) error {
	name := value(a, "ALIAS_NAME")
	if name == "" {
		return nil
	}
	kind, strength, err := aliasKind(value(a, "QUALITY"))
	if err != nil {
		return p.errorf(a.Line, record+"/"+a.Name+"/QUALITY", "%v", err)
	}
	for _, v := range splitAlias(name) {
		s.add(clearance.Name{Value: v, Kind: kind, Strength: strength, Script: script.Detect(v)})
	}
	// Some Cyrillic-script forms of an alias are given only in its note.
	if note := value(a, "NOTE"); hasPrefixFold(note, origScriptPrefix) {
		v := strings.TrimSpace(note[len(origScriptPrefix):])
		s.add(clearance.Name{Value: v, Kind: kind, Strength: strength, Script: script.Detect(v)})
	}
	return nil
}

// aliasKind maps an alias QUALITY to a name kind and strength. Individuals'
// aliases are "Good" or "Low" (OFAC's weak a.k.a.); entities' are "a.k.a."
// or "f.k.a.".
func aliasKind(quality string) (clearance.NameKind, clearance.AliasStrength, error) {
	switch strings.ToLower(quality) {
	case "", "good", "a.k.a.", "aka":
		return clearance.NameAlias, clearance.Strong, nil
	case "low":
		return clearance.NameAlias, clearance.Weak, nil
	case "f.k.a.", "fka":
		return clearance.NameFormer, clearance.Strong, nil
	case "n.k.a.", "nka":
		return clearance.NameNowKnown, clearance.Strong, nil
	}
	return "", "", fmt.Errorf("unknown alias quality %q", quality)
}

const origScriptPrefix = "original script:"

// letterItem matches the "b)" of a lettered list run into one alias
// ("Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet").
var letterItem = regexp.MustCompile(`(?:^|\s)[a-z]\)\s`)

// splitAlias splits an ALIAS_NAME that holds several names. The UN writes
// two shapes:
//
//   - "A; B; C", a list of spellings (occasionally with a lettered "b)");
//   - "X (A; B)" or "X (A)" where X and the parenthesis are in different
//     scripts: a name followed by its transliterations or its original
//     script ("حسن غول (Hassan Ghul; Hassan Gul)", "Jin Tiesan (金铁三)",
//     "Amir Khazmat (original script: Амир Хазмат)").
//
// A parenthesis in the same script without ";" is part of the name
// ("Lord’s Resistance Movement (LRM)", "EL PARA (COMBAT NAME)") and is kept.
func splitAlias(v string) []string {
	v = strings.TrimRight(v, " ,;")
	if head, inner, ok := trailingParen(v); ok && head != "" && splitParen(head, inner) {
		inner = trimPrefixFold(strings.TrimSpace(inner), origScriptPrefix)
		return append([]string{head}, splitList(inner)...)
	}
	if strings.Contains(v, ";") {
		return splitList(v)
	}
	return []string{v}
}

// splitParen reports whether "head (inner)" holds several names.
func splitParen(head, inner string) bool {
	if strings.Contains(inner, ";") || hasPrefixFold(strings.TrimSpace(inner), origScriptPrefix) {
		return true
	}
	hs, is := script.Detect(head), script.Detect(inner)
	return hs != "" && is != "" && (hs == "Latn") != (is == "Latn")
}

// trailingParen splits "head (inner)" at the parenthesis that closes the
// string, honouring nested parentheses.
func trailingParen(v string) (head, inner string, ok bool) {
	if !strings.HasSuffix(v, ")") {
		return "", "", false
	}
	depth := 0
	for i := len(v) - 1; i >= 0; i-- {
		switch v[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return strings.TrimSpace(v[:i]), v[i+1 : len(v)-1], true
			}
		}
	}
	return "", "", false
}

// splitList splits a ";"-separated (and possibly lettered) list of names,
// dropping a trailing "(original script)" marker from each.
func splitList(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ";") {
		for _, item := range letterItem.Split(part, -1) {
			item = clean(strings.TrimSuffix(strings.TrimSpace(item), "(original script)"))
			if item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func trimPrefixFold(s, prefix string) string {
	if hasPrefixFold(s, prefix) {
		return strings.TrimSpace(s[len(prefix):])
	}
	return s
}

// nameSet collects an entry's names in order, without repeating a value.
type nameSet struct {
	names []clearance.Name
	index map[string]int
}

func newNameSet(primary string) *nameSet {
	s := &nameSet{index: make(map[string]int)}
	s.names = append(s.names, clearance.Name{Value: primary, Kind: clearance.NamePrimary, Script: script.Detect(primary)})
	s.index[primary] = 0
	return s
}

// add appends n unless its value is already present; a strong duplicate of
// a weak alias makes the alias strong.
func (s *nameSet) add(n clearance.Name) {
	if n.Value == "" {
		return
	}
	if i, ok := s.index[n.Value]; ok {
		if n.Strength == clearance.Strong {
			s.names[i].Strength = clearance.Strong
		}
		return
	}
	s.index[n.Value] = len(s.names)
	s.names = append(s.names, n)
}
