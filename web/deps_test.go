package web

import (
	"go/build"
	"strings"
	"testing"
)

// TestImports: web is an adapter over the domain; it imports no other
// adapter (httpapi, the stores, the list parsers), only the root package
// and its leaves.
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/clearancehq/clearance"
	allowed := map[string]bool{module: true, module + "/match": true}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, module) && !allowed[imp] {
			t.Errorf("web imports %s; adapters must not import each other", imp)
		}
	}
}
