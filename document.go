package clearance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// FieldError reports an invalid field in a document a person supplied (an
// order, a licence, a UVL statement): Doc names the document, usually its
// file, and Field the field's path in it ("items[1].quantity"). Either may
// be empty: a document that is not JSON has no field to name. It is of kind
// Invalid.
type FieldError struct {
	Doc   string
	Field string
	Err   error
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Doc != "" {
		b.WriteString(e.Doc + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *FieldError) Unwrap() []error {
	return []error{e.Err, &Error{Kind: Invalid}}
}

// maxProblems bounds how many invalid fields one document reports.
const maxProblems = 20

// problems collects the invalid fields of one document.
type problems struct {
	doc  string
	errs []error
}

// add records that field is invalid.
func (p *problems) add(field, format string, args ...any) {
	if len(p.errs) < maxProblems {
		p.errs = append(p.errs, &FieldError{Doc: p.doc, Field: field, Err: fmt.Errorf(format, args...)})
	}
}

// err returns every problem recorded, joined, or nil.
func (p *problems) err() error { return errors.Join(p.errs...) }

// checked runs a check that records its problems as fields of doc, and
// returns them.
func checked(doc string, check func(*problems)) error {
	p := &problems{doc: doc}
	check(p)
	return p.err()
}

// decodeStrict decodes one JSON value into v, refusing unknown fields and
// anything after the value. Errors are *FieldError naming the document doc
// and the path of the bad field, below path (the value's own place in the
// document, empty for the whole document).
func decodeStrict(doc, path string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(doc, path, data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &FieldError{Doc: doc, Field: path, Err: errors.New("unexpected data after the JSON value")}
	}
	return nil
}

// decodeError explains a JSON decoding error in terms of the document.
func decodeError(doc, path string, data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	fe := &FieldError{Doc: doc, Field: path, Err: err}
	switch {
	case errors.As(err, &syntax):
		line, col := position(data, syntax.Offset)
		fe.Err = fmt.Errorf("line %d, column %d: not valid JSON: %s", line, col, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &typ):
		fe.Field = joinPath(path, jsonField(typ.Field))
		fe.Err = typeProblem(typ)
	case errors.Is(err, io.EOF):
		fe.Err = errors.New("empty document: want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		fe.Err = errors.New("the JSON ends too early")
	case strings.HasPrefix(err.Error(), `json: unknown field "`):
		name, uerr := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		if uerr == nil {
			if name == "" {
				name = `""`
			}
			fe.Field = joinPath(path, name)
			fe.Err = errors.New("unknown field")
		}
	}
	return fe
}

// typeProblem says what is wrong with a value of the wrong type. The
// amount and stake types put their own explanation in Value.
func typeProblem(e *json.UnmarshalTypeError) error {
	switch e.Type {
	case reflect.TypeFor[Quantity](), reflect.TypeFor[Money](), reflect.TypeFor[Stake]():
		return errors.New(e.Value)
	}
	want := "a " + e.Type.Kind().String()
	switch e.Type.Kind() {
	case reflect.String:
		want = "a string"
	case reflect.Struct, reflect.Map:
		want = "an object"
	case reflect.Slice, reflect.Array:
		want = "an array"
	case reflect.Bool:
		want = "true or false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		want = "a number"
	}
	return fmt.Errorf("want %s, got %s", want, e.Value)
}

// jsonField drops from a decoder's field path the name of an embedded Go
// struct ("Licence.parties"): the documents' own field names are lower case.
func jsonField(field string) string {
	if head, rest, ok := strings.Cut(field, "."); ok && head != "" && head[0] >= 'A' && head[0] <= 'Z' {
		return rest
	}
	return field
}

// joinPath appends a JSON field path ("a.b") to a document path.
func joinPath(path, field string) string {
	switch {
	case field == "":
		return path
	case path == "":
		return field
	}
	return path + "." + field
}

// position turns the offset of a JSON syntax error, which counts the
// offending byte, into its 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset-1, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// decodeElements decodes each raw element of a JSON array field into out,
// so that an error names the element: "items[2].quantity".
func decodeElements[T any](doc, field string, raws []json.RawMessage) ([]T, error) {
	out := make([]T, len(raws))
	for i, raw := range raws {
		if err := decodeStrict(doc, fmt.Sprintf("%s[%d]", field, i), raw, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
