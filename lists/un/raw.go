package un

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// value returns the cleaned text of the first child of n named name, or "".
func value(n *xmltree.Node, name string) string {
	if k := n.Child(name); k != nil {
		return clean(k.Text)
	}
	return ""
}

// values returns the cleaned, non-empty texts of the VALUE children of the
// children of n named name (NATIONALITY, DESIGNATION, TITLE...).
func values(n *xmltree.Node, name string) []string {
	var out []string
	for _, k := range n.Children(name) {
		for _, v := range k.Children("VALUE") {
			if s := clean(v.Text); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// empty reports whether element n carries no text anywhere below it.
func empty(n *xmltree.Node) bool {
	if strings.TrimSpace(n.Text) != "" {
		return false
	}
	for _, k := range n.Kids {
		if !empty(k) {
			return false
		}
	}
	return true
}

// clean trims s and collapses runs of white space (the UN wraps long
// values over several indented lines) to single spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// rawJSON renders the children of n as a JSON object in document order:
// a leaf becomes its text as written, an element with children an object,
// and a name repeated among siblings an array at its first position.
// Attributes, which records do not normally carry, become "@name" keys.
func rawJSON(n *xmltree.Node) json.RawMessage {
	var b bytes.Buffer
	writeObject(&b, n)
	return b.Bytes()
}

func writeObject(b *bytes.Buffer, n *xmltree.Node) {
	b.WriteByte('{')
	first := true
	key := func(k string) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeString(b, k)
		b.WriteByte(':')
	}
	for _, a := range n.Attrs {
		key("@" + a.Name.Local)
		writeString(b, a.Value)
	}
	done := make(map[string]bool, len(n.Kids))
	for _, k := range n.Kids {
		if done[k.Name] {
			continue
		}
		done[k.Name] = true
		key(k.Name)
		same := n.Children(k.Name)
		if len(same) == 1 {
			writeValue(b, k)
			continue
		}
		b.WriteByte('[')
		for i, s := range same {
			if i > 0 {
				b.WriteByte(',')
			}
			writeValue(b, s)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
}

func writeValue(b *bytes.Buffer, n *xmltree.Node) {
	if len(n.Kids) == 0 && len(n.Attrs) == 0 {
		text := n.Text
		if strings.TrimSpace(text) == "" {
			text = ""
		}
		writeString(b, text)
		return
	}
	writeObject(b, n)
}

func writeString(b *bytes.Buffer, s string) {
	enc, err := json.Marshal(s)
	if err != nil {
		panic("un: marshal string: " + err.Error()) // a string cannot fail
	}
	b.Write(enc)
}
