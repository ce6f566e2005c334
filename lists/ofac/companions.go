package ofac

import (
	"context"
	"errors"
	"io"

	"github.com/clearancehq/clearance"
)

// parser holds the state of one Parse call: the companion files' rows keyed
// by ent_num, consumed as the primary file is streamed.
type parser struct {
	source clearance.SourceID
	// rows[role][ent_num] holds the rows of the alt, add and comments files.
	rows [4]map[string][]record
}

// companionLayouts gives the layout of each companion file by role.
var companionLayouts = [4]layout{roleAlt: altLayout, roleAdd: addLayout, roleComments: commentsLayout}

// loadCompanions reads the alt, add and comments files into memory. They are
// small (tens of thousands of short rows) next to the primary file.
func (p *parser) loadCompanions(ctx context.Context, set *fileSet) error {
	for _, role := range []fileRole{roleAlt, roleAdd, roleComments} {
		p.rows[role] = make(map[string][]record)
		f := set.files[role]
		if f == nil {
			continue
		}
		if err := p.loadFile(ctx, f, role); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) loadFile(ctx context.Context, f *clearance.File, role fileRole) error {
	r := newReader(f, companionLayouts[role])
	m := p.rows[role]
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
		m[ent] = append(m[ent], rec)
		n++
	}
	// A companion file may rightly hold no rows, but then it is a complete
	// OFAC file only if it carries the end-of-file mark; a zero-byte file is
	// more likely a failed download.
	if n == 0 && !r.sawMark() {
		return &clearance.ParseError{File: f.Name, Err: errors.New("empty file (no records and no end-of-file mark)")}
	}
	return nil
}

// take returns and forgets the companion rows of one ent_num, so that the
// rows left at the end are exactly the orphans.
func (p *parser) take(role fileRole, ent string) []record {
	rows := p.rows[role][ent]
	delete(p.rows[role], ent)
	return rows
}

// checkOrphans reports the first companion row, by file and line, whose
// ent_num had no row in the primary file: the set is inconsistent.
func (p *parser) checkOrphans() error {
	for _, role := range []fileRole{roleAlt, roleAdd, roleComments} {
		var first *record
		for _, rows := range p.rows[role] {
			if r := &rows[0]; first == nil || r.line < first.line {
				first = r
			}
		}
		if first != nil {
			return first.errorf(colEntNum, "ent_num %s has no record in the primary file (inconsistent file set)",
				first.fields[colEntNum])
		}
	}
	return nil
}
