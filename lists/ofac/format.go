// Package ofac parses OFAC's legacy CSV file sets: the SDN list (sdn.csv,
// alt.csv, add.csv, sdn_comments.csv) and the Consolidated non-SDN list
// (cons_prim.csv, cons_alt.csv, cons_add.csv, cons_comments.csv).
//
// The files follow OFAC's dat_spec: no header row, "-0-" for null, CRLF
// record ends, quoted CSV fields and an optional DOS end-of-file byte (0x1A)
// at the end. The primary file holds one row per listed party keyed by
// ent_num; the others hold aliases, addresses and the continuation of
// remarks longer than the primary file's field, keyed by the same ent_num.
//
// The parser reads the small companion files into memory first and then
// streams the primary file, emitting one clearance.Entry per row. The
// Remarks text is kept whole and also mined for structured facts (dates
// and places of birth, nationalities, identity documents, OFAC's "weak"
// aliases, which the legacy files carry only as quoted a.k.a. items in
// Remarks).
package ofac

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/clearancehq/clearance"
)

// Format is the "ofac" import format: one OFAC legacy CSV file set, SDN or
// Consolidated. Parse takes the set's files in any order, recognising each by
// its base name (case-insensitive). The primary file (sdn.csv or
// cons_prim.csv) is required; the others are optional. An unknown file
// name, a set mixing SDN and Consolidated files or a missing primary file
// is an Invalid error naming the file. The legacy files state no date, so
// ParseResult.Published is empty.
var Format clearance.Format = format{}

// formatName is the name of the format in `lists import --format`.
const formatName = "ofac"

type format struct{}

func (format) Name() string { return formatName }

// fileRole says what a file of the set holds.
type fileRole int

const (
	rolePrimary fileRole = iota
	roleAlt
	roleAdd
	roleComments
)

// fileNames maps each recognised base name to its source and role.
var fileNames = map[string]struct {
	source clearance.SourceID
	role   fileRole
}{
	"sdn.csv":           {clearance.SourceOFACSDN, rolePrimary},
	"alt.csv":           {clearance.SourceOFACSDN, roleAlt},
	"add.csv":           {clearance.SourceOFACSDN, roleAdd},
	"sdn_comments.csv":  {clearance.SourceOFACSDN, roleComments},
	"cons_prim.csv":     {clearance.SourceOFACCons, rolePrimary},
	"cons_alt.csv":      {clearance.SourceOFACCons, roleAlt},
	"cons_add.csv":      {clearance.SourceOFACCons, roleAdd},
	"cons_comments.csv": {clearance.SourceOFACCons, roleComments},
}

// fileSet is an identified set of input files, indexed by role.
type fileSet struct {
	source clearance.SourceID
	files  [4]*clearance.File
}

// identify recognises each file by its base name and checks that the set is
// one coherent list with a primary file.
func identify(files []clearance.File) (*fileSet, error) {
	set := &fileSet{}
	for i := range files {
		f := &files[i]
		known, ok := fileNames[strings.ToLower(baseName(f.Name))]
		if !ok {
			return nil, &clearance.ParseError{File: f.Name, Err: errors.New(
				"not a file of an OFAC legacy CSV set (want sdn.csv, alt.csv, add.csv, sdn_comments.csv or their cons_ counterparts)")}
		}
		if set.source != "" && set.source != known.source {
			return nil, &clearance.ParseError{File: f.Name, Err: fmt.Errorf(
				"belongs to %s but the set already holds %s files", known.source, set.source)}
		}
		if prev := set.files[known.role]; prev != nil {
			return nil, &clearance.ParseError{File: f.Name, Err: fmt.Errorf("duplicate of %s", prev.Name)}
		}
		set.source = known.source
		set.files[known.role] = f
	}
	if set.files[rolePrimary] == nil {
		name := "sdn.csv or cons_prim.csv"
		if set.source == clearance.SourceOFACCons {
			name = "cons_prim.csv"
		} else if set.source == clearance.SourceOFACSDN {
			name = "sdn.csv"
		}
		return nil, &clearance.ParseError{File: name, Err: errors.New("primary file missing from the set")}
	}
	return set, nil
}

// baseName returns the last element of a slash- or backslash-separated path.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

func (format) Parse(ctx context.Context, files []clearance.File, emit func(*clearance.Entry) error) (clearance.ParseResult, error) {
	set, err := identify(files)
	if err != nil {
		return clearance.ParseResult{}, err
	}
	res := clearance.ParseResult{Source: set.source, PublishedNote: "not stated in the files"}
	p := &parser{source: set.source}
	if err := p.loadCompanions(ctx, set); err != nil {
		return clearance.ParseResult{}, err
	}
	if err := p.streamPrimary(ctx, set.files[rolePrimary], emit); err != nil {
		return clearance.ParseResult{}, err
	}
	if err := p.checkOrphans(); err != nil {
		return clearance.ParseResult{}, err
	}
	return res, nil
}

// streamPrimary reads the primary file row by row and emits an entry per row.
func (p *parser) streamPrimary(ctx context.Context, f *clearance.File, emit func(*clearance.Entry) error) error {
	r := newReader(f, primaryLayout)
	seen := make(map[string]int)
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		ent := rec.fields[colEntNum]
		if prev, dup := seen[ent]; dup {
			return rec.errorf(colEntNum, "duplicate ent_num %s (first on line %d)", ent, prev)
		}
		seen[ent] = rec.line
		e, err := p.entry(rec)
		if err != nil {
			return err
		}
		if err := emit(e); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return &clearance.ParseError{File: f.Name, Err: errors.New("no records")}
	}
	return nil
}
