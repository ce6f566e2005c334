package uscsl

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// requiredColumns must be present in a CSV header; every other column is
// optional and read as empty when absent.
var requiredColumns = []string{fSource, fName}

// csvTable is the CSV reader with the header's column positions.
type csvTable struct {
	r      *csv.Reader
	header []string
	col    map[string]int
}

// parseCSV reads the consolidated.csv form row by row.
func (p *parser) parseCSV(in io.Reader) error {
	t, err := p.readHeader(in)
	if err != nil {
		return err
	}
	for {
		row, err := t.r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.csvError(err)
		}
		r, err := p.csvRecord(t, row)
		if err != nil {
			return err
		}
		if err := p.handle(r); err != nil {
			return err
		}
	}
	if p.records == 0 {
		return &clearance.ParseError{File: p.file, Line: 2, Err: errors.New("no records after the header")}
	}
	return nil
}

// readHeader reads and checks the header row.
func (p *parser) readHeader(in io.Reader) (*csvTable, error) {
	r := csv.NewReader(in)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, p.csvError(err)
	}
	t := &csvTable{r: r, header: make([]string, len(head)), col: make(map[string]int, len(head))}
	for i, h := range head {
		if !utf8.ValidString(h) {
			return nil, &clearance.ParseError{File: p.file, Line: 1, Err: fmt.Errorf("header column %d is not valid UTF-8", i+1)}
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.col[h]; dup && h != "" {
			return nil, &clearance.ParseError{File: p.file, Line: 1, Field: h, Err: errors.New("duplicate column")}
		}
		t.header[i], t.col[h] = h, i
	}
	for _, c := range requiredColumns {
		if _, ok := t.col[c]; !ok {
			return nil, &clearance.ParseError{File: p.file, Line: 1, Field: c,
				Err: fmt.Errorf("missing required column %q: not a CSL CSV file", c)}
		}
	}
	return t, nil
}

// csvError converts an encoding/csv error into a ParseError.
func (p *parser) csvError(err error) error {
	var ce *csv.ParseError
	if errors.As(err, &ce) {
		return &clearance.ParseError{File: p.file, Line: ce.Line, Err: ce.Err}
	}
	return &clearance.ParseError{File: p.file, Err: err}
}

// csvRecord builds a record from one row.
func (p *parser) csvRecord(t *csvTable, row []string) (*record, error) {
	line, _ := t.r.FieldPos(0)
	for i, cell := range row {
		if !utf8.ValidString(cell) {
			l, _ := t.r.FieldPos(i)
			return nil, &clearance.ParseError{File: p.file, Line: l, Field: t.header[i], Err: errors.New("invalid UTF-8")}
		}
	}
	get := func(name string) string {
		if i, ok := t.col[name]; ok {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	r := &record{
		line: line,
		fieldLine: func(field string) int {
			if i, ok := t.col[field]; ok {
				l, _ := t.r.FieldPos(i)
				return l
			}
			return 0
		},
		ref: get(fID), source: get(fSource), entityNumber: get(fEntityNumber), typ: get(fType),
		name: get(fName), title: get(fTitle), programs: splitList(get(fPrograms)),
		addresses: flatAddresses(splitList(get(fAddresses))), frNotices: splitList(get(fFRNotice)),
		startDate: get(fStartDate), endDate: get(fEndDate), standard: get(fStandard),
		licenseReq: get(fLicenseReq), licensePol: get(fLicensePol),
		vessel: clearance.Vessel{CallSign: get(fCallSign), Type: get(fVesselType), GrossTonnage: get(fGT),
			GrossRegisteredTonnage: get(fGRT), Flag: get(fFlag), Owner: get(fOwner)},
		remarks: get(fRemarks), listURL: get(fListURL), infoURL: get(fInfoURL),
		altNames: splitList(get(fAltNames)), citizenships: splitList(get(fCitizenships)),
		birthDates: splitList(get(fBirthDates)), nationality: splitList(get(fNationality)),
		birthPlaces: splitList(get(fBirthPlaces)), ids: parseIDCell(get(fIDs)),
		raw: csvRaw(t.header, row),
	}
	return r, nil
}

// csvRaw returns the row as a JSON object of its non-empty cells, in column
// order, values exactly as published.
func csvRaw(header, row []string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	n := 0
	for i, cell := range row {
		if cell == "" || header[i] == "" {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		writeJSONString(&b, enc, header[i])
		b.WriteByte(':')
		writeJSONString(&b, enc, cell)
	}
	b.WriteByte('}')
	return json.RawMessage(b.Bytes())
}

// writeJSONString appends s as a JSON string without the encoder's newline.
func writeJSONString(b *bytes.Buffer, enc *json.Encoder, s string) {
	_ = enc.Encode(s) // a valid UTF-8 string always encodes
	b.Truncate(b.Len() - 1)
}
