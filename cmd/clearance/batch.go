package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// BatchCmd screens a CSV file.
type BatchCmd struct {
	In        string   `name:"in" required:"" help:"Input CSV with a header and a name column (optional: id, country, address, type)." type:"existingfile" placeholder:"IN.csv"`
	Out       string   `name:"out" required:"" help:"Output CSV report: the input columns, then decision, score, entry_id, entry_name, source." placeholder:"OUT.csv"`
	Threshold *float64 `name:"threshold" help:"Potential-match threshold (0..1; default from configuration, 0.80)." placeholder:"T"`
}

// batchRow is one input row on its way through the workers.
type batchRow struct {
	seq    int
	line   int
	fields []string
	query  clearance.Query
	out    []string
	err    error
}

// Run screens every row. Rows are screened in parallel and written in input
// order; the report is written to a temporary file renamed into place only
// when every row succeeded, so a failed batch leaves no partial report.
func (c *BatchCmd) Run(app *App) error {
	opts, err := app.matchOptions(c.Threshold)
	if err != nil {
		return err
	}
	opts.Limit = 1
	in, err := os.Open(c.In)
	if err != nil {
		return clearance.Errorf(clearance.Invalid, "open input: %w", err)
	}
	defer in.Close()
	r := csv.NewReader(bufio.NewReaderSize(in, 256<<10))
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return clearance.Errorf(clearance.Invalid, "%s: empty file: expected a header with a name column", c.In)
		}
		return clearance.Errorf(clearance.Invalid, "%s: %w", c.In, err)
	}
	cols, err := batchColumns(c.In, header)
	if err != nil {
		return err
	}
	s, err := app.Screener()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(absPath(c.Out)), ".clearance-batch-*.csv")
	if err != nil {
		return clearance.Errorf(clearance.Invalid, "output: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 256<<10)
	w := csv.NewWriter(bw)
	if err := w.Write(append(append([]string{}, header...), "decision", "score", "entry_id", "entry_name", "source")); err != nil {
		return err
	}
	stats, err := c.pipeline(app, r, cols, s, opts, w)
	if err != nil {
		tmp.Close()
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), c.Out); err != nil {
		return clearance.Errorf(clearance.Invalid, "write %s: %w", c.Out, err)
	}
	fmt.Fprintf(app.stderr, "Screened %d names in %s (%.0f/s): %d potential matches, %d clear. Report: %s\n",
		stats.rows, stats.took.Round(time.Millisecond), float64(stats.rows)/stats.took.Seconds(), stats.hits, stats.rows-stats.hits, c.Out)
	return nil
}

type batchStats struct {
	rows, hits int
	took       time.Duration
}

// pipeline reads rows, screens them on cfg.Workers goroutines and writes the
// results in input order.
func (c *BatchCmd) pipeline(app *App, r *csv.Reader, cols batchCols, s *clearance.Screener, opts match.Options, w *csv.Writer) (batchStats, error) {
	start := time.Now()
	workers := max(1, app.cfg.Workers)
	jobs := make(chan *batchRow, workers*64)
	done := make(chan *batchRow, workers*64)
	// window bounds the rows in flight, so memory stays flat however large
	// the input and however one slow row holds up the ordered output.
	window := make(chan struct{}, workers*256)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for row := range jobs {
				row.out, row.err = screenRow(s, row, opts)
				done <- row
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		for seq := 0; ; seq++ {
			if err := app.ctx.Err(); err != nil {
				readErr <- err
				return
			}
			fields, err := r.Read()
			if errors.Is(err, io.EOF) {
				readErr <- nil
				return
			}
			line, _ := r.FieldPos(0)
			if err != nil {
				readErr <- clearance.Errorf(clearance.Invalid, "%s: %w", c.In, err)
				return
			}
			row := &batchRow{seq: seq, line: line, fields: fields}
			if row.query, err = cols.query(c.In, line, fields); err != nil {
				readErr <- err
				return
			}
			window <- struct{}{}
			jobs <- row
		}
	}()
	go func() { wg.Wait(); close(done) }()

	prog := newProgress(app.stderr, "screening")
	pending := map[int]*batchRow{}
	next := 0
	var stats batchStats
	var firstErr error
	for row := range done {
		if row.err != nil && firstErr == nil {
			firstErr = row.err
		}
		pending[row.seq] = row
		for r, ok := pending[next]; ok; r, ok = pending[next] {
			delete(pending, next)
			next++
			<-window
			if firstErr != nil {
				continue
			}
			if err := w.Write(r.out); err != nil {
				firstErr = err
				continue
			}
			stats.rows++
			if r.out[len(r.out)-5] == "potential_match" {
				stats.hits++
			}
			prog.add(1)
		}
	}
	prog.finish()
	if err := <-readErr; err != nil {
		return stats, err
	}
	stats.took = time.Since(start)
	return stats, firstErr
}

func screenRow(s *clearance.Screener, row *batchRow, opts match.Options) ([]string, error) {
	res, err := s.Screen(row.query, opts)
	if err != nil {
		return nil, fmt.Errorf("line %d: %w", row.line, err)
	}
	out := append(append([]string{}, row.fields...), "clear", "", "", "", "")
	n := len(row.fields)
	if len(res.Hits) > 0 {
		h := res.Hits[0]
		out[n] = "potential_match"
		out[n+1] = strconv.FormatFloat(h.Score, 'f', 4, 64)
		out[n+2], out[n+3], out[n+4] = h.EntryID, h.EntryName, h.Source
	}
	return out, nil
}

// batchCols locates the known columns of a batch input.
type batchCols struct {
	name, id, country, address, kind int
}

func batchColumns(file string, header []string) (batchCols, error) {
	c := batchCols{name: -1, id: -1, country: -1, address: -1, kind: -1}
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "name":
			c.name = i
		case "id":
			c.id = i
		case "country":
			c.country = i
		case "address":
			c.address = i
		case "type", "kind":
			c.kind = i
		}
	}
	if c.name < 0 {
		return c, clearance.Errorf(clearance.Invalid, "%s line 1: no name column in header %q", file, strings.Join(header, ","))
	}
	return c, nil
}

func (c batchCols) query(file string, line int, f []string) (clearance.Query, error) {
	q := clearance.Query{Name: strings.TrimSpace(f[c.name])}
	if q.Name == "" {
		return q, clearance.Errorf(clearance.Invalid, "%s line %d field \"name\": empty name", file, line)
	}
	if c.country >= 0 {
		if v := strings.TrimSpace(f[c.country]); v != "" {
			if _, ok := clearance.CountryCode(v); !ok {
				return q, clearance.Errorf(clearance.Invalid, "%s line %d field \"country\": %q is not a recognised country", file, line, v)
			}
			q.Country = v
		}
	}
	if c.address >= 0 {
		q.Address = f[c.address]
	}
	if c.kind >= 0 {
		k, err := parseKind(f[c.kind])
		if err != nil {
			return q, clearance.Errorf(clearance.Invalid, "%s line %d field \"type\": %v", file, line, err)
		}
		q.Kind = k
	}
	return q, nil
}

// parseKind maps the entity types people write to entity kinds.
func parseKind(s string) (clearance.EntityKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return clearance.KindUnknown, nil
	case "person", "individual":
		return clearance.KindPerson, nil
	case "organization", "organisation", "entity", "company", "business":
		return clearance.KindOrganization, nil
	case "vessel", "ship":
		return clearance.KindVessel, nil
	case "aircraft":
		return clearance.KindAircraft, nil
	}
	return "", fmt.Errorf("unknown type %q (want person, organization, vessel or aircraft)", s)
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
