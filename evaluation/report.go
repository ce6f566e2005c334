package evaluation

import (
	"time"

	"github.com/clearancehq/clearance"
)

// Report is the outcome of one evaluation run: what was measured against,
// with which options, and the figures of each set.
type Report struct {
	// Command is the command line that reproduces the run.
	Command     string                 `json:"command"`
	Threshold   float64                `json:"threshold"`
	OptionsHash string                 `json:"options_hash"`
	Algorithm   string                 `json:"algorithm"`
	Versions    []clearance.VersionRef `json:"list_versions"`
	Entries     int                    `json:"entries"`
	Started     time.Time              `json:"started"`
	Took        time.Duration          `json:"took_ns"`
	Sets        []*SetReport           `json:"sets"`
}

// Targets returns the targets of every set, in set order.
func (r *Report) Targets() []Target {
	var out []Target
	for _, s := range r.Sets {
		out = append(out, s.Targets...)
	}
	return out
}

// Layout says which figures a table shows.
type Layout string

// Table layouts.
const (
	// LayoutPRF shows counts, precision, recall and F1 (labelled pairs).
	LayoutPRF Layout = "prf"
	// LayoutAlerts shows names screened and alerts per 1,000 (negatives),
	// and recall on any labelled positives among them.
	LayoutAlerts Layout = "alerts"
	// LayoutRecall shows queries, found, missed and recall (positives).
	LayoutRecall Layout = "recall"
)

// Table is one breakdown of a set's outcomes.
type Table struct {
	Title  string `json:"title"`
	By     string `json:"by"` // what the rows are grouped by
	Layout Layout `json:"layout"`
	Rows   []Row  `json:"rows"`
	// Total, when set, is shown as a last row.
	Total *Row `json:"total,omitempty"`
	// Detail tables are shown on the terminal and in JSON, not in the
	// Markdown document, whose size they would double.
	Detail bool `json:"detail,omitempty"`
}

// Target is a figure a set must reach.
type Target struct {
	Set    string  `json:"set"`
	Name   string  `json:"name"`
	Metric string  `json:"metric"` // f1, recall or alert_rate
	Value  float64 `json:"value"`
	Goal   float64 `json:"goal"`
	AtMost bool    `json:"at_most"` // the value must not exceed Goal (else reach it)
	N      int     `json:"n"`       // cases the value is measured on
	Pass   bool    `json:"pass"`
}

func newTarget(set, name, metric string, value, goal float64, atMost bool, n int) Target {
	pass := value >= goal
	if atMost {
		pass = value <= goal
	}
	return Target{Set: set, Name: name, Metric: metric, Value: value, Goal: goal, AtMost: atMost, N: n, Pass: pass}
}

// Example is one case worth a person's look: a false alert, a miss, a wrong
// pair verdict.
type Example struct {
	What   string  `json:"what"` // "false alert", "miss", "FP", "FN", ...
	Group  string  `json:"group,omitempty"`
	Query  string  `json:"query"`
	Score  float64 `json:"score"`
	Detail string  `json:"detail,omitempty"`
}

// SetReport is the outcome of one evaluation set.
type SetReport struct {
	ID          string        `json:"id"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Tables      []Table       `json:"tables"`
	Targets     []Target      `json:"targets"`
	Notes       []string      `json:"notes,omitempty"`
	Examples    []Example     `json:"examples,omitempty"`
	Took        time.Duration `json:"took_ns"`
}
