package clearance

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// OwnershipColumns are the columns of an ownership CSV file, in the order
// Clearance writes them; a file may order them as it likes.
var OwnershipColumns = []string{"owner", "owned", "percent", "as_of", "source"}

// ParseOwnership reads ownership edges from a CSV file with a header of
// OwnershipColumns, or from a JSON array of objects with those fields
// (told apart by the first character), named doc in errors. An owner or
// owned party is a name, or "counterparty:ID" or "entry:ID" (see
// ParsePartyRef), the reference stored in its canonical spelling. A
// percent that is empty, "unknown", absent or null is an unknown stake.
// Every invalid row is reported (up to twenty) by line and field, and
// nothing is returned then. A row repeated exactly is kept once; two rows
// that give one owner's stake in one entity as of one date from one source
// differently are refused.
func ParseOwnership(doc string, data []byte) ([]OwnershipEdge, error) {
	edges, _, err := parseOwnership(doc, data)
	return edges, err
}

// edgePlace is where an edge is in its file: a CSV line, or an index in
// the JSON array.
type edgePlace struct {
	line  int // 0 in JSON
	index int // in the JSON array
}

func (p edgePlace) String() string {
	if p.line > 0 {
		return fmt.Sprintf("line %d", p.line)
	}
	return fmt.Sprintf("[%d]", p.index)
}

// parseOwnership is ParseOwnership, also returning where each edge is.
func parseOwnership(doc string, data []byte) ([]OwnershipEdge, []edgePlace, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	trimmed := bytes.TrimSpace(data)
	var (
		edges  []OwnershipEdge
		places []edgePlace
		err    error
	)
	if len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		edges, places, err = ownershipJSON(doc, data)
	} else {
		edges, places, err = ownershipCSV(doc, data)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(edges) == 0 {
		return nil, nil, &FieldError{Doc: doc, Err: errors.New("no ownership edges in the file")}
	}
	return dedupeEdges(doc, edges, places)
}

// OwnershipFile is an ownership file as read: its name, the hash of its
// bytes and its edges.
type OwnershipFile struct {
	Name  string
	Hash  string // hex SHA-256
	Edges []OwnershipEdge
	where []edgePlace // per edge; nil for a file not read by ReadOwnershipFile
}

// ReadOwnershipFile parses an ownership file (see ParseOwnership), named
// name, and hashes its bytes.
func ReadOwnershipFile(name string, data []byte) (*OwnershipFile, error) {
	edges, where, err := parseOwnership(name, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	return &OwnershipFile{Name: name, Hash: hex.EncodeToString(sum[:]), Edges: edges, where: where}, nil
}

// Import records the file's edges in st (see OwnershipStore.AddOwnership).
// What the store finds wrong with an edge, such as an id that names no
// counterparty or list entry, is reported at the edge's line and field.
func (f *OwnershipFile) Import(ctx context.Context, st OwnershipStore) (OwnershipImport, error) {
	imp, err := st.AddOwnership(ctx, f.Name, f.Hash, f.Edges)
	if err != nil {
		return imp, f.placed(err)
	}
	return imp, nil
}

// placed reports the store's edge errors at their places in the file;
// other errors pass unchanged.
func (f *OwnershipFile) placed(err error) error {
	var out []error
	for _, e := range unjoin(err) {
		var ee *EdgeError
		if !errors.As(e, &ee) || ee.Index < 0 || ee.Index >= len(f.where) {
			out = append(out, e)
			continue
		}
		if p := f.where[ee.Index]; p.line > 0 {
			out = append(out, &ParseError{File: f.Name, Line: p.line, Field: ee.Field, Err: ee.Err})
		} else {
			out = append(out, &FieldError{Doc: f.Name, Field: joinPath(p.String(), ee.Field), Err: ee.Err})
		}
	}
	return errors.Join(out...)
}

// ownershipCSV reads the CSV form.
func ownershipCSV(doc string, data []byte) ([]OwnershipEdge, []edgePlace, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, nil, ownershipCSVError(doc, err, "the header")
	}
	cols, err := ownershipHeader(doc, header)
	if err != nil {
		return nil, nil, err
	}
	var (
		edges  []OwnershipEdge
		places []edgePlace
		errs   []error
	)
	for len(errs) < maxProblems {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, ownershipCSVError(doc, err, "a row")
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			errs = append(errs, &ParseError{File: doc, Line: line, Err: fmt.Errorf("%d fields, the header has %d", len(rec), len(header))})
			continue
		}
		e, err := csvEdge(rec, cols)
		if err == nil {
			err = e.Validate()
		}
		if err != nil {
			errs = append(errs, atLine(doc, line, err)...)
			continue
		}
		edges = append(edges, e)
		places = append(places, edgePlace{line: line})
	}
	return edges, places, errors.Join(errs...)
}

// ownershipHeader maps each column of OwnershipColumns to its index.
func ownershipHeader(doc string, header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		known := false
		for _, c := range OwnershipColumns {
			known = known || c == name
		}
		if !known {
			return nil, &ParseError{File: doc, Line: 1, Field: h, Err: fmt.Errorf("unknown column (want %s)", strings.Join(OwnershipColumns, ","))}
		}
		if _, dup := cols[name]; dup {
			return nil, &ParseError{File: doc, Line: 1, Field: h, Err: errors.New("column given twice")}
		}
		cols[name] = i
	}
	for _, c := range OwnershipColumns {
		if _, ok := cols[c]; !ok {
			return nil, &ParseError{File: doc, Line: 1, Field: c, Err: fmt.Errorf("missing column (the header must name %s)", strings.Join(OwnershipColumns, ","))}
		}
	}
	return cols, nil
}

// csvEdge builds an edge from a row.
func csvEdge(rec []string, cols map[string]int) (OwnershipEdge, error) {
	field := func(name string) string { return strings.TrimSpace(rec[cols[name]]) }
	e := OwnershipEdge{Owner: CanonicalParty(field("owner")), Owned: CanonicalParty(field("owned")), AsOf: field("as_of"), Source: field("source")}
	var err error
	if e.Stake, err = ParseStake(field("percent")); err != nil {
		return e, &FieldError{Field: "percent", Err: err}
	}
	return e, nil
}

// atLine turns the field errors of one row into parse errors at its line.
func atLine(doc string, line int, err error) []error {
	var out []error
	for _, e := range unjoin(err) {
		var fe *FieldError
		if errors.As(e, &fe) {
			out = append(out, &ParseError{File: doc, Line: line, Field: fe.Field, Err: fe.Err})
			continue
		}
		out = append(out, &ParseError{File: doc, Line: line, Err: e})
	}
	return out
}

// unjoin returns the errors joined in err, or err alone. Errors of this
// package that unwrap to several are one error.
func unjoin(err error) []error {
	switch err.(type) {
	case *FieldError, *ParseError, *EdgeError:
		return []error{err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// ownershipCSVError reports an error of the CSV reader with its line.
func ownershipCSVError(doc string, err error, what string) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: doc, Line: pe.StartLine, Err: pe.Err}
	}
	if err == io.EOF {
		return &ParseError{File: doc, Err: fmt.Errorf("empty file: want a header naming %s", strings.Join(OwnershipColumns, ","))}
	}
	return &ParseError{File: doc, Err: fmt.Errorf("read %s: %w", what, err)}
}

// ownershipJSON reads the JSON form: an array of edge objects.
func ownershipJSON(doc string, data []byte) ([]OwnershipEdge, []edgePlace, error) {
	var raws []json.RawMessage
	if err := decodeStrict(doc, "", data, &raws); err != nil {
		return nil, nil, err
	}
	edges, err := decodeElements[OwnershipEdge](doc, "", raws)
	if err != nil {
		return nil, nil, err
	}
	var errs []error
	places := make([]edgePlace, len(edges))
	for i := range edges {
		places[i] = edgePlace{index: i}
		e := &edges[i]
		e.Owner, e.Owned = CanonicalParty(e.Owner), CanonicalParty(e.Owned)
		e.AsOf, e.Source = strings.TrimSpace(e.AsOf), strings.TrimSpace(e.Source)
		if err := checked(doc, e.check); err != nil && len(errs) < maxProblems {
			for _, fe := range unjoin(err) {
				var f *FieldError
				if errors.As(fe, &f) {
					f.Field = joinPath(places[i].String(), f.Field)
				}
				errs = append(errs, fe)
			}
		}
	}
	return edges, places, errors.Join(errs...)
}

// dedupeEdges keeps one of each repeated row and refuses two rows that
// state one stake differently.
func dedupeEdges(doc string, edges []OwnershipEdge, places []edgePlace) ([]OwnershipEdge, []edgePlace, error) {
	type key struct{ owner, owned, asOf, source string }
	seen := make(map[key]int, len(edges))
	out := edges[:0:0]
	var kept []edgePlace
	var errs []error
	for i, e := range edges {
		k := key{e.Owner, e.Owned, e.AsOf, e.Source} // as the store identifies edges
		j, dup := seen[k]
		switch {
		case !dup:
			seen[k] = i
			out = append(out, e)
			kept = append(kept, places[i])
		case edges[j].Stake != e.Stake && len(errs) < maxProblems:
			errs = append(errs, &FieldError{Doc: doc, Field: places[i].String() + ": percent",
				Err: fmt.Errorf("%s of %q in %q as of %s from %s, but %s says %s", e.Stake, e.Owner, e.Owned, e.AsOf, e.Source, places[j], edges[j].Stake)})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	return out, kept, nil
}
