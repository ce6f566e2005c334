package ofac

import (
	"bytes"
	"encoding/json"
)

// rawRecord renders a primary row and its companion rows as one JSON object
// with OFAC's field names, in file order: the primary fields, then "alt",
// "add" and "comments" arrays. Nulls ("-0-") are JSON null.
func rawRecord(rec record, alts, adds, comments []record) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	writeFields(&b, rec)
	for _, part := range []struct {
		key  string
		rows []record
	}{{"alt", alts}, {"add", adds}, {"comments", comments}} {
		if len(part.rows) == 0 {
			continue
		}
		b.WriteString(`,"` + part.key + `":[`)
		for i, r := range part.rows {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('{')
			writeFields(&b, r)
			b.WriteByte('}')
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.Bytes()
}

// writeFields writes a record's fields as JSON members, without braces.
func writeFields(b *bytes.Buffer, r record) {
	for i, col := range r.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, col)
		b.WriteByte(':')
		if r.fields[i] == "" {
			b.WriteString("null")
			continue
		}
		writeString(b, r.fields[i])
	}
}

// writeString writes s as a JSON string. Fields are valid UTF-8 (the
// reader checks), so only quotes, backslashes and control bytes need
// escaping, which json.Marshal does for the rare strings that hold them.
func writeString(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			q, _ := json.Marshal(s) // a string always marshals
			b.Write(q)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}
