package clearance_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// TestScreenIdentifierCountry: an OFAC entity with no address but a tax
// number issued by Russia is Russian for the country evidence: the same
// name screened with Russia scores higher, and with Japan lower, than by
// name alone, and the explanation says which countries were compared.
func TestScreenIdentifierCountry(t *testing.T) {
	e := &clearance.Entry{ID: "sdn-49455", Source: clearance.SourceOFACSDN, List: clearance.ListSDN, Kind: clearance.KindOrganization,
		Name: "LIMITED LIABILITY COMPANY ELECOM", Names: []clearance.Name{{Value: "LIMITED LIABILITY COMPANY ELECOM", Kind: clearance.NamePrimary}},
		Identifiers: []clearance.Identifier{{Type: "Tax ID No.", Value: "7726474109", Country: "Russia"}, {Type: "Website", Value: "elecom.example"}}}
	s, err := clearance.NewScreener([]*clearance.Entry{e}, []clearance.VersionRef{{Source: clearance.SourceOFACSDN, Version: 1}})
	if err != nil {
		t.Fatal(err)
	}
	opts := match.DefaultOptions()
	opts.Threshold = 0.5
	score := func(country string) (float64, string) {
		t.Helper()
		res, err := s.Screen(clearance.Query{Name: "ELECOM CO., LTD.", Kind: clearance.KindOrganization, Country: country}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 {
			t.Fatalf("country %q: %d hits, want 1", country, len(res.Hits))
		}
		var ev []string
		for _, x := range res.Hits[0].Explanation.Evidence {
			ev = append(ev, x.Feature+": "+x.Detail)
		}
		return res.Hits[0].Score, strings.Join(ev, "; ")
	}
	bare, _ := score("")
	ru, ruWhy := score("RU")
	jp, jpWhy := score("Japan")
	if !(ru > bare && jp < bare) {
		t.Errorf("scores: name only %.3f, Russia %.3f (%s), Japan %.3f (%s); want Russia above and Japan below the name alone", bare, ru, ruWhy, jp, jpWhy)
	}
	if !strings.Contains(jpWhy, "RU") {
		t.Errorf("Japan's evidence %q does not name the listed country RU", jpWhy)
	}
	if bare-jp < 0.1 {
		t.Errorf("a company name match in another country scores %.3f, %.3f by name alone; want the mismatch to cost at least 0.1", jp, bare)
	}
}

// TestScreenBrief checks that brief hits (what a batch asks for) are the
// full hits without the explanation, addresses, aliases and joined
// notices: the same entries, scores, names matched and republications.
func TestScreenBrief(t *testing.T) {
	s := shippedScreener(t)
	full := match.DefaultOptions()
	brief := full
	brief.Brief = true
	hits := 0
	for _, q := range []clearance.Query{
		{Name: "Hangzhou Hikvision Digital Technology Co., Ltd."},
		{Name: "Hikvision", Country: "CN"},
		{Name: "Sberbank of Russia", Country: "RU"},
		{Name: "Banco Nacional de Cuba"},
		{Name: "Kim Jong Un", Kind: clearance.KindPerson},
		{Name: "Patricia Lucas Wheeler"},
	} {
		want, err := s.Screen(q, full)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Screen(q, brief)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Fatalf("%q: %d brief hits, %d full", q.Name, len(got.Hits), len(want.Hits))
		}
		if !reflect.DeepEqual(clearance.AuditHits(got.Hits), clearance.AuditHits(want.Hits)) {
			t.Errorf("%q: brief hits %+v, full %+v", q.Name, clearance.AuditHits(got.Hits), clearance.AuditHits(want.Hits))
		}
		for i, h := range got.Hits {
			if len(h.Addresses)+len(h.Aliases)+len(h.Explanation.Tokens) > 0 || h.FederalRegisterNotice != "" || h.Source != want.Hits[i].Source {
				t.Errorf("%q hit %s: brief hit has addresses, aliases, tokens or notices, or another source", q.Name, h.EntryID)
			}
		}
		hits += len(got.Hits)
	}
	if hits < 5 {
		t.Errorf("%d hits in all: too few to compare", hits)
	}
}

// TestScreenRepublishedParty: a party on two datasets under the same list
// (an SDN entry in the CSL and in OFAC's own file) is one hit found also
// in the other dataset, whatever the limit: with a limit of one, the
// republished copy, a result beyond the limit, still names its dataset,
// and a second party is cut; with no limit, both parties are hits.
func TestScreenRepublishedParty(t *testing.T) {
	entry := func(id string, src clearance.SourceID, list clearance.ListCode, party, name string) *clearance.Entry {
		return &clearance.Entry{ID: id, Source: src, List: list, PartyRef: party, Kind: clearance.KindOrganization,
			Name: name, Names: []clearance.Name{{Value: name, Kind: clearance.NamePrimary}}}
	}
	entries := []*clearance.Entry{
		entry("csl-1", clearance.SourceUSCSL, clearance.ListSDN, "SDN:1", "Almaz Antey Trading Company"),
		entry("sdn-1", clearance.SourceOFACSDN, clearance.ListSDN, "SDN:1", "Almaz Antey Trading Company"),
		entry("uk-9", clearance.SourceUK, clearance.ListUK, "UK:9", "Almaz Antei Trading Company"),
	}
	s, err := clearance.NewScreener(entries, []clearance.VersionRef{{Source: clearance.SourceUSCSL, Version: 1},
		{Source: clearance.SourceOFACSDN, Version: 1}, {Source: clearance.SourceUK, Version: 1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 0} {
		for _, brief := range []bool{false, true} {
			opts := match.DefaultOptions()
			opts.Limit, opts.Brief = limit, brief
			sc, err := s.Screen(clearance.Query{Name: "Almaz Antey Trading Company"}, opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range sc.Hits {
				got = append(got, h.EntryID+" also in "+strings.Join(h.AlsoIn, ","))
			}
			want := []string{"csl-1 also in us-ofac-sdn", "uk-9 also in "}
			if limit == 1 {
				want = want[:1]
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("limit %d, brief %v: hits %q, want %q", limit, brief, got, want)
			}
		}
	}
}

// TestScreenInto checks that screening into a reused Screening, one query
// after another, gives what Screen gives each query, whatever the last
// screening held, and leaves it as it was on an error.
func TestScreenInto(t *testing.T) {
	s := shippedScreener(t)
	opts := match.DefaultOptions()
	queries := []clearance.Query{
		{Name: "Hikvision"}, {Name: "Zhejiang Dahua Technology Co., Ltd."}, {Name: "Clearwater Bakery Ltd"},
		{Name: "Huawei Technologies Co., Ltd.", Country: "CN"}, {Name: "Megvii"}, {Name: "Ivan Ivanov", Kind: clearance.KindPerson},
	}
	var sc clearance.Screening
	if err := s.ScreenInto(&sc, clearance.Query{Name: "Clearwater Bakery Ltd"}, opts); err != nil || sc.Hits == nil {
		t.Fatalf("a clear query into a new screening: hits %#v, %v; want [] (null in JSON)", sc.Hits, err)
	}
	for i, q := range queries {
		want, err := s.Screen(q, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ScreenInto(&sc, q, opts); err != nil {
			t.Fatal(err)
		}
		got := sc
		got.ScreenedAt = want.ScreenedAt
		if diff := cmp.Diff(*want, got); diff != "" {
			t.Errorf("query %d %q: ScreenInto differs from Screen (-Screen +ScreenInto):\n%s", i, q.Name, diff)
		}
	}
	before := sc
	if err := s.ScreenInto(&sc, clearance.Query{Name: "  "}, opts); err == nil {
		t.Error("an empty query screened")
	}
	if !reflect.DeepEqual(sc.Query, before.Query) || len(sc.Hits) != len(before.Hits) {
		t.Error("a refused query changed the screening")
	}
}
