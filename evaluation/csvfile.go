package evaluation

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/clearancehq/clearance"
)

// csvFile reads a CSV file with a header, by column name, and reports bad
// input with the file name, line and field.
type csvFile struct {
	name string
	r    *csv.Reader
	cols map[string]int
	rec  []string
	line int
}

// openCSV opens path and reads its header; the columns in required must be
// present. The caller closes the returned closer.
func openCSV(path string, required ...string) (*csvFile, io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, clearance.Errorf(clearance.Invalid, "open evaluation set: %w", err)
	}
	c, err := newCSV(path, f, required...)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return c, f, nil
}

func newCSV(name string, r io.Reader, required ...string) (*csvFile, error) {
	c := &csvFile{name: name, r: csv.NewReader(r), cols: map[string]int{}}
	c.r.FieldsPerRecord = 0
	header, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, clearance.Errorf(clearance.Invalid, "%s: empty file, expected a header with columns %s", name, strings.Join(required, ", "))
	}
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "%s: %w", name, err)
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		c.cols[h] = i
	}
	for _, want := range required {
		if _, ok := c.cols[want]; !ok {
			return nil, clearance.Errorf(clearance.Invalid, "%s line 1: no %q column in header %q", name, want, strings.Join(header, ","))
		}
	}
	return c, nil
}

// next reads the next record; it returns false at the end of the file or on
// an error, which err then returns.
func (c *csvFile) next() (bool, error) {
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, clearance.Errorf(clearance.Invalid, "%s: %w", c.name, err)
	}
	c.rec = rec
	c.line, _ = c.r.FieldPos(0)
	return true, nil
}

// get returns the trimmed value of a column of the current record ("" when
// the column is absent from the header).
func (c *csvFile) get(col string) string {
	i, ok := c.cols[col]
	if !ok || i >= len(c.rec) {
		return ""
	}
	return strings.TrimSpace(c.rec[i])
}

// errorf returns an Invalid error naming the file, the current line and the
// field.
func (c *csvFile) errorf(field, format string, args ...any) error {
	args = append([]any{c.name, c.line, field}, args...)
	return clearance.Errorf(clearance.Invalid, "%s line %d field %q: "+format, args...)
}
