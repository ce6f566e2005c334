package ofac

import (
	"strings"

	"github.com/clearancehq/clearance"
)

// consPrograms maps the programs that define a non-SDN list to the list. An
// entry on several lists takes the first in this order, which matches the
// choice made for OFAC's Enhanced XML (package ofacxml) so that both formats
// give a party the same entry id.
var consPrograms = []struct {
	match func(program string) bool
	list  clearance.ListCode
}{
	{func(p string) bool { return p == "NS-PLC" }, clearance.ListPLC},
	{func(p string) bool { return strings.HasPrefix(p, "CMIC") }, clearance.ListCMIC},
	{func(p string) bool { return p == "UKRAINE-EO13662" }, clearance.ListSSI},
	{func(p string) bool { return strings.HasPrefix(p, "FSE-") }, clearance.ListFSE},
	{func(p string) bool { return p == "561-Related" }, clearance.ListCAPTA},
}

// menuMarkers are remark texts found only on Menu-Based Sanctions entries:
// the sanctions chosen from a statutory menu or a directive.
var menuMarkers = []string{
	"Directive",
	"CAATSA Section 235 Information",
	"Executive Order 13846 information",
	"Executive Order 14059 information",
	"IFCA Determination",
	"PEESA Information",
}

// consList derives the list of a Consolidated (non-SDN) entry, which the
// legacy files do not state, from its programs and then its remarks.
func consList(programs []string, remarks string) clearance.ListCode {
	for _, c := range consPrograms {
		for _, p := range programs {
			if c.match(p) {
				return c.list
			}
		}
	}
	if strings.Contains(remarks, "payable-through account") {
		return clearance.ListCAPTA
	}
	for _, m := range menuMarkers {
		if strings.Contains(remarks, m) {
			return clearance.ListMBS
		}
	}
	return clearance.ListNonSDN
}
