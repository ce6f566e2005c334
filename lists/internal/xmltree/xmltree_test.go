package xmltree

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readFirst reads the first element below the root of doc.
func readFirst(t *testing.T, doc string, maxDepth int) (*Node, error) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("no element below the root: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if depth == 1 {
				return Read(d, se, maxDepth)
			}
			depth++
		}
	}
}

const doc = `<list>
<record id="7">
  <name>A<b/>B</name>
  <alias>X</alias>
  <alias>
    Y
  </alias>
</record>
</list>`

func TestRead(t *testing.T) {
	n, err := readFirst(t, doc, 8)
	if err != nil {
		t.Fatal(err)
	}
	if n.Name != "record" || n.Line != 2 || n.Attr("id") != "7" || n.Attr("none") != "" {
		t.Errorf("Read = %s line %d id %q, want record line 2 id 7", n.Name, n.Line, n.Attr("id"))
	}
	if got := n.Child("name"); got == nil || got.Text != "AB" || got.Line != 3 || len(got.Kids) != 1 {
		t.Errorf("Child(name) = %+v, want text AB on line 3 with one child", got)
	}
	var aliases []string
	for _, a := range n.Children("alias") {
		aliases = append(aliases, a.Trimmed())
	}
	if !cmp.Equal(aliases, []string{"X", "Y"}) {
		t.Errorf("Children(alias) = %q, want X, Y", aliases)
	}
	if got := n.Path("name", "b"); len(got) != 1 || got[0].Line != 3 {
		t.Errorf("Path(name, b) = %v, want the <b/> on line 3", got)
	}
	var none *Node
	if none.Child("x") != nil || none.Children("x") != nil || none.Attr("x") != "" || none.Trimmed() != "" || n.Child("x").Child("y") != nil {
		t.Errorf("lookups on a nil node should give nothing")
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		maxDepth  int
		line      int
		path      string
		truncated bool
		msg       string
	}{
		{"truncated", doc[:strings.Index(doc, "</name>")], 8, 3, "record/name", true, ""},
		{"mismatched", strings.Replace(doc, "</alias>", "</name>", 1), 8, 4, "record/alias", false, "closed by </name>"},
		{"invalid UTF-8", strings.Replace(doc, ">X<", ">\xff<", 1), 8, 4, "record/alias", false, "invalid UTF-8"},
		{"too deep", doc, 1, 3, "record/name/b", false, "nested more than 1 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readFirst(t, tt.doc, tt.maxDepth)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Read = %v, want an *Error", err)
			}
			if e.Line != tt.line || strings.Join(e.Path, "/") != tt.path || Truncated(err) != tt.truncated || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Read = %v (line %d, path %q, truncated %v), want line %d, path %q, truncated %v, mentioning %q",
					err, e.Line, e.Path, Truncated(err), tt.line, tt.path, tt.truncated, tt.msg)
			}
		})
	}
}

func TestNewDecoder(t *testing.T) {
	tests := []struct {
		encoding string
		ok       bool
	}{{"UTF-8", true}, {"utf8", true}, {"US-ASCII", true}, {"ISO-8859-1", false}, {"windows-1252", false}}
	for _, tt := range tests {
		d := NewDecoder(strings.NewReader(`<?xml version="1.0" encoding="` + tt.encoding + `"?><a/>`))
		_, err := d.Token()
		if tt.ok != (err == nil) || err != nil && !strings.Contains(err.Error(), `declares encoding "`+tt.encoding+`"`) {
			t.Errorf("encoding %s: Token() = %v, want ok %v", tt.encoding, err, tt.ok)
		}
	}
}
