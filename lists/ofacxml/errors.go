package ofacxml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// errorf returns a ParseError at the decoder's current line.
func (p *parser) errorf(d *xml.Decoder, field, format string, args ...any) error {
	line, _ := d.InputPos()
	return p.errorAt(line, field, format, args...)
}

// errorAt returns a ParseError at the given line.
func (p *parser) errorAt(line int, field, format string, args ...any) error {
	return &clearance.ParseError{File: p.file, Line: line, Field: field, Err: fmt.Errorf(format, args...)}
}

// syntaxError wraps a decoding error (malformed or truncated XML, invalid
// UTF-8) with the file, the line and the elements open, stack.
func (p *parser) syntaxError(d *xml.Decoder, stack []string, err error) error {
	line, _ := d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	return p.readError(line, stack, err)
}

// treeError wraps an error of xmltree.Read: stack holds the elements open
// above the one being read.
func (p *parser) treeError(stack []string, err error) error {
	var te *xmltree.Error
	if !errors.As(err, &te) {
		return &clearance.ParseError{File: p.file, Field: strings.Join(stack, "/"), Err: err}
	}
	return p.readError(te.Line, append(stack, te.Path...), te.Err)
}

func (p *parser) readError(line int, stack []string, err error) error {
	switch {
	case xmltree.Truncated(err) && len(stack) > 0:
		err = fmt.Errorf("unexpected end of file inside <%s>: truncated file?", stack[len(stack)-1])
	case xmltree.Truncated(err):
		err = errors.New("unexpected end of file: truncated file?")
	}
	return &clearance.ParseError{File: p.file, Line: line, Field: fieldPath(stack), Err: err}
}

// fieldPath names the element at the top of stack as the parser's errors
// do: from the entity within an entity ("entity/names/name"), else from
// below the root ("referenceValues/referenceValue"), or the root itself.
func fieldPath(stack []string) string {
	switch {
	case len(stack) > 2 && stack[1] == "entities" && stack[2] == "entity":
		stack = stack[2:]
	case len(stack) > 1:
		stack = stack[1:]
	}
	return strings.Join(stack, "/")
}

// entityError wraps an error converting entity n with its line, naming the
// entity.
func (p *parser) entityError(n *xmltree.Node, err error) error {
	pe := &clearance.ParseError{File: p.file, Line: n.Line,
		Err: fmt.Errorf("entity %d (id %q): %w", p.entities, n.Attr("id"), err)}
	var fe *fieldError
	if errors.As(err, &fe) {
		pe.Field = fe.field
		if fe.line > 0 {
			pe.Line = fe.line
		}
	}
	return pe
}

// fieldError is a conversion error naming the element at fault.
type fieldError struct {
	field string
	line  int
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// fieldErrorf returns a fieldError at the line of element n; at the
// entity's line when n is nil (absent).
func fieldErrorf(n *xmltree.Node, field, format string, args ...any) error {
	fe := &fieldError{field: field, err: fmt.Errorf(format, args...)}
	if n != nil {
		fe.line = n.Line
	}
	return fe
}

// clip shortens s for an error message.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "..."
	}
	return s
}
