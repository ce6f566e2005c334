package clearance

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CounterpartyColumns are the columns a counterparty CSV file may have, in
// the order of the documented header; id and name are required. type may
// also be written kind, and identifiers ids; identifiers are separated by
// semicolons.
var CounterpartyColumns = []string{"id", "name", "country", "address", "type", "identifiers"}

// columnAliases maps other accepted header names to their column.
var columnAliases = map[string]string{"kind": "type", "ids": "identifiers"}

// ParseCounterparties reads a counterparty CSV file, named file in errors:
// a header naming its columns (see CounterpartyColumns, in any order), then
// one counterparty a row. Countries become ISO codes and types entity
// kinds. Nothing is skipped: every problem is a *ParseError naming the
// file, the line and the column, up to twenty of them joined, and then no
// counterparty is returned. An id may appear once.
func ParseCounterparties(file string, r io.Reader) ([]Counterparty, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0 // every row as wide as the header
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &ParseError{File: file, Line: 1, Err: errors.New("empty file: want a header with id and name columns")}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	cols, err := counterpartyHeader(file, header)
	if err != nil {
		return nil, err
	}
	var out []Counterparty
	p := &csvProblems{file: file}
	seen := map[string]int{} // id -> line
	for len(p.errs) < maxProblems {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, csv.ErrFieldCount) {
			p.errs = append(p.errs, csvError(file, err)) // the row is read; go on to the next
			continue
		}
		if err != nil {
			p.errs = append(p.errs, csvError(file, err))
			break
		}
		line, _ := cr.FieldPos(0)
		c := cols.counterparty(row, p.at(line))
		if first, dup := seen[c.ID]; dup && c.ID != "" {
			p.at(line).add("id", "%q is also on line %d", c.ID, first)
		} else {
			seen[c.ID] = line
		}
		out = append(out, c)
	}
	if err := errors.Join(p.errs...); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &ParseError{File: file, Line: 2, Err: errors.New("no counterparty: the file holds a header only")}
	}
	return out, nil
}

// counterpartyCols holds the position of each column in a file, -1 when
// absent.
type counterpartyCols map[string]int

func counterpartyHeader(file string, header []string) (counterpartyCols, error) {
	cols := counterpartyCols{}
	for _, c := range CounterpartyColumns {
		cols[c] = -1
	}
	var errs []error
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if a, ok := columnAliases[name]; ok {
			name = a
		}
		at, known := cols[name]
		switch {
		case !known:
			errs = append(errs, &ParseError{File: file, Line: 1, Field: h,
				Err: fmt.Errorf("unknown column (want %s)", strings.Join(CounterpartyColumns, ", "))})
		case at >= 0:
			errs = append(errs, &ParseError{File: file, Line: 1, Field: h, Err: errors.New("column appears twice")})
		default:
			cols[name] = i
		}
	}
	for _, req := range []string{"id", "name"} {
		if cols[req] < 0 {
			errs = append(errs, &ParseError{File: file, Line: 1, Field: req, Err: errors.New("required column missing from the header")})
		}
	}
	if len(errs) > maxProblems {
		errs = errs[:maxProblems]
	}
	return cols, errors.Join(errs...)
}

// counterparty reads one row, recording its problems in p.
func (cols counterpartyCols) counterparty(row []string, p *rowProblems) Counterparty {
	get := func(col string) string {
		if i := cols[col]; i >= 0 {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var ids []string
	for _, id := range strings.Split(get("identifiers"), ";") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return newCounterparty(Counterparty{ID: get("id"), Name: get("name"), Address: get("address"), Identifiers: ids},
		get("type"), get("country"), "type", p.add)
}

// newCounterparty completes c with its kind and country as people write
// them (types such as "company", country names), and records what is
// wrong with it by field name in add; kindField names the kind's field.
func newCounterparty(c Counterparty, kind, country, kindField string, add func(field, format string, args ...any)) Counterparty {
	k, err := ParseEntityKind(kind)
	if err != nil {
		add(kindField, "%v", err)
	}
	c.Kind = k
	if v := strings.TrimSpace(country); v != "" {
		code, ok := CountryCode(v)
		if !ok {
			add("country", "%q is not a recognised country name or ISO code", v)
		}
		c.Country = code
	}
	pp := &problems{}
	c.check(pp)
	for _, e := range pp.errs {
		var fe *FieldError
		if errors.As(e, &fe) && fe.Field != "type" && fe.Field != "country" {
			add(fe.Field, "%v", fe.Err)
		}
	}
	return c
}

// csvProblems collects the problems of a CSV file, up to maxProblems.
type csvProblems struct {
	file string
	errs []error
}

// at returns a recorder of problems on one line.
func (p *csvProblems) at(line int) *rowProblems { return &rowProblems{p, line} }

type rowProblems struct {
	file *csvProblems
	line int
}

func (r *rowProblems) add(field, format string, args ...any) {
	if len(r.file.errs) < maxProblems {
		r.file.errs = append(r.file.errs, &ParseError{File: r.file.file, Line: r.line, Field: field, Err: fmt.Errorf(format, args...)})
	}
}

// csvError turns an encoding/csv error into a *ParseError with its line.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return &ParseError{File: file, Line: pe.Line, Err: errors.New("the row does not have as many fields as the header")}
		}
		return &ParseError{File: file, Line: pe.Line, Err: pe.Err}
	}
	return &ParseError{File: file, Err: err}
}
