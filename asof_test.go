package clearance_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
	"github.com/clearancehq/clearance/store/storetest"
)

// TestResolveAsOf reads each form of --as-of against two versions of one
// source and one of another, and replays a screening on an old version.
func TestResolveAsOf(t *testing.T) {
	ctx := t.Context()
	st := openStore(t, filepath.Join(t.TempDir(), "clearance.db"))
	imp := func(src clearance.SourceID, hash string, es ...*clearance.Entry) clearance.Version {
		res, err := st.Import(ctx, storetest.Request(src, hash, es...))
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // distinct import times
		return res.Version
	}
	v1 := imp(clearance.SourceUSCSL, "a", elEntry("el-hik", hikvision))
	sdn := imp(clearance.SourceOFACSDN, "s", storetest.NewEntry(clearance.SourceOFACSDN, "p1", "Ivan Petrov"))
	imp(clearance.SourceUSCSL, "b", elEntry("el-hik", hikvision, "Hikvision"), elEntry("el-dahua", "Zhejiang Dahua Technology Co., Ltd."))

	spec := func(vs []clearance.Version) string {
		var refs []clearance.VersionRef
		for _, v := range vs {
			refs = append(refs, clearance.VersionRef{Source: v.Source, Version: v.Number})
		}
		return clearance.AsOfSpec(refs)
	}
	between := v1.ImportedAt.Add(time.Microsecond).Format(time.RFC3339Nano)
	for _, tt := range []struct {
		in, want string
		kind     clearance.ErrorKind
	}{
		{"us-csl:1", "us-csl:1", 0},
		{"us-ofac-sdn:1, us-csl:2", "us-csl:2,us-ofac-sdn:1", 0},
		{between, "us-csl:1", 0},
		{sdn.ImportedAt.Format(time.RFC3339Nano), "us-csl:1,us-ofac-sdn:1", 0},
		{time.Now().UTC().Format(time.DateOnly), "us-csl:2,us-ofac-sdn:1", 0},
		{"2019-10-08", "", clearance.NotFound},
		{"us-csl:3", "", clearance.NotFound},
		{"us-csl:1,us-csl:2", "", clearance.Invalid},
		{"us-csl", "", clearance.Invalid},
		{"yesterday", "", clearance.Invalid},
	} {
		vs, err := clearance.ResolveAsOf(ctx, st, tt.in)
		switch {
		case tt.want != "" && (err != nil || spec(vs) != tt.want):
			t.Errorf("ResolveAsOf(%q) = %s, %v; want %s", tt.in, spec(vs), err, tt.want)
		case tt.want == "" && clearance.KindOf(err) != tt.kind:
			t.Errorf("ResolveAsOf(%q) = %v, %v; want a %v error", tt.in, vs, err, tt.kind)
		}
	}

	old, err := clearance.ResolveAsOf(ctx, st, "us-csl:1")
	if err != nil {
		t.Fatal(err)
	}
	s, err := clearance.LoadScreenerAt(ctx, st, old)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Screen(clearance.Query{Name: "Hikvision"}, match.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if s.Entries() != 1 || len(res.Hits) != 0 || clearance.AsOfSpec(res.Versions) != "us-csl:1" {
		t.Errorf("screening Hikvision on us-csl v1 (no alias yet) = %d hits over %d entries, versions %v", len(res.Hits), s.Entries(), res.Versions)
	}
	if res, _ := mustLoad(t, st).Screen(clearance.Query{Name: "Hikvision"}, match.DefaultOptions()); len(res.Hits) != 1 {
		t.Errorf("screening Hikvision on the active lists (with the alias) = %d hits, want 1", len(res.Hits))
	}
}
