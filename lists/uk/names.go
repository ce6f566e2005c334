package uk

import (
	"fmt"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/script"
)

// names returns the group's names: the primary name first, then every other
// row's name and every non-Latin-script name, in file order, without
// duplicates. The primary name is that of the first row whose Alias Type
// is "Primary name"; a group with no such row (2 of 4,686 in April 2025)
// takes its first row's name.
func (p *parser) names(g *group) ([]clearance.Name, error) {
	rows := make([]row, 0, len(g.rows))
	for _, r := range g.rows {
		if strings.EqualFold(p.get(r, colAliasType), "Primary name") {
			rows = append(rows, r)
			break
		}
	}
	rows = append(rows, g.rows...) // the primary row again is a duplicate, skipped below
	var s *nameSet
	for _, r := range rows {
		value := p.rowName(r)
		if value == "" {
			return nil, p.errorf(r.line, colName6, "empty name")
		}
		kind, strength, err := aliasKind(p.get(r, colAliasType), p.get(r, "Alias Quality"))
		if err != nil {
			return nil, p.errorf(r.line, colAliasType, "%v", err)
		}
		if s == nil {
			s = newNameSet(value)
		}
		s.add(clearance.Name{Value: value, Kind: kind, Strength: strength, Script: script.Detect(value)})
		if orig := clean(p.get(r, "Name Non-Latin Script")); orig != "" {
			sc := nonLatinScript(orig, p.get(r, "Non-Latin Script Type"))
			s.add(clearance.Name{Value: orig, Kind: clearance.NameOriginal, Strength: strength, Script: sc})
		}
	}
	return s.names, nil
}

// rowName joins Name 1 to Name 5 (given names) and Name 6 (the family name,
// or an entity's or ship's whole name) with single spaces, as OFSI intends
// them read. Entities and ships leave Names 1-5 empty.
func (p *parser) rowName(r row) string {
	var parts []string
	for _, c := range []string{"Name 1", "Name 2", "Name 3", "Name 4", "Name 5", colName6} {
		if v := clean(p.get(r, c)); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

// aliasKind maps Alias Type and Alias Quality to a name kind and strength.
// Alias Types are "Primary name", "Primary name variation", "AKA" and
// "FKA"; qualities "Good quality", "Low quality" or empty. A low-quality
// name is Weak whatever its type.
func aliasKind(typ, quality string) (clearance.NameKind, clearance.AliasStrength, error) {
	strength := clearance.Strong
	switch strings.ToLower(quality) {
	case "", "good quality", "good", "medium quality", "medium":
	case "low quality", "low":
		strength = clearance.Weak
	default:
		return "", "", fmt.Errorf("unknown Alias Quality %q", quality)
	}
	switch strings.ToLower(typ) {
	case "primary name", "primary name variation", "aka", "alias", "":
		return clearance.NameAlias, strength, nil
	case "fka":
		return clearance.NameFormer, strength, nil
	case "nka":
		return clearance.NameNowKnown, strength, nil
	}
	return "", "", fmt.Errorf("unknown Alias Type %q", typ)
}

// scriptTypes maps OFSI's Non-Latin Script Type values, typos included, to
// ISO 15924 codes.
var scriptTypes = map[string]string{
	"cyrillic": "Cyrl", "cyrilic": "Cyrl", "cryillic": "Cyrl", "russian": "Cyrl",
	"arabic": "Arab", "persian": "Arab", "farsi": "Arab",
	"chinese": "Hani", "japanese": "Jpan", "korean": "Kore", "hangul": "Kore",
	"georgian": "Geor", "hebrew": "Hebr", "greek": "Grek", "thai": "Thai",
	"burmese": "Mymr", "armenian": "Armn", "amharic": "Ethi",
}

// nonLatinScript returns the script of a non-Latin-script name. The text
// decides when it has letters, since the Type column has typos, names
// languages ("Russian", "Persian") and is empty on most rows; the Type is
// the fallback. Chinese is refined to Hans or Hant from the characters.
func nonLatinScript(name, typ string) string {
	if s := script.Detect(name); s != "" {
		return s
	}
	return scriptTypes[strings.ToLower(strings.TrimSpace(typ))]
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
		if n.Strength == clearance.Strong && s.names[i].Kind != clearance.NamePrimary {
			s.names[i].Strength = clearance.Strong
		}
		return
	}
	s.index[n.Value] = len(s.names)
	s.names = append(s.names, n)
}
