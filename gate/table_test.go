package gate

import (
	"go/build"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestCurrentTable pins the consequence of every list Clearance knows.
func TestCurrentTable(t *testing.T) {
	if err := Current.Validate(); err != nil {
		t.Fatalf("Current.Validate() = %v", err)
	}
	want := map[clearance.ListCode]Effect{
		clearance.ListEntity: Licence, clearance.ListMEU: Licence, clearance.ListUnverified: Statement,
		clearance.ListDenied: Bar, clearance.ListSDN: Bar, clearance.ListFSE: Bar, clearance.ListDTC: Bar,
		clearance.ListSSI: Review, clearance.ListISN: Review, clearance.ListMBS: Review, clearance.ListPLC: Review,
		clearance.ListNonSDN: Review, clearance.ListUN: Review, clearance.ListUK: Review,
		clearance.ListCMIC: Informational, clearance.ListCAPTA: Informational,
	}
	for _, l := range clearance.Lists {
		w, ok := want[l.Code]
		if !ok {
			t.Errorf("list %s has no expected consequence in this test", l.Code)
			continue
		}
		r := Current.Rule(l.Code)
		if r.Effect != w || r.List != l.Code {
			t.Errorf("Current.Rule(%s) = %v for %s, want %v", l.Code, r.Effect, r.List, w)
		}
		if r.Effect >= Statement && (!r.EAR || !r.TransactionParties) && r.Effect != Bar {
			t.Errorf("Current.Rule(%s): an EAR end-user rule must reach EAR items of transaction parties: %+v", l.Code, r)
		}
	}
	if r := Current.Rule("NEW"); r.Effect != Review || r.List != "NEW" {
		t.Errorf(`Current.Rule("NEW") = %v for %q, want review`, r.Effect, r.List)
	}
	if r := Current.Rule(clearance.ListEntity); r.Scope != ScopeEntry || r.Policy != PolicyUnstated || r.LicensedBy != clearance.AuthorityBIS {
		t.Errorf("Entity List rule does not take the entry's scope and policy: %+v", r)
	}
	if r := Current.Rule(clearance.ListMEU); r.Scope != ScopeSupplement2 || r.Policy != PresumptionOfDenial {
		t.Errorf("MEU rule = %+v, want Supplement No. 2 with a presumption of denial", r)
	}
}

func TestTableValidate(t *testing.T) {
	ok := Rule{List: clearance.ListSDN, Effect: Bar, Summary: "s"}
	tests := []struct {
		name  string
		table Table
		want  string
	}{
		{"no version", Table{Rules: []Rule{ok}, Unknown: Rule{Summary: "u"}}, "no version"},
		{"two rules for a list", Table{Version: "v", Rules: []Rule{ok, ok}, Unknown: Rule{Summary: "u"}}, "two rules for list SDN"},
		{"licence rule without authority", Table{Version: "v", Rules: []Rule{{List: "EL", Effect: Licence, Summary: "s"}}, Unknown: Rule{Summary: "u"}}, "names no licensing authority"},
		{"no summary", Table{Version: "v", Rules: []Rule{{List: "EL", Effect: Bar}}, Unknown: Rule{Summary: "u"}}, "has no summary"},
		{"bad Supplement2", Table{Version: "v", Rules: []Rule{ok}, Unknown: Rule{Summary: "u"}, Supplement2: []string{"9a991"}}, "not a canonical ECCN"},
	}
	for _, tt := range tests {
		err := tt.table.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.want) || clearance.KindOf(err) != clearance.Invalid {
			t.Errorf("%s: Validate() = %v, want an Invalid error with %q", tt.name, err, tt.want)
		}
		if _, err := New(&tt.table); err == nil {
			t.Errorf("%s: New accepted an invalid table", tt.name)
		}
	}
}

// TestPure: the gate is a leaf that does no I/O. It imports the standard
// library's pure packages and the domain package, nothing else.
func TestPure(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{
		"github.com/clearancehq/clearance": true,
		"cmp":                              true, "fmt": true, "regexp": true, "slices": true, "strings": true, "unicode": true,
	}
	for _, imp := range pkg.Imports {
		if !allowed[imp] {
			t.Errorf("package gate imports %s; it must stay a pure leaf", imp)
		}
	}
}
