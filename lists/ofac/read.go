package ofac

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// layout is the column layout of one file of the set, from OFAC's
// dat_spec.txt; the names are OFAC's own and are used in errors and in
// Entry.Raw. The text column, if any (text >= 0), keeps its spaces: OFAC
// cuts long remarks anywhere, even next to a space, and continues them in
// the comments file.
type layout struct {
	cols []string
	text int
}

var (
	primaryLayout = layout{[]string{"ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign",
		"Vess_type", "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks"}, colRemarks}
	altLayout      = layout{[]string{"ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"}, -1}
	addLayout      = layout{[]string{"ent_num", "add_num", "Address", "City/State/Province/Postal Code", "Country", "Add_remarks"}, -1}
	commentsLayout = layout{[]string{"ent_num", "Remarks_Extended"}, colRemarksExtended}
)

// Column indexes into the layouts above.
const (
	colEntNum = 0

	colName, colType, colProgram, colTitle                    = 1, 2, 3, 4
	colCallSign, colVessType, colTonnage, colGRT, colVessFlag = 5, 6, 7, 8, 9
	colVessOwner, colRemarks                                  = 10, 11

	colAltType, colAltName = 2, 3

	colAddress, colCity, colCountry = 2, 3, 4

	colRemarksExtended = 1
)

// eofMark is the DOS end-of-file byte that OFAC appends to its files.
const eofMark = 0x1A

// record is one row of a legacy CSV file. Fields are trimmed, but for the
// layout's text column, and the null marker "-0-" is replaced by "".
type record struct {
	file   string
	line   int
	cols   []string
	fields []string
}

// errorf returns a ParseError naming the record's file, line and a column.
func (r *record) errorf(col int, format string, args ...any) error {
	return &clearance.ParseError{File: r.file, Line: r.line, Field: r.cols[col], Err: fmt.Errorf(format, args...)}
}

// reader reads the records of one legacy CSV file.
type reader struct {
	file string
	layout
	src *markReader
	csv *csv.Reader
}

func newReader(f *clearance.File, l layout) *reader {
	src := &markReader{r: bufio.NewReader(f.R)}
	c := csv.NewReader(src)
	c.FieldsPerRecord = -1
	c.ReuseRecord = true
	return &reader{file: f.Name, layout: l, src: src, csv: c}
}

// next returns the next record, or io.EOF after the last one.
func (r *reader) next() (record, error) {
	fields, err := r.csv.Read()
	if err == io.EOF {
		return record{}, io.EOF
	}
	if err != nil {
		var ce *csv.ParseError
		if errors.As(err, &ce) {
			return record{}, &clearance.ParseError{File: r.file, Line: ce.Line, Err: ce.Err}
		}
		return record{}, &clearance.ParseError{File: r.file, Err: err}
	}
	line, _ := r.csv.FieldPos(0)
	rec := record{file: r.file, line: line, cols: r.cols}
	if len(fields) != len(r.cols) {
		return record{}, &clearance.ParseError{File: r.file, Line: line,
			Err: fmt.Errorf("%d fields, want %d (%s)", len(fields), len(r.cols), strings.Join(r.cols, ", "))}
	}
	rec.fields = make([]string, len(fields))
	for i, f := range fields {
		if !utf8.ValidString(f) {
			return record{}, rec.errorf(i, "invalid UTF-8")
		}
		t := strings.TrimSpace(f)
		switch {
		case t == "-0-":
		case i == r.text:
			rec.fields[i] = f
		default:
			rec.fields[i] = t
		}
	}
	if err := checkEntNum(rec.fields[colEntNum]); err != nil {
		return record{}, rec.errorf(colEntNum, "%v", err)
	}
	return rec, nil
}

// sawMark reports whether the file ended with OFAC's end-of-file byte: a
// complete file, even when it holds no records.
func (r *reader) sawMark() bool { return r.src.mark }

// checkEntNum checks that an ent_num is a decimal number.
func checkEntNum(s string) error {
	if s == "" {
		return errors.New("ent_num is empty")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return fmt.Errorf("ent_num %q is not a number", s)
		}
	}
	return nil
}

// markReader drops a UTF-8 byte-order mark at the start of the stream and a
// DOS end-of-file byte at its very end. An 0x1A anywhere else is data, so a
// stray mark inside the file surfaces as a malformed record.
type markReader struct {
	r       *bufio.Reader
	started bool
	mark    bool
}

func (m *markReader) Read(p []byte) (int, error) {
	if !m.started {
		m.started = true
		if b, err := m.r.Peek(3); err == nil && string(b) == "\uFEFF" {
			m.r.Discard(3)
		}
	}
	n, err := m.r.Read(p)
	if n > 0 && p[n-1] == eofMark {
		if _, perr := m.r.Peek(1); perr == io.EOF {
			n--
			m.mark = true
			if n == 0 {
				return 0, io.EOF
			}
		}
	}
	return n, err
}
