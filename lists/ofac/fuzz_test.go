package ofac_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/ofac"
)

func FuzzParse(f *testing.F) {
	dir := "testdata/sdn2021"
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	f.Add(read("sdn.csv"), read("alt.csv"), read("add.csv"), read("sdn_comments.csv"))
	f.Add([]byte(row36+row173+"\x1a"), []byte(alt36), []byte(add36), []byte("36,\"DOB 1962; a.k.a. 'X'\"\r\n"))
	f.Add([]byte(row36), []byte{}, []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, sdn, alt, add, comments []byte) {
		in := []clearance.File{
			{Name: "sdn.csv", R: bytes.NewReader(sdn)},
			{Name: "alt.csv", R: bytes.NewReader(alt)},
			{Name: "add.csv", R: bytes.NewReader(add)},
			{Name: "sdn_comments.csv", R: bytes.NewReader(comments)},
		}
		ids := make(map[string]bool)
		_, err := ofac.Format.Parse(context.Background(), in, func(e *clearance.Entry) error {
			if err := e.Validate(); err != nil {
				t.Errorf("emitted invalid entry: %v", err)
			}
			if strings.TrimSpace(e.Name) == "" {
				t.Errorf("entry %s has an empty name", e.ID)
			}
			if ids[e.ID] {
				t.Errorf("entry id %s emitted twice", e.ID)
			}
			ids[e.ID] = true
			return nil
		})
		var pe *clearance.ParseError
		if err != nil && !errors.As(err, &pe) {
			t.Errorf("Parse() = %v, want nil or a *clearance.ParseError", err)
		}
	})
}
