package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// batchHitRow is a batch row with potential matches, as the audit log
// keeps it.
type batchHitRow struct {
	line  int
	query clearance.Query
	hits  []clearance.AuditHit
}

// batchRun is a finished batch, to be recorded.
type batchRun struct {
	in, out         string
	inHash, outHash hash.Hash
	opts            match.Options
	screener        *clearance.Screener
	stats           batchStats
	hits            *hitSpill // the rows with potential matches
}

// batchAudit is the payload of an AuditBatch record.
type batchAudit struct {
	Input        string                 `json:"input"`
	InputSHA256  string                 `json:"input_sha256"`
	Output       string                 `json:"output"`
	OutputSHA256 string                 `json:"output_sha256"`
	Rows         int                    `json:"rows"`
	Potential    int                    `json:"potential_matches"`
	Clear        int                    `json:"clear"`
	Threshold    float64                `json:"threshold"`
	OptionsHash  string                 `json:"options_hash"`
	Algorithm    string                 `json:"algorithm"`
	Versions     []clearance.VersionRef `json:"list_versions"`
	TookMillis   int64                  `json:"took_ms"`
}

// batchHitAudit is the payload of an AuditBatchHit record.
type batchHitAudit struct {
	Input      string                    `json:"input"`
	Line       int                       `json:"line"`
	Query      clearance.Query           `json:"query"`
	Normalized clearance.NormalizedQuery `json:"normalized"`
	Hits       []clearance.AuditHit      `json:"hits"`
}

// records yields the run's audit records: one for the run, then one per
// row with potential matches, in input order, read back from the spill.
// They share the command's request id.
func (b *batchRun) records(app *App) iter.Seq2[clearance.AuditRecord, error] {
	name := filepath.Base(b.in)
	st := b.stats
	run := clearance.AuditRecord{
		Actor: app.cfg.Actor, RequestID: app.requestID, Action: clearance.AuditBatch, Subject: name,
		Payload: clearance.AuditPayload(batchAudit{
			Input: name, InputSHA256: hex.EncodeToString(b.inHash.Sum(nil)),
			Output: filepath.Base(b.out), OutputSHA256: hex.EncodeToString(b.outHash.Sum(nil)),
			Rows: st.rows, Potential: st.hits, Clear: st.rows - st.hits,
			Threshold: b.opts.Threshold, OptionsHash: b.opts.Hash(), Algorithm: b.opts.Algorithm,
			Versions: b.screener.Versions(), TookMillis: st.took.Round(time.Millisecond).Milliseconds(),
		}),
	}
	return func(yield func(clearance.AuditRecord, error) bool) {
		if !yield(run, nil) {
			return
		}
		for h, err := range b.hits.rows() {
			if err != nil {
				yield(clearance.AuditRecord{}, err)
				return
			}
			if !yield(clearance.AuditRecord{
				Actor: app.cfg.Actor, RequestID: app.requestID, Action: clearance.AuditBatchHit,
				Subject: fmt.Sprintf("%s line %d", name, h.line), Payload: h.payload,
			}, nil) {
				return
			}
		}
	}
}

// hitSpill keeps a batch's rows with potential matches on disk until the
// run is recorded, one line each: the row's line number, a tab, and its
// audit payload (JSON, which holds no raw newline). Memory stays flat
// however many rows match.
type hitSpill struct {
	input string // the input's base name, as payloads name it
	f     *os.File
	w     *bufio.Writer
	buf   []byte
}

// newHitSpill creates the spill file in dir.
func newHitSpill(dir, input string) (*hitSpill, error) {
	f, err := os.CreateTemp(dir, ".clearance-batch-*.hits")
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "batch: potential matches file: %w", err)
	}
	return &hitSpill{input: input, f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// add writes a row with potential matches.
func (s *hitSpill) add(r batchHitRow) error {
	s.buf = strconv.AppendInt(s.buf[:0], int64(r.line), 10)
	s.buf = append(s.buf, '\t')
	s.buf = append(s.buf, clearance.AuditPayload(batchHitAudit{Input: s.input, Line: r.line, Query: r.query,
		Normalized: r.query.Normalize(), Hits: r.hits})...)
	s.buf = append(s.buf, '\n')
	if _, err := s.w.Write(s.buf); err != nil {
		return fmt.Errorf("batch: write potential matches to %s: %w", s.f.Name(), err)
	}
	return nil
}

// spilledRow is a row read back from a hitSpill.
type spilledRow struct {
	line    int
	payload json.RawMessage
}

// rows yields the rows written, from the start of the file.
func (s *hitSpill) rows() iter.Seq2[spilledRow, error] {
	return func(yield func(spilledRow, error) bool) {
		fail := func(err error) {
			yield(spilledRow{}, fmt.Errorf("batch: read potential matches from %s: %w", s.f.Name(), err))
		}
		if err := s.w.Flush(); err != nil {
			fail(err)
			return
		}
		if _, err := s.f.Seek(0, io.SeekStart); err != nil {
			fail(err)
			return
		}
		r := bufio.NewReaderSize(s.f, 256<<10)
		for {
			l, err := r.ReadBytes('\n')
			if errors.Is(err, io.EOF) && len(l) == 0 {
				return
			}
			if err != nil {
				fail(err)
				return
			}
			num, payload, ok := bytes.Cut(bytes.TrimSuffix(l, []byte("\n")), []byte("\t"))
			line, perr := strconv.Atoi(string(num))
			if !ok || perr != nil {
				fail(fmt.Errorf("malformed line %q", l))
				return
			}
			if !yield(spilledRow{line, payload}, nil) {
				return
			}
		}
	}
}

// remove closes and deletes the spill file.
func (s *hitSpill) remove() {
	s.f.Close()
	os.Remove(s.f.Name())
}
