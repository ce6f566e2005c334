package httpapi

import (
	"flag"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
)

var update = flag.Bool("update", false, "rewrite testdata/operations.golden from the routes")

// TestRoutesMatchSpec: the routes the server registers, less the raw ones,
// are exactly the operations of openapi.yaml, each with the least
// permission testdata/operations.golden records, so that a change of who
// may do what shows in review.
func TestRoutesMatchSpec(t *testing.T) {
	s := &Server{}
	var routes []string
	perms := map[string]string{}
	for _, rt := range s.routes() {
		if rt.raw {
			continue
		}
		op := rt.method + " " + rt.path
		routes = append(routes, op)
		perms[op] = string(rt.perm) + " (" + string(clearance.LeastRole(rt.perm)) + ")"
	}
	doc, _, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(ops)
	if diff := cmp.Diff(ops, routes); diff != "" {
		t.Errorf("routes differ from the operations of openapi.yaml (-spec +routes):\n%s", diff)
	}
	var golden strings.Builder
	for _, op := range routes {
		golden.WriteString(op + "\t" + perms[op] + "\n")
	}
	const file = "testdata/operations.golden"
	if *update {
		if err := os.WriteFile(file, []byte(golden.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), golden.String()); diff != "" {
		t.Errorf("operations and permissions differ from %s (-golden +now; go test -update if intended):\n%s", file, diff)
	}
}

// TestOperationsSecured: every operation needs an API key, declares the
// answers of the middleware (401, 403, 429, 500, and 400 and 413 with a
// body), and says which role it needs.
func TestOperationsSecured(t *testing.T) {
	doc, _, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	least := map[string]clearance.Role{}
	for _, rt := range (&Server{}).routes() {
		least[rt.method+" "+rt.path] = clearance.LeastRole(rt.perm)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			sec := doc.Security
			if op.Security != nil {
				sec = *op.Security
			}
			if _, ok := firstOr(sec)["apiKey"]; !ok {
				t.Errorf("%s needs no API key", name)
			}
			codes := []string{"401", "403", "429", "500"}
			if op.RequestBody != nil {
				codes = append(codes, "400", "413")
			}
			for _, code := range codes {
				if op.Responses.Value(code) == nil {
					t.Errorf("%s does not declare its %s response", name, code)
				}
			}
			if role := least[name]; !strings.Contains(op.Description, "Least role "+string(role)) {
				t.Errorf("%s: its description does not name its least role %q", name, role)
			}
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s has no operationId or summary", name)
			}
		}
	}
}

// TestSpecSources: the sources the contract accepts are those Clearance
// imports.
func TestSpecSources(t *testing.T) {
	doc, _, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range doc.Components.Parameters["Source"].Value.Schema.Value.Enum {
		got = append(got, v.(string))
	}
	var want []string
	for _, s := range clearance.Sources {
		want = append(want, string(s.ID))
	}
	if !slices.Equal(got, want) {
		t.Errorf("openapi.yaml sources %v, want %v", got, want)
	}
}

// TestEveryKindMapped: every error kind has its status and title.
func TestEveryKindMapped(t *testing.T) {
	for k := clearance.Internal; k <= clearance.Unavailable; k++ {
		if ks, ok := kindStatus[k]; !ok || ks.status == 0 || ks.title == "" {
			t.Errorf("error kind %v has no HTTP status", k)
		}
	}
}

func firstOr(sec openapi3.SecurityRequirements) openapi3.SecurityRequirement {
	if len(sec) == 0 {
		return nil
	}
	return sec[0]
}

// TestRequestSchemasPortable: requests are validated against the document
// relabelled 3.0.3 (see loadSpec), so their schemas use nothing that reads
// differently there: no type lists, which only responses may use.
func TestRequestSchemasPortable(t *testing.T) {
	doc, _, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if s.Type != nil && len(*s.Type) > 1 {
			t.Errorf("%s: type list %v in a request schema", where, *s.Type)
		}
		for name, p := range s.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", s.Items)
		for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
			for _, sub := range group {
				walk(where, sub)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range append(item.Parameters, op.Parameters...) {
				walk(method+" "+path+" "+p.Value.Name, p.Value.Schema)
			}
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					walk(method+" "+path+" "+ct, mt.Schema)
				}
			}
		}
	}
}
