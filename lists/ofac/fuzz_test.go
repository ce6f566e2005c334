package ofac_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
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
		listtest.Parse(t, ofac.Format, in...)
	})
}
