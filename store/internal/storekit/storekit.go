// Package storekit holds what the SQL stores share and no SQL dialect
// changes: the checks an import request and its entries must pass, the
// encoding of entry bodies (JSON, content-addressed by SHA-256), the rules
// that decide whether a parsed version may become active, the error
// wrapping every store uses, and, over a small backend per store, the
// audit log, the licence gate, review and monitoring (Review) and the
// ownership data (Ownership). The SQL that differs by dialect stays in each
// store; statements both dialects read alike are written here once, with
// PostgreSQL's placeholders.
package storekit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/clearancehq/clearance"
)

// TimeLayout writes instants in UTC at a fixed width so that text order is
// time order. Microseconds are what PostgreSQL keeps, so both stores round
// to them.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Now is the current instant as the stores keep it: UTC, microseconds.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Wrap returns a *clearance.Error with a formatted message and err as its
// cause. (clearance.Errorf with %w would repeat the cause's text.)
func Wrap(kind clearance.ErrorKind, err error, format string, args ...any) error {
	return &clearance.Error{Kind: kind, Message: fmt.Sprintf(format, args...), Err: err}
}

// CheckRequest refuses an import request that lacks a source or a parser.
func CheckRequest(req clearance.ImportRequest) error {
	switch {
	case req.Source == "":
		return clearance.Errorf(clearance.Invalid, "import: no source given")
	case req.Parse == nil:
		return clearance.Errorf(clearance.Invalid, "import %s: no parser given", req.Source)
	case req.Actor == "":
		return clearance.Errorf(clearance.Invalid, "import %s: no actor given, for the audit log", req.Source)
	}
	return nil
}

// NewVersion returns the version an import request will create, numbered
// later by the store, inactive and empty.
func NewVersion(req clearance.ImportRequest) clearance.Version {
	return clearance.Version{
		Source:     req.Source,
		Hash:       req.Hash,
		Format:     req.Format,
		Files:      req.Files,
		ImportedAt: Now(),
	}
}

// Sink stores the entries of one version. Put may buffer; Flush writes
// what is buffered. Either returns the first failure, naming the entry.
type Sink interface {
	Put(body []byte, sum [32]byte, e *clearance.Entry) error
	Flush() error
}

// Load runs req.Parse, checking and encoding each entry it emits into sink,
// and fills v's entry count and publication date. The version may become
// active only when Load returns nil: the parser succeeded, no entry was
// refused (even when a careless parser ignored emit's error), the context
// is live, there is at least one entry and the parser read the source the
// request names.
func Load(ctx context.Context, req clearance.ImportRequest, v *clearance.Version, sink Sink) error {
	enc := NewEncoder()
	n := 0
	var first error // the first error; emit keeps returning it
	emit := func(e *clearance.Entry) error {
		if first != nil {
			return first
		}
		first = ctx.Err()
		var body []byte
		var sum [32]byte
		if first == nil {
			body, sum, first = enc.Encode(e, req.Source)
		}
		if first == nil {
			first = sink.Put(body, sum, e)
		}
		if first == nil {
			n++
		}
		return first
	}
	res, err := req.Parse(emit)
	for _, next := range []func() error{
		func() error { return first },
		sink.Flush,
		ctx.Err,
	} {
		if err == nil {
			err = next()
		}
	}
	if err != nil {
		return Wrap(clearance.KindOf(err), err, "import %s", req.Source)
	}
	switch {
	case n == 0:
		return clearance.Errorf(clearance.Invalid, "import %s: no entries: refusing to replace the active version", req.Source)
	case res.Source != "" && res.Source != req.Source:
		return clearance.Errorf(clearance.Invalid, "import %s: the parser read source %s", req.Source, res.Source)
	}
	v.Entries, v.Published, v.PublishedNote = n, res.Published, res.PublishedNote
	return nil
}

// Encoder turns entries into the bodies the stores keep.
type Encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// NewEncoder returns an Encoder.
func NewEncoder() *Encoder {
	x := &Encoder{}
	x.enc = json.NewEncoder(&x.buf)
	x.enc.SetEscapeHTML(false) // keep Raw as the source wrote it
	return x
}

// Encode checks that e is a valid entry of source and returns its body (the
// entry's JSON, Raw included) and the body's SHA-256. The body is valid
// until the next call.
func (x *Encoder) Encode(e *clearance.Entry, source clearance.SourceID) ([]byte, [32]byte, error) {
	if e == nil {
		return nil, [32]byte{}, clearance.Errorf(clearance.Invalid, "nil entry")
	}
	if err := e.Validate(); err != nil {
		return nil, [32]byte{}, err
	}
	if e.Source != source {
		return nil, [32]byte{}, clearance.Errorf(clearance.Invalid, "entry %s has source %q, want %q", e.ID, e.Source, source)
	}
	x.buf.Reset()
	if err := x.enc.Encode(e); err != nil {
		return nil, [32]byte{}, Wrap(clearance.Invalid, err, "entry %s", e.ID)
	}
	body := bytes.TrimSuffix(x.buf.Bytes(), []byte("\n"))
	return body, sha256.Sum256(body), nil
}

// DecodeEntry decodes a stored entry body.
func DecodeEntry(body []byte) (*clearance.Entry, error) {
	e := new(clearance.Entry)
	if err := json.Unmarshal(body, e); err != nil {
		return nil, Wrap(clearance.Internal, err, "decode entry")
	}
	return e, nil
}

// Change decodes the before and after bodies of an entry whose content
// differs between two versions.
func Change(before, after []byte) (clearance.EntryChange, error) {
	b, err := DecodeEntry(before)
	if err != nil {
		return clearance.EntryChange{}, err
	}
	a, err := DecodeEntry(after)
	if err != nil {
		return clearance.EntryChange{}, err
	}
	return clearance.EntryChange{
		ID:     a.ID,
		Name:   a.Name,
		List:   a.List,
		Fields: clearance.CompareEntries(b, a),
		Before: b,
		After:  a,
	}, nil
}
