package storekit

import (
	"encoding/json"
	"sync"

	"github.com/clearancehq/clearance"
)

// DecodeEntryWithoutRaw decodes a stored entry body as DecodeEntry does,
// but leaves Raw empty: the source's record is about two thirds of a body,
// and a screener, which drops it, loads every entry at start-up. The body
// is read by decodeEntryFast, which passes over the raw member without
// checking or copying it (a body whose raw member is not valid JSON, which
// DecodeEntry rejects, may be accepted), and which is several times faster
// than encoding/json. A body it does not read is decoded by encoding/json,
// the raw member cut out first when it can be found.
func DecodeEntryWithoutRaw(body []byte) (*clearance.Entry, error) {
	if e, ok := decodeEntryFast(body); ok {
		return e, nil
	}
	from, to, ok := rawMember(body)
	if !ok {
		e, err := DecodeEntry(body)
		if e != nil {
			e.Raw = nil
		}
		return e, err
	}
	bp := cutBuffers.Get().(*[]byte)
	defer cutBuffers.Put(bp)
	cut := append(append((*bp)[:0], body[:from]...), body[to:]...)
	*bp = cut
	e := new(clearance.Entry)
	if err := json.Unmarshal(cut, e); err != nil {
		// Not the JSON it seemed: the whole body says what is wrong.
		e, err = DecodeEntry(body)
		if err != nil {
			return nil, err
		}
	}
	e.Raw = nil // a member named "Raw", say, is decoded into it too
	return e, nil
}

// WithoutRawBody returns body with its top-level "raw" member cut out, as
// SQLite's json_remove(body, '$.raw') does (migration 9 checked they give
// the same bytes on every shipped body), or body itself when it has none
// or is not an object rawMember reads: a store keeps it beside the whole
// body, for start-up to read (DecodeEntryWithoutRaw reads either).
func WithoutRawBody(body []byte) []byte {
	from, to, ok := rawMember(body)
	if !ok {
		return body
	}
	return append(append(make([]byte, 0, len(body)-(to-from)), body[:from]...), body[to:]...)
}

// cutBuffers hold bodies with their raw member cut out while they are
// decoded (the decoded entry copies what it keeps).
var cutBuffers = sync.Pool{New: func() any { return new([]byte) }}

// rawMember finds the top-level "raw" member of a JSON object and returns
// the span to cut for the object to stay valid without it: the member and
// the comma that separates it from a neighbour. It reports false when body
// is not an object it can read or has no such member.
func rawMember(body []byte) (from, to int, ok bool) {
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return 0, 0, false
	}
	i++
	prevEnd := -1 // where the previous member's value ends
	for {
		i = skipSpace(body, i)
		if i >= len(body) || body[i] != '"' {
			return 0, 0, false // "}" of an object without raw, or not JSON
		}
		start := i
		keyEnd, ok := skipString(body, i)
		if !ok {
			return 0, 0, false
		}
		i = skipSpace(body, keyEnd)
		if i >= len(body) || body[i] != ':' {
			return 0, 0, false
		}
		end, ok := skipValue(body, skipSpace(body, i+1))
		if !ok {
			return 0, 0, false
		}
		i = skipSpace(body, end)
		if i >= len(body) {
			return 0, 0, false
		}
		isRaw := string(body[start:keyEnd]) == `"raw"`
		switch body[i] {
		case ',':
			if isRaw {
				return start, skipSpace(body, i+1), true // up to the next key
			}
			prevEnd = end
			i++
		case '}':
			switch {
			case !isRaw:
				return 0, 0, false
			case prevEnd >= 0:
				return prevEnd, end, true // from the comma before it
			}
			return start, end, true // the only member
		default:
			return 0, 0, false
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the end of the JSON string starting at b[i].
func skipString(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return 0, false
}

// skipValue returns the end of the JSON value starting at b[i], reading
// no more than it must to find it: the decoder checks what is kept.
func skipValue(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				end, ok := skipString(b, i)
				if !ok {
					return 0, false
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, true
				}
			}
		}
		return 0, false
	}
	// A number, true, false or null.
	start := i
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' &&
		b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	return i, i > start
}
