package uscsl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// errTruncated reports a JSON document that ends before it is complete.
var errTruncated = errors.New("truncated file: unexpected end of JSON input")

// jsonStream is a JSON token stream that knows the line of each offset.
type jsonStream struct {
	dec   *json.Decoder
	lines *lineReader
}

// parseJSON reads the consolidated.json form: {"results": [...], ...} or a
// bare array of records, one record in memory at a time.
func (p *parser) parseJSON(in io.Reader) error {
	lr := &lineReader{r: in}
	s := &jsonStream{dec: json.NewDecoder(lr), lines: lr}
	tok, err := s.dec.Token()
	if err != nil {
		return p.jsonError(s, err)
	}
	switch tok {
	case json.Delim('['):
		err = p.jsonArray(s)
	case json.Delim('{'):
		err = p.jsonObject(s)
	}
	if err != nil {
		return err
	}
	if _, err := s.dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the end of the JSON document")
		}
		return p.jsonError(s, err)
	}
	if p.records == 0 {
		return &clearance.ParseError{File: p.file, Line: lr.lineAt(lr.off), Field: "results", Err: errors.New("no records")}
	}
	return nil
}

// jsonObject reads the top-level object, streaming its "results" array and
// noting sources_used; other members are skipped.
func (p *parser) jsonObject(s *jsonStream) error {
	found := false
	for s.dec.More() {
		tok, err := s.dec.Token()
		if err != nil {
			return p.jsonError(s, err)
		}
		switch key, _ := tok.(string); key {
		case "results":
			line := s.lines.lineAt(s.dec.InputOffset())
			if tok, err = s.dec.Token(); err != nil {
				return p.jsonError(s, err)
			}
			if tok != json.Delim('[') {
				return &clearance.ParseError{File: p.file, Line: line, Field: "results", Err: errors.New("not an array")}
			}
			if err := p.jsonArray(s); err != nil {
				return err
			}
			found = true
		case "sources_used":
			if err := p.sourcesUsed(s); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := s.dec.Decode(&skip); err != nil {
				return p.jsonError(s, err)
			}
		}
	}
	if err := p.closeDelim(s); err != nil {
		return err
	}
	if !found {
		return &clearance.ParseError{File: p.file, Line: 1, Field: "results",
			Err: errors.New(`no "results" array: not a CSL JSON file`)}
	}
	return nil
}

// jsonArray reads records up to the end of the array whose '[' was read.
func (p *parser) jsonArray(s *jsonStream) error {
	for s.dec.More() {
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return p.jsonError(s, err)
		}
		line := s.lines.lineAt(s.dec.InputOffset() - int64(len(raw)))
		r, err := p.jsonRecord(raw, line)
		if err != nil {
			return err
		}
		if err := p.handle(r); err != nil {
			return err
		}
	}
	return p.closeDelim(s)
}

// closeDelim reads the ']' or '}' that ends the current array or object.
func (p *parser) closeDelim(s *jsonStream) error {
	if _, err := s.dec.Token(); err != nil {
		return p.jsonError(s, err)
	}
	return nil
}

// sourcesUsed reads sources_used and keeps the newest source_last_updated.
func (p *parser) sourcesUsed(s *jsonStream) error {
	line := s.lines.lineAt(s.dec.InputOffset())
	var raw json.RawMessage
	if err := s.dec.Decode(&raw); err != nil {
		return p.jsonError(s, err)
	}
	var used []struct {
		Updated *string `json:"source_last_updated"`
	}
	if !utf8.Valid(raw) {
		return &clearance.ParseError{File: p.file, Line: line, Field: "sources_used", Err: errors.New("invalid UTF-8")}
	}
	if err := json.Unmarshal(raw, &used); err != nil {
		return &clearance.ParseError{File: p.file, Line: line, Field: "sources_used", Err: err}
	}
	for _, u := range used {
		if u.Updated == nil {
			continue
		}
		if d, err := listingDate(*u.Updated); err == nil && d > p.sourceUpdated {
			p.sourceUpdated = d
		}
	}
	return nil
}

// jsonError converts a decoding error into a ParseError with the line.
func (p *parser) jsonError(s *jsonStream, err error) error {
	line := s.lines.lineAt(s.lines.off)
	var se *json.SyntaxError
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		err = errTruncated
	case errors.As(err, &se):
		line = s.lines.lineAt(se.Offset)
	}
	return &clearance.ParseError{File: p.file, Line: line, Err: err}
}

// lineReader counts the lines of what it reads so that a byte offset can be
// turned into a line number. It remembers only the newlines not yet passed.
type lineReader struct {
	r       io.Reader
	off     int64   // bytes read so far
	pending []int64 // offsets of newlines at or after the last query
	passed  int     // newlines before the last queried offset
	last    int64   // last queried offset
}

func (l *lineReader) Read(b []byte) (int, error) {
	n, err := l.r.Read(b)
	for i := 0; i < n; {
		j := bytes.IndexByte(b[i:n], '\n')
		if j < 0 {
			break
		}
		l.pending = append(l.pending, l.off+int64(i+j))
		i += j + 1
	}
	l.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off. Offsets before the
// last one asked about are answered with the last one's line.
func (l *lineReader) lineAt(off int64) int {
	if off > l.last {
		i := 0
		for i < len(l.pending) && l.pending[i] < off {
			i++
		}
		l.passed += i
		l.pending = l.pending[i:]
		l.last = off
	}
	return l.passed + 1
}

// jsonRecord decodes one element of the results array.
func (p *parser) jsonRecord(raw json.RawMessage, line int) (*record, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return nil, &clearance.ParseError{File: p.file, Line: line, Err: fmt.Errorf("record %d is not a JSON object", p.records+1)}
	}
	if !utf8.Valid(raw) {
		return nil, &clearance.ParseError{File: p.file, Line: line, Field: invalidUTF8Field(obj), Err: errors.New("invalid UTF-8")}
	}
	r, err := recordFromJSON(jsonFields(obj))
	if err != nil {
		pe := &clearance.ParseError{File: p.file, Line: line, Err: err}
		var fe *fieldError
		if errors.As(err, &fe) {
			pe.Field, pe.Err = fe.field, fe.err
		}
		return nil, pe
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err == nil {
		raw = compact.Bytes()
	}
	r.line, r.raw = line, raw
	return r, nil
}

// invalidUTF8Field names the member holding invalid UTF-8, if a value does.
func invalidUTF8Field(obj map[string]json.RawMessage) string {
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if !utf8.Valid(obj[k]) {
			return k
		}
	}
	return ""
}
