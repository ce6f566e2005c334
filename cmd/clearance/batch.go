package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/clearancehq/clearance"
)

// BatchCmd screens a CSV file.
type BatchCmd struct {
	In         string   `name:"in" required:"" help:"Input CSV with a header and a name column (optional: id, country, address, type)." type:"existingfile" placeholder:"IN.csv"`
	Out        string   `name:"out" required:"" help:"Output CSV report: the input columns, then decision, score, entry_id, entry_name, source." placeholder:"OUT.csv"`
	Threshold  *float64 `name:"threshold" help:"Potential-match threshold (0..1; default from configuration, 0.80)." placeholder:"T"`
	CPUProfile string   `name:"cpuprofile" placeholder:"FILE" help:"Write a CPU profile of the batch to FILE."`
}

// Run screens every row. Rows are screened in parallel and written in input
// order; the report is written to a temporary file renamed into place only
// when every row succeeded, so a failed batch leaves no partial report.
func (c *BatchCmd) Run(app *App) error {
	opts, err := app.matchOptions(c.Threshold)
	if err != nil {
		return err
	}
	// The best hit decides the row; asking for one lets the matcher stop
	// early (ten would make a batch of near-misses several times slower).
	// The audit record of a row therefore holds its best hit. The report
	// and the record name the entry, its list and the name that matched,
	// not the explanation: brief hits.
	opts.Limit = 1
	opts.Brief = true
	if c.CPUProfile != "" {
		stop, err := startCPUProfile(c.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	f, input, header, inHash, err := openBatch(c.In)
	if err != nil {
		return err
	}
	defer f.Close()
	s, err := app.Screener()
	if err != nil {
		return err
	}
	boundMemory()
	tmp, err := os.CreateTemp(filepath.Dir(absPath(c.Out)), ".clearance-batch-*.csv")
	if err != nil {
		return clearance.Errorf(clearance.Invalid, "output: %w", err)
	}
	defer os.Remove(tmp.Name())
	outHash := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(tmp, outHash), 256<<10)
	w := csv.NewWriter(bw)
	if err := w.Write(append(slices.Clone(header), "decision", "score", "entry_id", "entry_name", "source")); err != nil {
		tmp.Close()
		return err
	}
	// The rows with potential matches wait on disk, not in memory, to be
	// recorded with the run.
	spill, err := newHitSpill(filepath.Dir(absPath(c.Out)), filepath.Base(c.In))
	if err != nil {
		tmp.Close()
		return err
	}
	defer spill.remove()
	screen := func(sc *clearance.Screening, q clearance.Query) error { return s.ScreenInto(sc, q, opts) }
	stats, err := runBatch(app.ctx, input, screen, max(1, app.cfg.Workers), w, spill.add,
		newProgress(app.stderr, "screening"))
	if err == nil {
		w.Flush()
		err = errors.Join(w.Error(), bw.Flush())
	}
	if err = errors.Join(err, tmp.Close()); err != nil {
		return err
	}
	// The run is recorded before its report appears: no report without
	// its audit records.
	run := batchRun{in: c.In, out: c.Out, inHash: inHash, outHash: outHash, opts: opts, screener: s, stats: stats, hits: spill}
	if err := app.auditStream(run.records(app)); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), c.Out); err != nil {
		return clearance.Errorf(clearance.Invalid, "write %s: %w", c.Out, err)
	}
	fmt.Fprintf(app.stderr, "Screened %d names in %s (%.0f/s): %d potential matches, %d clear. Report: %s\n",
		stats.rows, stats.took.Round(time.Millisecond), float64(stats.rows)/stats.took.Seconds(), stats.hits, stats.rows-stats.hits, c.Out)
	return nil
}

// openBatch opens the input CSV and reads its header. The input's bytes
// are hashed, for the audit record, as the rows stream past.
func openBatch(file string) (*os.File, batchInput, []string, hash.Hash, error) {
	in, err := os.Open(file)
	if err != nil {
		return nil, batchInput{}, nil, nil, clearance.Errorf(clearance.Invalid, "open input: %w", err)
	}
	sum := sha256.New()
	r := csv.NewReader(bufio.NewReaderSize(io.TeeReader(in, sum), 256<<10))
	r.ReuseRecord = true // rows are copied into recycled chunks
	header, err := r.Read()
	if err == nil {
		header = slices.Clone(header)
		var cols batchCols
		if cols, err = batchColumns(file, header); err == nil {
			return in, batchInput{file: file, r: r, cols: cols}, header, sum, nil
		}
	} else if errors.Is(err, io.EOF) {
		err = clearance.Errorf(clearance.Invalid, "%s: empty file: expected a header with a name column", file)
	} else {
		err = clearance.Errorf(clearance.Invalid, "%s: %w", file, err)
	}
	in.Close()
	return nil, batchInput{}, nil, nil, err
}

// batchChunkRows is how many rows travel together through the pipeline:
// enough that channel operations and reordering cost nothing per row, few
// enough that the rows in flight stay small.
const batchChunkRows = 256

// batchInput is the CSV being screened, past its header.
type batchInput struct {
	file string
	r    *csv.Reader
	cols batchCols
}

// batchChunk is a run of consecutive rows with their results. Chunks are
// recycled, with their rows' field slices, once written.
type batchChunk struct {
	seq  int
	rows []batchRow
	err  error // the first row that failed to screen
}

type batchRow struct {
	line   int
	fields []string
	query  clearance.Query
	res    batchResult
}

// batchResult is what a row's screening puts in the report and the audit
// log.
type batchResult struct {
	hits   []clearance.AuditHit // every hit, best first; none when clear
	source string               // the list of the best hit, as the report names it
}

func newBatchResult(s *clearance.Screening) batchResult {
	if len(s.Hits) == 0 {
		return batchResult{}
	}
	return batchResult{hits: clearance.AuditHits(s.Hits), source: s.Hits[0].Source}
}

type batchStats struct {
	rows, hits int
	took       time.Duration
}

// runBatch reads rows in chunks, screens the chunks on workers goroutines
// and writes the rows in input order, handing each row with potential
// matches to hit (nil: none). At most 4 chunks per worker are in flight,
// so memory stays flat however large the input and however long one slow
// chunk holds up the ordered output. The first error stops the reading and
// is returned once the chunks in flight have drained.
func runBatch(ctx context.Context, in batchInput, screen func(*clearance.Screening, clearance.Query) error,
	workers int, w *csv.Writer, hit func(batchHitRow) error, prog *progress) (batchStats, error) {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	free := make(chan *batchChunk, 4*workers) // recycled chunks; also the bound on chunks in flight
	for range cap(free) {
		free <- &batchChunk{rows: make([]batchRow, 0, batchChunkRows)}
	}
	jobs := make(chan *batchChunk, cap(free))
	done := make(chan *batchChunk, cap(free))
	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		readErr <- readChunks(ctx, in, free, jobs)
	}()
	memo := newBatchMemo()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var key []byte
			var sc clearance.Screening // each row's, reused: a row keeps its AuditHits
			for ch := range jobs {
				key = screenChunk(ctx, ch, screen, &sc, memo, key)
				done <- ch
			}
		})
	}
	go func() { wg.Wait(); close(done) }()

	var stats batchStats
	var firstErr error
	pending := map[int]*batchChunk{}
	next := 0
	out := make([]string, 0, 16)
	for ch := range done {
		pending[ch.seq] = ch
		for ch, ok := pending[next]; ok; ch, ok = pending[next] {
			delete(pending, next)
			next++
			if firstErr == nil {
				firstErr = ch.err
			}
			for i := 0; firstErr == nil && i < len(ch.rows); i++ {
				row := &ch.rows[i]
				out = appendResult(append(out[:0], row.fields...), row.res)
				if err := w.Write(out); err != nil {
					firstErr = err
				}
				stats.rows++
				if len(row.res.hits) > 0 {
					stats.hits++
					if hit != nil && firstErr == nil {
						firstErr = hit(batchHitRow{row.line, row.query, row.res.hits})
					}
				}
			}
			prog.add(len(ch.rows))
			if firstErr != nil {
				cancel()
			}
			free <- ch
		}
	}
	prog.finish()
	if err := <-readErr; err != nil && (firstErr == nil || !errors.Is(err, context.Canceled)) {
		return stats, err
	}
	stats.took = time.Since(start)
	return stats, firstErr
}

// readChunks fills chunks from the input and sends them to jobs, in order.
func readChunks(ctx context.Context, in batchInput, free <-chan *batchChunk, jobs chan<- *batchChunk) error {
	for seq := 0; ; seq++ {
		var ch *batchChunk
		select {
		case ch = <-free:
		case <-ctx.Done():
			return ctx.Err()
		}
		ch.seq, ch.err, ch.rows = seq, nil, ch.rows[:0]
		for len(ch.rows) < batchChunkRows {
			fields, err := in.r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			line, _ := in.r.FieldPos(0)
			if err != nil {
				return clearance.Errorf(clearance.Invalid, "%s: %w", in.file, err)
			}
			ch.rows = ch.rows[:len(ch.rows)+1]
			row := &ch.rows[len(ch.rows)-1]
			row.line, row.res = line, batchResult{}
			row.fields = append(row.fields[:0], fields...)
			if row.query, err = in.cols.query(in.file, line, row.fields); err != nil {
				return err
			}
		}
		if len(ch.rows) == 0 {
			return nil
		}
		jobs <- ch
		if len(ch.rows) < batchChunkRows {
			return nil
		}
	}
}

// screenChunk screens the rows of a chunk, stopping at the first failure or
// when the batch is cancelled. A query the memo holds is not screened
// again. key is storage for the memo's keys, returned for the next chunk.
func screenChunk(ctx context.Context, ch *batchChunk, screen func(*clearance.Screening, clearance.Query) error,
	sc *clearance.Screening, memo *batchMemo, key []byte) []byte {
	if err := ctx.Err(); err != nil {
		ch.err = err
		return key
	}
	for i := range ch.rows {
		row := &ch.rows[i]
		remember := memo.on()
		if remember {
			key = appendQueryKey(key[:0], row.query)
			if r, ok := memo.get(key); ok {
				row.res = r
				continue
			}
		}
		if err := screen(sc, row.query); err != nil {
			ch.err = fmt.Errorf("line %d: %w", row.line, err)
			return key
		}
		row.res = newBatchResult(sc)
		if remember {
			memo.put(string(key), row.res)
		}
	}
	return key
}

// appendResult appends the result columns of a row to its input columns.
func appendResult(out []string, r batchResult) []string {
	if len(r.hits) == 0 {
		return append(out, "clear", "", "", "", "")
	}
	h := &r.hits[0]
	return append(out, "potential_match", strconv.FormatFloat(h.Score, 'f', 4, 64), h.EntryID, h.EntryName, r.source)
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
		k, err := clearance.ParseEntityKind(f[c.kind])
		if err != nil {
			return q, clearance.Errorf(clearance.Invalid, "%s line %d field \"type\": %v", file, line, err)
		}
		q.Kind = k
	}
	return q, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
