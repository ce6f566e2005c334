package clearance

import (
	"errors"
	"io"
	"testing"
)

func TestErrorf(t *testing.T) {
	err := Errorf(NotFound, "version %d of %s: %w", 3, "us-csl", io.ErrUnexpectedEOF)
	if got, want := err.Error(), "version 3 of us-csl: unexpected EOF"; got != want {
		t.Errorf("Error() = %q, want %q (the cause printed once)", got, want)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Error("errors.Is does not reach the wrapped cause")
	}
	if KindOf(err) != NotFound {
		t.Errorf("KindOf = %v, want NotFound", KindOf(err))
	}
	plain := Errorf(Invalid, "bad threshold %v", 1.5)
	if got := plain.Error(); got != "bad threshold 1.5" {
		t.Errorf("Error() = %q", got)
	}
	if KindOf(plain) != Invalid {
		t.Errorf("KindOf = %v, want Invalid", KindOf(plain))
	}
}

func TestParseErrorKind(t *testing.T) {
	err := &ParseError{File: "sdn.csv", Line: 7, Field: "name", Err: errors.New("empty name")}
	if KindOf(err) != Invalid {
		t.Errorf("KindOf(ParseError) = %v, want Invalid", KindOf(err))
	}
	if got := err.Error(); got == "" {
		t.Error("empty message")
	}
	t.Log(err.Error())
}
