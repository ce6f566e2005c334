package uscsl

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/clearancehq/clearance"
)

// Format parses the trade.gov Consolidated Screening List in its CSV or JSON
// form into entries of source clearance.SourceUSCSL. It takes exactly one file.
var Format clearance.Format = cslFormat{}

var _ clearance.Format = cslFormat{}

type cslFormat struct{}

// Name returns the import format name, "csl".
func (cslFormat) Name() string { return "csl" }

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse detects the form of the single file, then streams its records,
// converting each to an entry and passing it to emit.
func (cslFormat) Parse(ctx context.Context, files []clearance.File, emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
	res := clearance.ParseResult{Source: clearance.SourceUSCSL}
	if len(files) != 1 {
		return res, clearance.Errorf(clearance.Invalid, "csl: want exactly one file, got %d", len(files))
	}
	f := files[0]
	if f.R == nil {
		return res, &clearance.ParseError{File: f.Name, Err: errors.New("no content")}
	}
	br := bufio.NewReaderSize(f.R, 64<<10)
	if err := skipBOM(br); err != nil {
		return res, &clearance.ParseError{File: f.Name, Err: err}
	}
	first, err := firstNonSpace(br)
	if err == io.EOF {
		return res, &clearance.ParseError{File: f.Name, Line: 1, Err: errors.New("empty file: no records")}
	}
	if err != nil {
		return res, &clearance.ParseError{File: f.Name, Err: err}
	}
	if first == '<' {
		return res, &clearance.ParseError{File: f.Name, Line: 1, Field: fSource,
			Err: errors.New("file starts with '<' (XML?): not a CSL CSV file; use the format of that list")}
	}
	p := &parser{ctx: ctx, file: f.Name, emit: emit, ids: newIDAllocator()}
	if first == '{' || first == '[' {
		err = p.parseJSON(br)
	} else {
		err = p.parseCSV(br)
	}
	if err != nil {
		return res, err
	}
	res.Published, res.PublishedNote = p.published()
	return res, nil
}

// skipBOM drops a leading UTF-8 byte order mark.
func skipBOM(br *bufio.Reader) error {
	b, err := br.Peek(len(utf8BOM))
	if err != nil && err != io.EOF {
		return err
	}
	if bytes.Equal(b, utf8BOM) {
		_, err := br.Discard(len(utf8BOM))
		return err
	}
	return nil
}

// firstNonSpace returns the first byte that is not JSON white space without
// consuming anything.
func firstNonSpace(br *bufio.Reader) (byte, error) {
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			if err == nil || err == bufio.ErrBufferFull {
				err = io.EOF
			}
			return 0, err
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
			continue
		default:
			return c, nil
		}
	}
}

// parser holds the state of one Parse call.
type parser struct {
	ctx     context.Context
	file    string
	emit    func(*clearance.Entry) error
	ids     *idAllocator
	records int

	newestStart   string // newest start_date seen
	sourceUpdated string // newest sources_used[].source_last_updated (JSON)
}

// handle converts one record and emits it.
func (p *parser) handle(r *record) error {
	if err := p.ctx.Err(); err != nil {
		return err
	}
	p.records++
	e, err := convert(r, p.ids)
	if err != nil {
		return p.fieldError(r, err)
	}
	if e.StartDate > p.newestStart {
		p.newestStart = e.StartDate
	}
	if err := e.Validate(); err != nil {
		return &clearance.ParseError{File: p.file, Line: r.line, Err: err}
	}
	return p.emit(e)
}

// fieldError turns a conversion error into a ParseError naming the field and,
// when the reader knows it, the line the field is on.
func (p *parser) fieldError(r *record, err error) error {
	pe := &clearance.ParseError{File: p.file, Line: r.line, Err: err}
	var fe *fieldError
	if errors.As(err, &fe) {
		pe.Field, pe.Err = fe.field, fe.err
		if r.fieldLine != nil {
			if l := r.fieldLine(fe.field); l > 0 {
				pe.Line = l
			}
		}
	}
	return pe
}

// published estimates the publication date of the file.
func (p *parser) published() (date, note string) {
	if p.sourceUpdated != "" {
		return p.sourceUpdated, "newest sources_used.source_last_updated in the file"
	}
	if p.newestStart != "" {
		return p.newestStart, "estimated: newest start_date in the file"
	}
	return "", ""
}
