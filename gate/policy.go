package gate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/clearancehq/clearance"
)

// ReviewPolicy is how BIS reviews a licence application, from the most
// favourable to the least.
type ReviewPolicy int

// Review policies. The order is the order of restrictiveness: when several
// clauses of one entry reach an item, the most restrictive applies.
const (
	// PolicyUnstated: the entry states no policy for the item. As a
	// Rule's Policy it means "take the entry's".
	PolicyUnstated ReviewPolicy = iota
	PresumptionOfApproval
	CaseByCase
	// PolicyByReference: the policy of a cited provision ("See §746.5(b)
	// of the EAR").
	PolicyByReference
	PresumptionOfDenial
	PolicyOfDenial
)

var policyNames = [...]string{"unstated", "presumption of approval", "case-by-case", "as the cited provision sets", "presumption of denial", "policy of denial"}

func (p ReviewPolicy) String() string {
	if p >= 0 && int(p) < len(policyNames) {
		return policyNames[p]
	}
	return fmt.Sprintf("ReviewPolicy(%d)", int(p))
}

// Clause is one part of a published review policy: a policy and the items
// it reaches.
type Clause struct {
	Policy ReviewPolicy
	// ECCNs named by the clause; an item classified under one of them or
	// under one of its paragraphs is reached.
	ECCNs []string
	CCL   bool // every item listed on the Commerce Control List
	EAR99 bool // every item designated EAR99
	// Categories of items the clause describes; the order declares them.
	Categories []clearance.ItemCategory
	// Rest: the clause reaches every item no other clause names ("all
	// other items", or a policy with no scope at all).
	Rest bool
	// Ref cites the provision the clause refers to.
	Ref  string
	Text string
}

// Policy is a published review policy read into clauses.
type Policy struct {
	Text    string
	Clauses []Clause
}

var (
	policyPhrases = []struct {
		re     *regexp.Regexp
		policy ReviewPolicy
	}{
		{regexp.MustCompile(`policy\s+of\s+denial`), PolicyOfDenial},
		{regexp.MustCompile(`presumption\s+of\s+denial`), PresumptionOfDenial},
		{regexp.MustCompile(`presumption\s+of\s+approval`), PresumptionOfApproval},
		{regexp.MustCompile(`cas[ae][\s-]*by[\s-]*case`), CaseByCase}, // "casa-by-case" is published too
	}
	eccnPattern = regexp.MustCompile(`\b\d[a-e]\d{3}(?:\.[a-z0-9]+)*`)
	notePhrase  = regexp.MustCompile(`ear99 items described in the note to eccn 1a995`)
	// categoryPhrases are the words by which published policies and
	// requirements describe item categories.
	categoryPhrases = []struct {
		words    []string
		category clearance.ItemCategory
	}{
		{[]string{"note to eccn 1a995"}, clearance.CategoryNote1A995},
		{[]string{"infectious disease"}, clearance.CategoryInfectiousDisease},
		{[]string{"food", "medicine"}, clearance.CategoryFoodMedicine},
		{[]string{"advanced technology node"}, clearance.CategoryAdvancedNode},
		{[]string{"civil aviation"}, clearance.CategoryCivilAviation},
		{[]string{"space program"}, clearance.CategorySpaceProgram},
	}
)

// ParsePolicy reads a published review policy ("Case-by-case review for
// ECCNs 1A004.c, ...; presumption of denial for all other items subject to
// the EAR.") into clauses. Parts it cannot read are left out of the clauses
// but stay in Text, which every reason quotes.
func ParsePolicy(text string) Policy {
	p := Policy{Text: text}
	for _, part := range splitClauses(text) {
		c, ok := parseClause(part)
		if !ok {
			continue
		}
		// "Policy of denial. See §§ 746.8(b) and 744.21(e)." cites the
		// provision behind the clause before it.
		if last := len(p.Clauses) - 1; c.Policy == PolicyByReference && last >= 0 {
			p.Clauses[last].Ref = c.Ref
			continue
		}
		p.Clauses = append(p.Clauses, c)
	}
	return p
}

// For returns the clause whose policy applies to an item: the most
// restrictive clause that names the item, else the most restrictive clause
// for all other items. ok is false when no clause reaches the item.
func (p Policy) For(it *clearance.Item) (c Clause, ok bool) {
	best := -1
	for _, rest := range []bool{false, true} {
		for i, c := range p.Clauses {
			if c.Rest == rest && (rest || c.reaches(it)) && (best < 0 || c.Policy > p.Clauses[best].Policy) {
				best = i
			}
		}
		if best >= 0 {
			return p.Clauses[best], true
		}
	}
	return Clause{}, false
}

// reaches reports whether the clause names the item.
func (c Clause) reaches(it *clearance.Item) bool {
	for _, e := range c.ECCNs {
		if within(it.ECCN, e) {
			return true
		}
	}
	if (c.CCL && it.ECCN != clearance.EAR99) || (c.EAR99 && it.ECCN == clearance.EAR99) {
		return true
	}
	for _, cat := range c.Categories {
		if it.HasCategory(cat) && (cat != clearance.CategoryNote1A995 || it.ECCN == clearance.EAR99) {
			return true
		}
	}
	return false
}

// Describe says which items the clause reaches, for a reason's message.
func (c Clause) Describe() string {
	var parts []string
	if len(c.ECCNs) > 0 {
		parts = append(parts, "ECCNs "+strings.Join(c.ECCNs, ", "))
	}
	if c.CCL {
		parts = append(parts, "items on the CCL")
	}
	if c.EAR99 {
		parts = append(parts, "EAR99 items")
	}
	for _, cat := range c.Categories {
		parts = append(parts, "items of category "+string(cat))
	}
	if c.Rest {
		parts = append(parts, "all other items")
	}
	return strings.Join(parts, " and ")
}

// splitClauses cuts a policy at semicolons and at the ends of sentences.
func splitClauses(text string) []string {
	var out []string
	for _, semi := range strings.Split(text, ";") {
		start := 0
		for i := 0; i+2 < len(semi); i++ {
			if semi[i] == '.' && semi[i+1] == ' ' && sentenceEnd(semi[:i], strings.TrimLeft(semi[i+1:], " ")) {
				out = append(out, semi[start:i])
				start = i + 1
			}
		}
		out = append(out, semi[start:])
	}
	return slices.DeleteFunc(out, func(s string) bool { return strings.TrimSpace(s) == "" })
}

// sentenceEnd reports whether a period between before and after ends a
// sentence: the next word starts with a capital and the last one is not an
// abbreviation ("U.S. Government").
func sentenceEnd(before, after string) bool {
	if after == "" || after[0] < 'A' || after[0] > 'Z' {
		return false
	}
	word := before[strings.LastIndexAny(before, " (")+1:]
	return len(word) > 1 && !strings.Contains(word, ".")
}

// parseClause reads one clause. ok is false when it states no policy and
// cites no provision.
func parseClause(s string) (Clause, bool) {
	s = strings.TrimSpace(s)
	low := strings.TrimPrefix(strings.ToLower(s), "and ")
	c := Clause{Text: s}
	at := -1
	var end int
	for _, ph := range policyPhrases {
		if m := ph.re.FindStringIndex(low); m != nil && (at < 0 || m[0] < at) {
			at, end, c.Policy = m[0], m[1], ph.policy
		}
	}
	if at < 0 {
		if !strings.HasPrefix(low, "see ") {
			return Clause{}, false
		}
		c.Policy, c.Rest = PolicyByReference, true
		c.Ref = strings.TrimSuffix(strings.TrimSpace(s[4:]), ".")
		return c, true
	}
	c.readScope(low[:at] + " " + low[end:])
	return c, true
}

// readScope fills the clause's scope from its lower-case text.
func (c *Clause) readScope(t string) {
	c.Categories = categoriesIn(t)
	t = notePhrase.ReplaceAllString(t, "")
	for _, m := range eccnPattern.FindAllString(t, -1) {
		if e, ok := clearance.NormalizeECCN(m); ok && !slices.Contains(c.ECCNs, e) {
			c.ECCNs = append(c.ECCNs, e)
		}
	}
	c.EAR99 = strings.Contains(t, "ear99")
	c.CCL = strings.Contains(t, " ccl") || strings.Contains(t, "commerce control list")
	named := len(c.ECCNs) > 0 || c.EAR99 || c.CCL || len(c.Categories) > 0
	c.Rest = !named || strings.Contains(t, "all other items")
}

// categoriesIn returns the item categories a lower-case text describes.
func categoriesIn(t string) []clearance.ItemCategory {
	var out []clearance.ItemCategory
	for _, cp := range categoryPhrases {
		all := true
		for _, w := range cp.words {
			all = all && strings.Contains(t, w)
		}
		if all {
			out = append(out, cp.category)
		}
	}
	return out
}
