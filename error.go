package clearance

import (
	"errors"
	"fmt"
)

// ErrorKind classifies an error for callers at a boundary: the CLI maps it to
// an exit status and the HTTP API to a status code, each in one table.
type ErrorKind int

// Error kinds. The zero value is Internal so that an unclassified error is
// never mistaken for a client's fault.
const (
	Internal     ErrorKind = iota // a bug or an unexpected failure
	Invalid                       // the input is malformed or breaks a rule
	NotFound                      // the thing asked for does not exist
	Conflict                      // the state changed under the caller
	Unauthorized                  // no valid credentials
	Forbidden                     // credentials lack the permission
	Unavailable                   // a dependency is down; try again later
)

var kindNames = [...]string{"internal", "invalid", "not_found", "conflict", "unauthorized", "forbidden", "unavailable"}

func (k ErrorKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Error is an error with a kind and a message fit to show to the person who
// caused it. Err, when set, holds the underlying cause for logs.
type Error struct {
	Kind    ErrorKind
	Message string
	Err     error
}

func (e *Error) Error() string {
	switch {
	case e.Message != "" && e.Err != nil:
		return e.Message + ": " + e.Err.Error()
	case e.Message != "":
		return e.Message
	case e.Err != nil:
		return e.Err.Error()
	}
	return e.Kind.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted message. A %w
// verb wraps its operand as the cause.
func Errorf(kind ErrorKind, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	if errors.Unwrap(err) == nil {
		return &Error{Kind: kind, Message: err.Error()}
	}
	// The formatted error already holds the cause's text; keeping it as Err
	// (not Message plus Err) prints the cause once and still unwraps to it.
	return &Error{Kind: kind, Err: err}
}

// KindOf reports the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// ParseError reports a malformed record in a list file: which file, which
// line (1-based; 0 when unknown) and which field. It is of kind Invalid.
type ParseError struct {
	File  string
	Line  int
	Field string
	Err   error
}

func (e *ParseError) Error() string {
	s := e.File
	if s == "" {
		s = "input"
	}
	if e.Line > 0 {
		s += fmt.Sprintf(" line %d", e.Line)
	}
	if e.Field != "" {
		s += fmt.Sprintf(" field %q", e.Field)
	}
	return s + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() []error {
	return []error{e.Err, &Error{Kind: Invalid}}
}
