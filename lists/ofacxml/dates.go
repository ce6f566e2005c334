package ofacxml

import (
	"strings"

	"github.com/clearancehq/clearance/lists/internal/ofacdate"
	"github.com/clearancehq/clearance/lists/internal/xmltree"
)

// featureDate returns a date feature as ISO 8601 at the precision OFAC
// states. It reads the display value first ("12 Feb 1961", "1945",
// "circa 1962", "1951 to 1953"), exactly as package ofac reads the same
// text in the legacy Remarks, so both formats agree; it falls back to the
// structured valueDate (fromDateBegin .. toDateEnd).
func featureDate(f *xmltree.Node) (string, bool) {
	if d, ok := ofacdate.ISO(f.Child("value").Trimmed()); ok {
		return d, true
	}
	vd := f.Child("valueDate")
	from, to := vd.Child("fromDateBegin").Trimmed(), vd.Child("toDateEnd").Trimmed()
	from, _, _ = strings.Cut(from, "T")
	to, _, _ = strings.Cut(to, "T")
	switch {
	case ofacdate.IsDate(from) && ofacdate.IsDate(to):
		return ofacdate.Interval(from, to), true
	case ofacdate.IsDate(from):
		return from, true
	}
	return "", false
}
