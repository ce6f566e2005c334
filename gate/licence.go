package gate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/clearancehq/clearance"
)

// maxExplained bounds how many licences a reason explains the failure of.
const maxExplained = 3

// balances tracks what remains of each licence line while one order is
// decided, so that two items of the order cannot spend the same balance.
type balances struct {
	licences []*licenceState
}

// licenceState is one licence with its remaining amounts; nil means no
// limit.
type licenceState struct {
	b    *clearance.LicenceBalance
	remQ []*clearance.Quantity
	remV []*clearance.Money
}

// newBalances orders the licences by the day they expire, soonest first,
// so that an order uses up the licences that will lapse before others.
func newBalances(ls []clearance.LicenceBalance) *balances {
	out := &balances{}
	for i := range ls {
		b := &ls[i]
		st := &licenceState{b: b, remQ: make([]*clearance.Quantity, len(b.Licence.Items)), remV: make([]*clearance.Money, len(b.Licence.Items))}
		for k, li := range b.Licence.Items {
			// A line with no balance recorded has its whole authorisation.
			st.remQ[k], st.remV[k] = copyOf(li.Quantity), copyOf(li.Value)
			if k < len(b.Lines) {
				st.remQ[k], st.remV[k] = copyOf(b.Lines[k].RemainingQuantity), copyOf(b.Lines[k].RemainingValue)
			}
		}
		out.licences = append(out.licences, st)
	}
	slices.SortStableFunc(out.licences, func(a, b *licenceState) int {
		return cmp.Or(cmp.Compare(a.b.Licence.ValidTo, b.b.Licence.ValidTo), cmp.Compare(a.b.Licence.Number, b.b.Licence.Number))
	})
	return out
}

func copyOf[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// find looks for a licence from authority auth that covers item k of the
// order, and takes the item's quantity and value from it. It returns the
// draw and what remains, or why no licence covers the item.
func (bs *balances) find(o *clearance.Order, k int, auth clearance.Authority) (draw *clearance.Draw, remains, problem string) {
	it := &o.Items[k]
	var problems []string
	relevant := 0
	for _, st := range bs.licences {
		if !namesAny(st.b.Licence.Parties, o.Parties) {
			continue
		}
		relevant++
		line, why := st.cover(o, it, auth)
		if line < 0 {
			problems = append(problems, why)
			continue
		}
		st.take(line, it)
		return &clearance.Draw{Item: k, Licence: st.b.Licence.Number, Line: line, Quantity: it.Quantity, Value: it.Value},
			st.describeLine(line), ""
	}
	if relevant == 0 {
		return nil, "", "no licence on file names any party of the order"
	}
	if len(problems) > maxExplained {
		problems = append(problems[:maxExplained], fmt.Sprintf("and %d more licences do not", len(problems)-maxExplained))
	}
	return nil, "", strings.Join(problems, "; ")
}

// cover returns the line of the licence that covers the item, or -1 and
// why none does.
func (st *licenceState) cover(o *clearance.Order, it *clearance.Item, auth clearance.Authority) (int, string) {
	l := &st.b.Licence
	switch {
	case l.Authority != auth:
		return -1, fmt.Sprintf("licence %s was issued by %s, and this requirement needs a %s licence", l.Number, l.Authority, auth)
	case o.Date < l.ValidFrom:
		return -1, fmt.Sprintf("licence %s is valid only from %s", l.Number, l.ValidFrom)
	case o.Date > l.ValidTo:
		return -1, fmt.Sprintf("licence %s expired on %s", l.Number, l.ValidTo)
	case l.Destination != o.Destination:
		return -1, fmt.Sprintf("licence %s is for destination %s, not %s", l.Number, l.Destination, o.Destination)
	}
	for _, p := range o.Parties {
		if p.Role.TransactionParty() && !names(l.Parties, p.Name) {
			return -1, fmt.Sprintf("licence %s does not name the %s %q", l.Number, p.Role, p.Name)
		}
	}
	why := fmt.Sprintf("licence %s has no line for %s", l.Number, it.ECCN)
	for i, li := range l.Items {
		if !within(it.ECCN, li.ECCN) {
			continue
		}
		if li.Unit != "" && it.Unit != "" && !strings.EqualFold(li.Unit, it.Unit) {
			why = fmt.Sprintf("licence %s line %d counts %s, not %s", l.Number, i, li.Unit, it.Unit)
			continue
		}
		if short := st.shortfall(i, it); short != "" {
			why = fmt.Sprintf("licence %s line %d (%s) is exhausted for this item: %s", l.Number, i, li.ECCN, short)
			continue
		}
		return i, ""
	}
	return -1, why
}

// shortfall says what line i lacks for the item, or "".
func (st *licenceState) shortfall(i int, it *clearance.Item) string {
	if q := st.remQ[i]; q != nil && *q < it.Quantity {
		return fmt.Sprintf("%s %s left, the item needs %s", q, unitOf(st.b.Licence.Items[i], it), it.Quantity)
	}
	if v := st.remV[i]; v != nil && *v < it.Value {
		return fmt.Sprintf("$%s left, the item is worth $%s", v, it.Value)
	}
	return ""
}

// take draws the item's quantity and value from line i.
func (st *licenceState) take(i int, it *clearance.Item) {
	if q := st.remQ[i]; q != nil {
		*q -= it.Quantity
	}
	if v := st.remV[i]; v != nil {
		*v -= it.Value
	}
}

// describeLine says what remains of line i.
func (st *licenceState) describeLine(i int) string {
	li := st.b.Licence.Items[i]
	var left []string
	if q := st.remQ[i]; q != nil {
		left = append(left, fmt.Sprintf("%s of %s %s", q, li.Quantity, unitOf(li, nil)))
	}
	if v := st.remV[i]; v != nil {
		left = append(left, fmt.Sprintf("$%s of $%s", v, li.Value))
	}
	s := fmt.Sprintf("line %d (%s), %s left after this order", i, li.ECCN, strings.Join(left, " and "))
	if len(st.b.Licence.Conditions) > 0 {
		s += "; conditions: " + strings.Join(st.b.Licence.Conditions, "; ")
	}
	return s
}

// unitOf names the unit of a licence line, or of the item, or "units".
func unitOf(li clearance.LicenceItem, it *clearance.Item) string {
	switch {
	case li.Unit != "":
		return li.Unit
	case it != nil && it.Unit != "":
		return it.Unit
	}
	return "units"
}

// names reports whether a licence's parties include the name.
func names(parties []string, name string) bool {
	f := foldName(name)
	for _, p := range parties {
		if foldName(p) == f {
			return true
		}
	}
	return false
}

// namesAny reports whether a licence names any party of the order.
func namesAny(parties []string, order []clearance.Party) bool {
	for _, p := range order {
		if names(parties, p.Name) {
			return true
		}
	}
	return false
}
