package clearance

// PrefilterOptions exposes the monitor's prefilter options to the external
// tests.
var PrefilterOptions = prefilterOptions

// SameEntry reports whether two screeners hold the very same *Entry of id
// in source (reused, not read again).
func SameEntry(a, b *Screener, source SourceID, id string) bool {
	find := func(s *Screener) *Entry {
		for _, e := range s.entries {
			if e.Source == source && e.ID == id {
				return e
			}
		}
		return nil
	}
	ea, eb := find(a), find(b)
	return ea != nil && ea == eb
}
