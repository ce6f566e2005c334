package gate

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/clearancehq/clearance"
)

// baseReason fills in who matched what.
func baseReason(p clearance.Party, h clearance.Hit, rule Rule) clearance.Reason {
	return clearance.Reason{
		Party: p.Name, Role: p.Role,
		EntryID: h.EntryID, EntryName: h.EntryName, Source: h.Source, List: h.List, Score: h.Score,
		FederalRegister: h.FederalRegisterNotice, StartDate: h.StartDate,
		LicenceRequirement: h.LicenseRequirement, Regulation: rule.Regulation,
	}
}

// ownershipReason is the reason for an ownership finding that passes on no
// listing: the entry named is the first listed owner's.
func ownershipReason(p clearance.Party, f *clearance.OwnershipFinding) clearance.Reason {
	r := clearance.Reason{Party: p.Name, Role: p.Role, Regulation: f.Regulation, Ownership: f}
	if len(f.Owners) > 0 {
		h := f.Owners[0]
		r.EntryID, r.EntryName, r.Source, r.List, r.Score = h.EntryID, h.EntryName, h.Source, h.List, h.Score
		r.FederalRegister, r.StartDate, r.LicenceRequirement = h.FederalRegisterNotice, h.StartDate, h.LicenseRequirement
	}
	return r
}

// itemReason narrows a reason to item k.
func itemReason(r clearance.Reason, k int, it *clearance.Item) clearance.Reason {
	r.Item = &k
	r.ECCN = it.ECCN
	return r
}

// endDate is the day a listing ends (a denial order's expiry), if any.
func endDate(h clearance.Hit) string {
	if h.Entry == nil {
		return ""
	}
	return h.Entry.EndDate
}

// matchWords says whether a hit is a match or a possible match.
func matchWords(h clearance.Hit, hitThreshold float64) string {
	if h.Score < hitThreshold {
		return fmt.Sprintf("Possible match (score %.2f).", h.Score)
	}
	return fmt.Sprintf("Match (score %.2f).", h.Score)
}

// reviewPolicy returns the review policy that applies to an item under a
// rule and the entry's published policy, and how it was found.
func reviewPolicy(rule Rule, published Policy, it *clearance.Item) (name, explained string) {
	if rule.Policy != PolicyUnstated {
		return rule.Policy.String(), fmt.Sprintf("%s (%s)", rule.Policy, rule.Regulation)
	}
	c, ok := published.For(it)
	if !ok {
		if strings.TrimSpace(published.Text) == "" {
			return PolicyUnstated.String(), "the entry states none"
		}
		return PolicyUnstated.String(), fmt.Sprintf("the entry's policy names no clause for this item (%q)", published.Text)
	}
	explained = fmt.Sprintf("%s, by the entry's clause for %s", c.Policy, c.Describe())
	if c.Ref != "" {
		explained += " (see " + c.Ref + ")"
	}
	return c.Policy.String(), explained
}

// outOfScope explains why a requirement does not reach an item.
func outOfScope(req Requirement, it *clearance.Item, table string) string {
	for _, c := range req.Excepted {
		if it.HasCategory(c) {
			return fmt.Sprintf("The item is declared of category %s, which the entry's licence requirement excepts: no licence is required under this listing.", c)
		}
	}
	return fmt.Sprintf("%s is not listed in Supplement No. 2 to Part 744 (table %s): no licence is required under this listing.", it.ECCN, table)
}

// foldName reduces a name to lower-case letters and digits separated by
// single spaces, so that "ACME Co., Ltd." and "Acme Co Ltd" compare equal.
func foldName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '.':
			// "Co." is "Co"; "O'Brien" is "OBrien".
		default:
			space = true
		}
	}
	return b.String()
}
