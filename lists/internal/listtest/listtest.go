// Package listtest holds what the tests of the list parsers share: the
// contract of clearance.Format (every entry has a name, validates and has
// an id of its own; every failure is a *clearance.ParseError; a cancelled
// context and a failing emit stop the parse), checked on any parse and on
// fuzz input alike, and golden files with an -update flag.
package listtest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// Parse parses files with f and returns what it emitted, failing t for any
// entry or error that breaks the contract of clearance.Format: an entry
// with a blank name, one that does not validate, an id emitted twice, an
// error that is not a *clearance.ParseError of kind Invalid.
func Parse(t testing.TB, f clearance.Format, files ...clearance.File) (clearance.ParseResult, []*clearance.Entry, error) {
	t.Helper()
	var out []*clearance.Entry
	ids := make(map[string]bool)
	res, err := f.Parse(context.Background(), files, func(e *clearance.Entry) error {
		if strings.TrimSpace(e.Name) == "" {
			t.Errorf("%s: entry %s has a blank name", f.Name(), e.ID)
		}
		if err := e.Validate(); err != nil {
			t.Errorf("%s: emitted an invalid entry: %v", f.Name(), err)
		}
		if ids[e.ID] {
			t.Errorf("%s: entry id %s emitted twice", f.Name(), e.ID)
		}
		ids[e.ID] = true
		out = append(out, e)
		return nil
	})
	var pe *clearance.ParseError
	if err != nil && (!errors.As(err, &pe) || clearance.KindOf(err) != clearance.Invalid) {
		t.Errorf("%s: Parse() = %v, want nil or a *clearance.ParseError of kind invalid", f.Name(), err)
	}
	return res, out, err
}

// ParseError returns err as a *clearance.ParseError, failing t at once
// unless it is one, of kind Invalid, naming file.
func ParseError(t testing.TB, err error, file string) *clearance.ParseError {
	t.Helper()
	var pe *clearance.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("Parse() = %v, want a *clearance.ParseError", err)
	}
	if k := clearance.KindOf(err); k != clearance.Invalid {
		t.Errorf("Parse() error kind = %v, want invalid (%v)", k, err)
	}
	if pe.File != file {
		t.Errorf("Parse() error names file %q, want %q (%v)", pe.File, file, err)
	}
	return pe
}

// Cancel checks that parsing the files open returns, which must hold more
// than three entries, stops with context.Canceled before the first entry
// when the context is cancelled already, and after the third when it is
// cancelled then; and that it stops with emit's error when emit fails.
func Cancel(t *testing.T, f clearance.Format, open func() []clearance.File) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := 0
	_, err := f.Parse(ctx, open(), func(*clearance.Entry) error { n++; return nil })
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("Parse with a cancelled context = %d entries, %v; want 0, context.Canceled", n, err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	n = 0
	_, err = f.Parse(ctx, open(), func(*clearance.Entry) error {
		n++
		if n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 3 {
		t.Errorf("Parse with the context cancelled after 3 entries = %d entries, %v; want 3, context.Canceled", n, err)
	}
	stop := errors.New("stop")
	n = 0
	_, err = f.Parse(context.Background(), open(), func(*clearance.Entry) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Parse with a failing emit = %d entries, %v; want 1, the emit error", n, err)
	}
}

// Open reads the files at paths and returns a function that opens them
// afresh as clearance.Files named by their base names, for Cancel.
func Open(t testing.TB, paths ...string) func() []clearance.File {
	t.Helper()
	var data [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, b)
	}
	return func() []clearance.File {
		var files []clearance.File
		for i, p := range paths {
			files = append(files, clearance.File{Name: filepath.Base(p), R: bytes.NewReader(data[i])})
		}
		return files
	}
}

// CheckError checks a ParseError (see ParseError) against what a test of
// malformed input wants: the line when line is not 0, and a Field and a
// message containing field and msg.
func CheckError(t testing.TB, err error, file string, line int, field, msg string) {
	t.Helper()
	pe := ParseError(t, err, file)
	if line != 0 && pe.Line != line {
		t.Errorf("Parse() error line = %d, want %d (%v)", pe.Line, line, err)
	}
	if !strings.Contains(pe.Field, field) {
		t.Errorf("Parse() error field = %q, want it to contain %q (%v)", pe.Field, field, err)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("Parse() error = %q, want it to contain %q", err, msg)
	}
}

// Golden compares got with the golden file at path, line by line; with
// -update it writes got to the file instead.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
	}
}

// ReadGzip returns the content of the gzip file at path.
func ReadGzip(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
