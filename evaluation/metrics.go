package evaluation

import (
	"encoding/json"
	"sort"
)

// Confusion counts outcomes of a binary decision: whether a name is
// reported as a potential match (predicted) against whether it truly is
// one (the label).
type Confusion struct {
	TP, FP, FN, TN int
}

// Add counts one outcome.
func (c *Confusion) Add(truth, predicted bool) {
	switch {
	case truth && predicted:
		c.TP++
	case truth:
		c.FN++
	case predicted:
		c.FP++
	default:
		c.TN++
	}
}

// Merge adds the counts of o.
func (c *Confusion) Merge(o Confusion) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
	c.TN += o.TN
}

// N is the number of outcomes counted.
func (c Confusion) N() int { return c.TP + c.FP + c.FN + c.TN }

// Positives is the number of truly matching cases.
func (c Confusion) Positives() int { return c.TP + c.FN }

// Negatives is the number of truly non-matching cases.
func (c Confusion) Negatives() int { return c.FP + c.TN }

// Precision is TP/(TP+FP); ok is false when nothing was predicted.
func (c Confusion) Precision() (v float64, ok bool) { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN); ok is false when there are no positives.
func (c Confusion) Recall() (v float64, ok bool) { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall; ok is false when either
// is undefined. It is 0 when both are 0.
func (c Confusion) F1() (v float64, ok bool) {
	p, okP := c.Precision()
	r, okR := c.Recall()
	if !okR {
		return 0, false
	}
	if !okP {
		// Nothing predicted but positives exist: recall is 0, so is F1.
		return 0, true
	}
	if p+r == 0 {
		return 0, true
	}
	return 2 * p * r / (p + r), true
}

// AlertRate is the share of negatives reported as potential matches,
// FP/(FP+TN); ok is false when there are no negatives.
func (c Confusion) AlertRate() (v float64, ok bool) { return ratio(c.FP, c.FP+c.TN) }

func ratio(num, den int) (float64, bool) {
	if den == 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// MarshalJSON writes the counts and every defined metric; undefined metrics
// are null.
func (c Confusion) MarshalJSON() ([]byte, error) {
	opt := func(v float64, ok bool) *float64 {
		if !ok {
			return nil
		}
		return &v
	}
	return json.Marshal(struct {
		TP        int      `json:"tp"`
		FP        int      `json:"fp"`
		FN        int      `json:"fn"`
		TN        int      `json:"tn"`
		Precision *float64 `json:"precision"`
		Recall    *float64 `json:"recall"`
		F1        *float64 `json:"f1"`
		AlertRate *float64 `json:"alert_rate"`
	}{c.TP, c.FP, c.FN, c.TN, opt(c.Precision()), opt(c.Recall()), opt(c.F1()), opt(c.AlertRate())})
}

// UnmarshalJSON reads the counts written by MarshalJSON.
func (c *Confusion) UnmarshalJSON(b []byte) error {
	var v struct{ TP, FP, FN, TN int }
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Confusion{v.TP, v.FP, v.FN, v.TN}
	return nil
}

// Row is one line of a breakdown: a group's outcomes and, where a peer's
// predictions exist for the same cases, the peer's.
type Row struct {
	Key  string     `json:"key"`
	C    Confusion  `json:"counts"`
	Peer *Confusion `json:"peer,omitempty"`
}

// Tally groups outcomes by a key.
type Tally struct {
	rows  map[string]*Row
	order []string
}

// Add counts one outcome under key; peer, when not nil, is the peer's
// prediction for the same case.
func (t *Tally) Add(key string, truth, predicted bool, peer *bool) {
	if t.rows == nil {
		t.rows = map[string]*Row{}
	}
	r, ok := t.rows[key]
	if !ok {
		r = &Row{Key: key}
		t.rows[key] = r
		t.order = append(t.order, key)
	}
	r.C.Add(truth, predicted)
	if peer != nil {
		if r.Peer == nil {
			r.Peer = &Confusion{}
		}
		r.Peer.Add(truth, *peer)
	}
}

// Rows returns the groups, largest first, then by key.
func (t *Tally) Rows() []Row {
	out := make([]Row, 0, len(t.rows))
	for _, r := range t.rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].C.N() != out[j].C.N() {
			return out[i].C.N() > out[j].C.N()
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// InOrder returns the groups in the order their keys were first added.
func (t *Tally) InOrder() []Row {
	out := make([]Row, len(t.order))
	for i, k := range t.order {
		out[i] = *t.rows[k]
	}
	return out
}

// MergeSmall returns the rows of groups with at least minN cases, and one more
// row, named other, merging the rest (omitted when there is no rest).
func MergeSmall(rows []Row, minN int, other string) []Row {
	var out []Row
	rest := Row{Key: other}
	merged := 0
	for _, r := range rows {
		if r.C.N() >= minN {
			out = append(out, r)
			continue
		}
		merged++
		rest.C.Merge(r.C)
		if r.Peer != nil {
			if rest.Peer == nil {
				rest.Peer = &Confusion{}
			}
			rest.Peer.Merge(*r.Peer)
		}
	}
	if merged > 0 {
		out = append(out, rest)
	}
	return out
}
