package ofacxml

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// rawJSON renders an entity as the entry's Raw JSON, so that nothing OFAC
// publishes is lost even when the parser does not model it. A leaf without
// attributes is its text; any other element an object with "@attr" members,
// "#text" for text beside attributes, and one member per child name in
// document order. A child name is an array when it repeats or when its
// parent is its plural ("names" holds "name"), so that the shape does not
// depend on the count.
func rawJSON(n *xmltree.Node) json.RawMessage {
	var b bytes.Buffer
	writeJSON(&b, n)
	return b.Bytes()
}

func writeJSON(b *bytes.Buffer, n *xmltree.Node) {
	if len(n.Attrs) == 0 && len(n.Kids) == 0 {
		writeString(b, n.Trimmed())
		return
	}
	b.WriteByte('{')
	sep := func() {
		if b.Bytes()[b.Len()-1] != '{' {
			b.WriteByte(',')
		}
	}
	for _, a := range n.Attrs {
		sep()
		writeString(b, "@"+a.Name.Local)
		b.WriteByte(':')
		writeString(b, a.Value)
	}
	if t := n.Trimmed(); t != "" && len(n.Kids) == 0 {
		sep()
		b.WriteString(`"#text":`)
		writeString(b, t)
	}
	for _, name := range childNames(n) {
		sep()
		writeString(b, name)
		b.WriteByte(':')
		kids := n.Children(name)
		if len(kids) == 1 && !isPluralOf(n.Name, name) {
			writeJSON(b, kids[0])
			continue
		}
		b.WriteByte('[')
		for i, k := range kids {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, k)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
}

// childNames returns the distinct child names in order of first appearance.
func childNames(n *xmltree.Node) []string {
	var out []string
	seen := make(map[string]bool, len(n.Kids))
	for _, k := range n.Kids {
		if !seen[k.Name] {
			seen[k.Name] = true
			out = append(out, k.Name)
		}
	}
	return out
}

// isPluralOf reports whether parent is the English plural of child
// ("names"/"name", "legalAuthorities"/"legalAuthority").
func isPluralOf(parent, child string) bool {
	if parent == child+"s" {
		return true
	}
	stem, ok := strings.CutSuffix(child, "y")
	return ok && parent == stem+"ies"
}

func writeString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // a string always marshals
	b.Write(q)
}
