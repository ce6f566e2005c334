package clearance_test

import (
	"strings"
	"testing"

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
