package clearance

import (
	"context"
	"sync"
	"time"
)

// AuditWriter appends records for many concurrent callers with group
// commit: while one append is being committed, the records that arrive
// queue, and the next append writes them all in one transaction. Each
// caller still returns only once its record is committed, so a response is
// never sent for a screening the log does not hold, and a busy server pays
// one transaction for many requests rather than one each.
//
// When recent appends held records of several callers each, the next waits
// a moment (Linger) for more before it begins, as PostgreSQL's commit_delay
// does: under concurrent load each transaction then carries more records,
// and a lone caller on a quiet server is not delayed.
type AuditWriter struct {
	Log AuditLog
	// MaxBatch bounds the records of one append; 512 when zero.
	MaxBatch int
	// Linger is how long an append waits for more callers' records when
	// recent ones held several: 200µs when zero, none when negative.
	Linger time.Duration

	once  sync.Once
	queue chan auditReq
	done  chan struct{}
	wg    sync.WaitGroup
	// mu orders Close after every send in progress: Append queues under
	// the read lock, Close marks the writer closed under the write lock,
	// so the loop's final drain finds every record queued before it.
	mu     sync.RWMutex
	closed bool
}

type auditReq struct {
	recs []AuditRecord
	errc chan error
}

func (w *AuditWriter) start() {
	w.once.Do(func() {
		w.queue = make(chan auditReq, 4096)
		w.done = make(chan struct{})
		w.wg.Add(1)
		go w.loop()
	})
}

// Append appends recs and waits until they are committed or ctx ends. A
// caller whose ctx ends may not know whether its records were committed,
// as with any database write.
func (w *AuditWriter) Append(ctx context.Context, recs ...AuditRecord) error {
	if len(recs) == 0 {
		return nil
	}
	w.start()
	req := auditReq{recs: recs, errc: make(chan error, 1)}
	if err := w.enqueue(ctx, req); err != nil {
		return err
	}
	select {
	case err := <-req.errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// enqueue queues req for the loop, unless the writer is closed. (A send
// racing Close could otherwise land in the queue after the loop's final
// drain, and its caller would wait for ever.)
func (w *AuditWriter) enqueue(ctx context.Context, req auditReq) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return Errorf(Unavailable, "the audit log is closed")
	}
	select {
	case w.queue <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the writer after committing what is queued.
func (w *AuditWriter) Close() {
	w.start()
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.done)
	}
	w.mu.Unlock()
	w.wg.Wait()
}

func (w *AuditWriter) loop() {
	defer w.wg.Done()
	max := w.MaxBatch
	if max <= 0 {
		max = 512
	}
	linger := w.Linger
	if linger == 0 {
		linger = 200 * time.Microsecond
	}
	var batch []auditReq
	var recs []AuditRecord
	callers := 1.0 // callers per append, a moving average
	for {
		var first auditReq
		select {
		case first = <-w.queue:
		case <-w.done:
			// Commit what was queued before Close; later callers see done.
			for {
				select {
				case r := <-w.queue:
					w.commit([]auditReq{r}, r.recs)
				default:
					return
				}
			}
		}
		batch, recs = append(batch[:0], first), append(recs[:0], first.recs...)
		if callers > 1.2 && linger > 0 {
			time.Sleep(linger)
		}
	fill:
		for len(recs) < max {
			select {
			case r := <-w.queue:
				batch, recs = append(batch, r), append(recs, r.recs...)
			default:
				break fill
			}
		}
		callers += (float64(len(batch)) - callers) / 10
		w.commit(batch, recs)
	}
}

// commit appends the records of a batch in one transaction and answers
// every caller. The append runs without the callers' contexts: one
// caller giving up must not undo the others' records.
func (w *AuditWriter) commit(batch []auditReq, recs []AuditRecord) {
	_, err := w.Log.AppendAudit(context.Background(), recs...)
	if err != nil && KindOf(err) == Invalid && len(batch) > 1 {
		// One caller's bad record must not fail the others: append each
		// on its own.
		for _, r := range batch {
			w.commit([]auditReq{r}, r.recs)
		}
		return
	}
	for _, r := range batch {
		r.errc <- err
	}
}
