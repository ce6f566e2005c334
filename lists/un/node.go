package un

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
)

// node is one XML element as read from the file: its name, the line its
// start tag ends on, its attributes, its character data and its children.
// Records are small (a few KB), so a record is read whole into a tree of
// nodes and then converted; the file as a whole is never held.
type node struct {
	name  string
	line  int
	attrs []xml.Attr
	text  string
	kids  []*node
}

// child returns the first child named name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// children returns the children named name.
func (n *node) children(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// value returns the cleaned text of the first child named name, or "".
func (n *node) value(name string) string {
	if k := n.child(name); k != nil {
		return clean(k.text)
	}
	return ""
}

// values returns the cleaned, non-empty texts of the VALUE children of the
// child named name (NATIONALITY, DESIGNATION, TITLE...).
func (n *node) values(name string) []string {
	var out []string
	for _, k := range n.children(name) {
		for _, v := range k.children("VALUE") {
			if s := clean(v.text); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// empty reports whether the element carries no text anywhere below it.
func (n *node) empty() bool {
	if strings.TrimSpace(n.text) != "" {
		return false
	}
	for _, k := range n.kids {
		if !k.empty() {
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
func rawJSON(n *node) json.RawMessage {
	var b bytes.Buffer
	writeObject(&b, n)
	return b.Bytes()
}

func writeObject(b *bytes.Buffer, n *node) {
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
	for _, a := range n.attrs {
		key("@" + a.Name.Local)
		writeString(b, a.Value)
	}
	done := make(map[string]bool, len(n.kids))
	for _, k := range n.kids {
		if done[k.name] {
			continue
		}
		done[k.name] = true
		key(k.name)
		same := n.children(k.name)
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

func writeValue(b *bytes.Buffer, n *node) {
	if len(n.kids) == 0 && len(n.attrs) == 0 {
		text := n.text
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
