package gate

import (
	"strings"

	"github.com/clearancehq/clearance"
)

// Requirement is a published licence requirement read for the gate.
type Requirement struct {
	Text string
	// Supplement2 limits the requirement to the items listed in
	// Supplement No. 2 to Part 744.
	Supplement2 bool
	// Excepted are the item categories the requirement leaves out ("except
	// for food or medicine designated as EAR99").
	Excepted []clearance.ItemCategory
	// Unmodelled is set when the text narrows the requirement in a way the
	// gate cannot judge (an end use, another exception): the gate then
	// requires a licence for every item and says why.
	Unmodelled bool
}

// exceptionWords mark a requirement that narrows its own scope.
var exceptionWords = []string{"except", "apart from", "when used", "unless", "may be overcome"}

// ParseRequirement reads a published licence requirement ("For all items
// subject to the EAR. (See §744.11 of the EAR)"). A requirement it cannot
// read fully is read as reaching every item subject to the EAR: the gate
// errs towards requiring a licence.
func ParseRequirement(text string) Requirement {
	r := Requirement{Text: text}
	low := strings.ToLower(strings.Join(strings.Fields(text), " "))
	r.Supplement2 = strings.Contains(low, "supplement no. 2 to part 744")
	const foodMedicine = "except for food or medicine designated as ear99"
	if i := strings.Index(low, foodMedicine); i >= 0 {
		r.Excepted = append(r.Excepted, clearance.CategoryFoodMedicine)
		low = low[:i] + low[i+len(foodMedicine):]
	}
	for _, w := range exceptionWords {
		r.Unmodelled = r.Unmodelled || strings.Contains(low, w)
	}
	return r
}

// Reaches reports whether the requirement reaches an item, given the ECCNs
// of Supplement No. 2. An item classified less precisely than a listed
// paragraph is taken to be reached.
func (r Requirement) Reaches(it *clearance.Item, supplement2 []string) bool {
	for _, c := range r.Excepted {
		if it.HasCategory(c) && (c != clearance.CategoryFoodMedicine || it.ECCN == clearance.EAR99) {
			return false
		}
	}
	if !r.Supplement2 {
		return true
	}
	for _, e := range supplement2 {
		if mayBeWithin(it.ECCN, e) {
			return true
		}
	}
	return false
}

// within reports whether an item's ECCN is a listed ECCN or one of its
// paragraphs: within("1A004.c.1", "1A004.c") holds.
func within(item, listed string) bool {
	return item == listed || strings.HasPrefix(item, listed+".")
}

// mayBeWithin also holds when the item is classified less precisely than
// the listing, so that it may be within it: mayBeWithin("6A993", "6A993.a").
func mayBeWithin(item, listed string) bool {
	return within(item, listed) || strings.HasPrefix(listed, item+".")
}
