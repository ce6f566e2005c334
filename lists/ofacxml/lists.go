package ofacxml

import (
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// listNames maps the names OFAC gives its lists in <sanctionsList>, folded
// to lower case, to list codes, in order of preference: a party on several
// non-SDN lists gets the first. The order matches package ofac's choice for
// the legacy CSV, which can only tell the lists apart by program, so that
// both formats give a party the same entry id. The umbrella "Consolidated
// List" names no list of its own and is ignored.
var listNames = []struct {
	name string
	list clearance.ListCode
}{
	{"non-sdn palestinian legislative council list", clearance.ListPLC},
	{"non-sdn cmic list", clearance.ListCMIC},
	{"sectoral sanctions identifications list", clearance.ListSSI},
	{"fse list", clearance.ListFSE},
	{"foreign sanctions evaders", clearance.ListFSE},
	{"capta list", clearance.ListCAPTA},
	{"non-sdn menu-based sanctions list", clearance.ListMBS},
}

// list returns the list of an entity and the date it was published on it.
// In the SDN file that is the SDN list; in the Consolidated file it is the
// entity's non-SDN list, even when the party is also an SDN, since that is
// why it is in the file.
func (p *parser) list(n *xmltree.Node) (clearance.ListCode, string) {
	lists := n.Path("sanctionsLists", "sanctionsList")
	find := func(name string) *xmltree.Node {
		for _, l := range lists {
			if strings.EqualFold(l.Trimmed(), name) {
				return l
			}
		}
		return nil
	}
	if p.source == clearance.SourceOFACSDN {
		if l := find("sdn list"); l != nil {
			return clearance.ListSDN, l.Attr("datePublished")
		}
	}
	for _, ln := range listNames {
		if l := find(ln.name); l != nil {
			return ln.list, l.Attr("datePublished")
		}
	}
	if l := find("sdn list"); l != nil {
		return clearance.ListSDN, l.Attr("datePublished")
	}
	return clearance.ListNonSDN, ""
}
