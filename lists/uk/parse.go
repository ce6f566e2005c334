// Package uk parses the UK OFSI Consolidated List of Financial Sanctions
// Targets, published as CSV at
// https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv,
// into clearance entries.
//
// The file has one row per name variant of a listed party, repeated for
// each date of birth, address and non-Latin name the party has (a cross
// product); rows with the same Group ID are one party. In the real file a
// group's rows are not contiguous (1,664 of 4,686 groups are split, since
// rows are sorted by name), so Parse reads the whole file, groups the rows
// in memory (bounded by the file: about 16 MB of CSV) and then emits one
// entry per group in order of first appearance. Malformed input stops the
// parse with a *clearance.ParseError naming the file, line and column.
package uk

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// FormatName is the import format name of the OFSI list (`--format uk`).
const FormatName = "uk"

// Format parses the OFSI Consolidated List CSV (ConList.csv), already
// decompressed. It expects exactly one file.
var Format clearance.Format = format{}

type format struct{}

func (format) Name() string { return FormatName }

func (format) Parse(ctx context.Context, files []clearance.File, emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
	if len(files) != 1 {
		return clearance.ParseResult{Source: clearance.SourceUK},
			clearance.Errorf(clearance.Invalid, "uk: want 1 file, got %d", len(files))
	}
	return Parse(ctx, files[0], emit)
}

// Column names the parser uses. Columns other than the required ones may be
// absent; they then read as empty.
const (
	colName6     = "Name 6"
	colGroupID   = "Group ID"
	colGroupType = "Group Type"
	colAliasType = "Alias Type"
	colUpdated   = "Last Updated"
)

var requiredColumns = []string{colName6, colGroupID, colGroupType, colAliasType}

// Parse reads one ConList.csv and calls emit once per Group ID, in order of
// the group's first row. The publication date comes from the "Last
// Updated,dd/mm/yyyy" first line; when that line is missing it is estimated
// from the newest "Last Updated" column value.
func Parse(ctx context.Context, f clearance.File, emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
	res := clearance.ParseResult{Source: clearance.SourceUK}
	r := csv.NewReader(f.R)
	r.FieldsPerRecord = -1 // the "Last Updated" line is shorter; rows are checked against the header
	p := &parser{file: f.Name, r: r}
	if err := p.readHeader(&res); err != nil {
		return res, err
	}
	groups, err := p.groups(ctx)
	if err != nil {
		return res, err
	}
	if res.Published == "" && p.newest != "" {
		res.Published, res.PublishedNote = p.newest, "estimated from newest Last Updated column"
	}
	for _, g := range groups {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		e, err := p.convert(g)
		if err != nil {
			return res, err
		}
		if err := emit(e); err != nil {
			return res, err
		}
	}
	return res, nil
}

// parser holds the state of one Parse call.
type parser struct {
	file    string
	r       *csv.Reader
	cols    map[string]int // header name -> index
	columns []string       // header names, in order
	newest  string         // newest Last Updated column value, ISO
}

// row is one CSV record with the line it starts on.
type row struct {
	line   int
	fields []string
}

// group is the rows of one Group ID, in file order.
type group struct {
	id   string
	rows []row
}

// readHeader reads the optional "Last Updated" line and the header row.
func (p *parser) readHeader(res *clearance.ParseResult) error {
	rec, line, err := p.read()
	if err == io.EOF {
		return p.errorf(1, "", "empty file")
	}
	if err != nil {
		return err
	}
	rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
	if strings.TrimSpace(rec[0]) == colUpdated {
		if len(rec) < 2 {
			return p.errorf(line, colUpdated, "no date on the Last Updated line")
		}
		if res.Published, err = isoDate(rec[1]); err != nil || res.Published == "" {
			return p.errorf(line, colUpdated, "bad date %q on the Last Updated line, want dd/mm/yyyy", rec[1])
		}
		res.PublishedNote = "Last Updated line"
		if rec, line, err = p.read(); err == io.EOF {
			return p.errorf(2, "", "no header row after the Last Updated line")
		} else if err != nil {
			return err
		}
	}
	p.columns, p.cols = rec, make(map[string]int, len(rec))
	for i, h := range rec {
		p.cols[strings.TrimSpace(h)] = i
	}
	for _, c := range requiredColumns {
		if _, ok := p.cols[c]; !ok {
			return p.errorf(line, c, "missing required column %q: not an OFSI ConList.csv", c)
		}
	}
	return nil
}

// groups reads every data row and groups the rows by Group ID.
func (p *parser) groups(ctx context.Context) ([]*group, error) {
	var order []*group
	byID := make(map[string]*group)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, line, err := p.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		r, err := p.row(rec, line)
		if err != nil {
			return nil, err
		}
		id := p.get(r, colGroupID)
		g := byID[id]
		if g == nil {
			g = &group{id: id}
			byID[id] = g
			order = append(order, g)
		}
		g.rows = append(g.rows, r)
	}
	if len(order) == 0 {
		return nil, p.errorf(0, "", "no data rows")
	}
	return order, nil
}

// row checks one data record: its field count, UTF-8, Group ID and Last
// Updated date.
func (p *parser) row(rec []string, line int) (row, error) {
	if len(rec) != len(p.columns) {
		return row{}, p.errorf(line, "", "row has %d fields, header has %d (truncated file?)", len(rec), len(p.columns))
	}
	for i, v := range rec {
		if !utf8.ValidString(v) {
			return row{}, p.errorf(line, p.columns[i], "invalid UTF-8")
		}
	}
	r := row{line: line, fields: rec}
	if strings.TrimSpace(p.get(r, colGroupID)) == "" {
		return row{}, p.errorf(line, colGroupID, "empty Group ID")
	}
	updated, err := isoDate(p.get(r, colUpdated))
	if err != nil {
		return row{}, p.errorf(line, colUpdated, "%v", err)
	}
	if updated > p.newest {
		p.newest = updated
	}
	return r, nil
}

// read returns the next record and the line it starts on; a CSV syntax
// error becomes a ParseError.
func (p *parser) read() ([]string, int, error) {
	rec, err := p.r.Read()
	if err == io.EOF {
		return nil, 0, err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, pe.StartLine, &clearance.ParseError{File: p.file, Line: pe.Line, Err: pe.Err}
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", p.file, err) // an I/O error, not malformed input
	}
	line, _ := p.r.FieldPos(0)
	return rec, line, nil
}

// get returns the trimmed value of the named column, "" if it is absent.
func (p *parser) get(r row, col string) string {
	i, ok := p.cols[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

func (p *parser) errorf(line int, field, format string, args ...any) error {
	return &clearance.ParseError{File: p.file, Line: line, Field: field, Err: fmt.Errorf(format, args...)}
}
