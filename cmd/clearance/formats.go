package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/ofac"
	"github.com/clearancehq/clearance/lists/ofacxml"
	"github.com/clearancehq/clearance/lists/uk"
	"github.com/clearancehq/clearance/lists/un"
	"github.com/clearancehq/clearance/lists/uscsl"
)

// formats are the import formats by name.
var formats = map[string]clearance.Format{
	"csl":      uscsl.Format,
	"ofac":     ofac.Format,
	"ofac-xml": ofacxml.Format,
	"un":       un.Format,
	"uk":       uk.Format,
}

func formatNames() string {
	var names []string
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// input is one file to import, opened on demand from the OS or an fs.FS.
type input struct {
	name string // as the user gave it
	open func() (io.ReadCloser, error)
}

func osInput(p string) input {
	return input{name: p, open: func() (io.ReadCloser, error) { return os.Open(p) }}
}

func fsInput(fsys fs.FS, p string) input {
	return input{name: p, open: func() (io.ReadCloser, error) { return fsys.Open(p) }}
}

// bytesInput is a file held in memory: an upload to the API.
func bytesInput(name string, data []byte) input {
	return input{name: name, open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// decoded is an input opened with gzip undone when the bytes are gzip.
type decoded struct {
	clearance.File
	closers []io.Closer
}

func (d *decoded) Close() error {
	var first error
	for i := len(d.closers) - 1; i >= 0; i-- {
		if err := d.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// openDecoded opens an input, undoing gzip compression when the file starts
// with the gzip magic number. The parser sees the name without ".gz".
func openDecoded(in input) (*decoded, error) {
	rc, err := in.open()
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "open %s: %w", in.name, err)
	}
	br := bufio.NewReaderSize(rc, 64<<10)
	d := &decoded{File: clearance.File{Name: path.Base(filepathToSlash(in.name)), R: br}, closers: []io.Closer{rc}}
	magic, _ := br.Peek(2)
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			rc.Close()
			return nil, clearance.Errorf(clearance.Invalid, "%s: not a readable gzip file: %w", in.name, err)
		}
		d.R = &gzipErrReader{r: gz, name: in.name}
		d.Name = strings.TrimSuffix(strings.TrimSuffix(d.Name, ".gz"), ".GZ")
		d.closers = append(d.closers, gz)
	}
	return d, nil
}

// gzipErrReader names the file in decompression errors (a truncated
// download shows up as an unexpected EOF deep inside a parser).
type gzipErrReader struct {
	r    io.Reader
	name string
}

func (g *gzipErrReader) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%s: corrupt or truncated gzip data: %w", g.name, err)
	}
	return n, err
}

func filepathToSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

// hashInputs returns the SHA-256 of the decompressed bytes of all inputs, in
// order, so that the same list recompressed is recognised as unchanged.
func hashInputs(ins []input) (string, error) {
	h := sha256.New()
	for _, in := range ins {
		d, err := openDecoded(in)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00", d.Name)
		_, err = io.Copy(h, d.R)
		d.Close()
		if err != nil {
			return "", clearance.Errorf(clearance.Invalid, "read %s: %w", in.name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// detectSource tells which source a file set belongs to before parsing, so
// that an unchanged file set can be recognised without parsing it.
func detectSource(format string, ins []input) (clearance.SourceID, error) {
	switch format {
	case "csl":
		return clearance.SourceUSCSL, nil
	case "un":
		return clearance.SourceUN, nil
	case "uk":
		return clearance.SourceUK, nil
	case "ofac":
		for _, in := range ins {
			base := strings.ToLower(path.Base(filepathToSlash(in.name)))
			switch {
			case strings.HasPrefix(base, "sdn"):
				return clearance.SourceOFACSDN, nil
			case strings.HasPrefix(base, "cons_"):
				return clearance.SourceOFACCons, nil
			}
		}
		return "", clearance.Errorf(clearance.Invalid, "format ofac: expected sdn.csv or cons_prim.csv among the files")
	case "ofac-xml":
		if len(ins) != 1 {
			return "", clearance.Errorf(clearance.Invalid, "format ofac-xml takes exactly one file, got %d", len(ins))
		}
		d, err := openDecoded(ins[0])
		if err != nil {
			return "", err
		}
		defer d.Close()
		head := make([]byte, 8<<10)
		n, _ := io.ReadFull(d.R, head)
		s := string(head[:n])
		switch {
		case strings.Contains(s, ">SDN List<"):
			return clearance.SourceOFACSDN, nil
		case strings.Contains(s, ">Consolidated List<"):
			return clearance.SourceOFACCons, nil
		}
		base := strings.ToUpper(path.Base(filepathToSlash(ins[0].name)))
		if strings.HasPrefix(base, "SDN") {
			return clearance.SourceOFACSDN, nil
		}
		if strings.HasPrefix(base, "CONS") {
			return clearance.SourceOFACCons, nil
		}
		return "", clearance.Errorf(clearance.Invalid, "%s: not an OFAC enhanced XML file (no SDN List or Consolidated List in its publication info)", ins[0].name)
	}
	return "", clearance.Errorf(clearance.Invalid, "unknown format %q (known: %s)", format, formatNames())
}
