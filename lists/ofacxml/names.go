package ofacxml

import (
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// scripts maps OFAC's script names to ISO 15924 codes.
var scripts = map[string]string{
	"latin":               "Latn",
	"chinese simplified":  "Hans",
	"chinese traditional": "Hant",
	"cyrillic":            "Cyrl",
	"arabic":              "Arab",
	"korean":              "Kore",
	"hangul":              "Hang",
	"japanese":            "Jpan",
	"armenian":            "Armn",
	"georgian":            "Geor",
	"greek":               "Grek",
	"hebrew":              "Hebr",
	"thai":                "Thai",
	"devanagari":          "Deva",
	"burmese":             "Mymr",
	"khmer":               "Khmr",
}

// aliasKinds maps aliasType values to name kinds.
var aliasKinds = map[string]clearance.NameKind{
	"a.k.a.": clearance.NameAlias,
	"f.k.a.": clearance.NameFormer,
	"n.k.a.": clearance.NameNowKnown,
}

// names returns every name of an entity, the primary first. The primary
// name's primary translation is the entry's name; its translations into
// other scripts are NameOriginal. Each translation of another name is an
// alias of the name's aliasType, Weak when OFAC marks it low quality.
func (p *parser) names(n *xmltree.Node) ([]clearance.Name, error) {
	var primary, others []clearance.Name
	for _, nm := range n.Path("names", "name") {
		isPrimary := isTrue(nm, "isPrimary")
		kind := clearance.NameAlias
		if t := nm.Child("aliasType").Trimmed(); t != "" {
			k, ok := aliasKinds[strings.ToLower(t)]
			if !ok {
				return nil, fieldErrorf(nm.Child("aliasType"), "entity/names/name/aliasType", "unknown alias type %q", t)
			}
			kind = k
		}
		strength := clearance.Strong
		if isTrue(nm, "isLowQuality") {
			strength = clearance.Weak
		}
		translations := nm.Path("translations", "translation")
		if len(translations) == 0 {
			return nil, fieldErrorf(nm, "entity/names/name/translations", "name %s has no translation", nm.Attr("id"))
		}
		for _, t := range ordered(translations) {
			v := fullName(t)
			if v == "" {
				return nil, fieldErrorf(t, "entity/names/name/translations/translation/formattedFullName",
					"name %s has an empty translation", nm.Attr("id"))
			}
			name := clearance.Name{Value: v, Kind: kind, Strength: strength, Script: scriptCode(t.Child("script").Trimmed())}
			if isPrimary {
				if len(primary) == 0 {
					name.Kind, name.Strength = clearance.NamePrimary, clearance.Strong
				} else if name.Script != "Latn" {
					name.Kind = clearance.NameOriginal
				}
				primary = appendName(primary, name)
				continue
			}
			others = appendName(others, name)
		}
	}
	if len(primary) == 0 {
		return nil, fieldErrorf(n.Child("names"), "entity/names/name/isPrimary", "no primary name")
	}
	out := primary
	for _, o := range others {
		out = appendName(out, o)
	}
	return out, nil
}

// ordered returns translations with the primary one first.
func ordered(ts []*xmltree.Node) []*xmltree.Node {
	for i, t := range ts {
		if isTrue(t, "isPrimary") && i > 0 {
			out := append([]*xmltree.Node{t}, ts[:i]...)
			return append(out, ts[i+1:]...)
		}
	}
	return ts
}

// fullName returns a translation's full name, built from its parts when
// OFAC gives no formattedFullName.
func fullName(t *xmltree.Node) string {
	if v := t.Child("formattedFullName").Trimmed(); v != "" {
		return v
	}
	last, first := t.Child("formattedLastName").Trimmed(), t.Child("formattedFirstName").Trimmed()
	switch {
	case last != "" && first != "":
		return last + ", " + first
	case last != "":
		return last
	}
	return first
}

// scriptCode returns the ISO 15924 code of an OFAC script name, or "" when
// the name is unknown (it stays in Raw).
func scriptCode(s string) string { return scripts[strings.ToLower(s)] }

// appendName appends n unless a name of the same value and kind is present.
func appendName(names []clearance.Name, n clearance.Name) []clearance.Name {
	for _, m := range names {
		if m.Value == n.Value && m.Kind == n.Kind {
			return names
		}
	}
	return append(names, n)
}

// isTrue reports whether the named child of n holds "true".
func isTrue(n *xmltree.Node, name string) bool {
	return strings.EqualFold(n.Child(name).Trimmed(), "true")
}
