package evaluation

import (
	"fmt"
	"strconv"
)

// cells renders a table as a header and rows of strings, the columns
// depending on its layout; text and Markdown writers share it.
func cells(t Table) (header []string, rows [][]string) {
	all := t.Rows
	if t.Total != nil {
		all = append(append([]Row{}, t.Rows...), *t.Total)
	}
	peer, positives := false, false
	for _, r := range all {
		peer = peer || r.Peer != nil
		positives = positives || r.C.Positives() > 0
	}
	switch t.Layout {
	case LayoutPRF:
		header = []string{t.By, "pairs", "TP", "FP", "FN", "TN", "precision", "recall", "F1"}
		if peer {
			header = append(header, "peer pairs", "peer precision", "peer recall", "peer F1")
		}
		for _, r := range all {
			row := []string{r.Key, itoa(r.C.N()), itoa(r.C.TP), itoa(r.C.FP), itoa(r.C.FN), itoa(r.C.TN),
				metric(r.C.Precision()), metric(r.C.Recall()), metric(r.C.F1())}
			if peer {
				if r.Peer == nil {
					row = append(row, "0", "–", "–", "–")
				} else {
					row = append(row, itoa(r.Peer.N()), metric(r.Peer.Precision()), metric(r.Peer.Recall()), metric(r.Peer.F1()))
				}
			}
			rows = append(rows, row)
		}
	case LayoutAlerts:
		header = []string{t.By, "names", "not listed", "false alerts", "per 1,000", "rate"}
		if positives {
			header = append(header, "listed", "found", "recall")
		}
		for _, r := range all {
			rate, ok := r.C.AlertRate()
			per, pct := "–", "–"
			if ok {
				per = strconv.FormatFloat(rate*1000, 'f', 1, 64)
				pct = strconv.FormatFloat(rate*100, 'f', 2, 64) + "%"
			}
			row := []string{r.Key, itoa(r.C.N()), itoa(r.C.Negatives()), itoa(r.C.FP), per, pct}
			if positives {
				row = append(row, itoa(r.C.Positives()), itoa(r.C.TP), metric(r.C.Recall()))
			}
			rows = append(rows, row)
		}
	case LayoutRecall:
		header = []string{t.By, "queries", "found", "missed", "recall"}
		for _, r := range all {
			rows = append(rows, []string{r.Key, itoa(r.C.N()), itoa(r.C.TP), itoa(r.C.FN), metric(r.C.Recall())})
		}
	}
	return header, rows
}

func itoa(n int) string { return strconv.Itoa(n) }

func metric(v float64, ok bool) string {
	if !ok {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// targetCells renders a target's value, goal and verdict.
func targetCells(t Target) (value, goal, verdict string) {
	op := ">="
	if t.AtMost {
		op = "<="
	}
	if t.Metric == "alert_rate" {
		value = fmt.Sprintf("%.2f%% (%.1f per 1,000)", t.Value*100, t.Value*1000)
		goal = fmt.Sprintf("%s %.1f%%", op, t.Goal*100)
	} else {
		value = fmt.Sprintf("%.3f", t.Value)
		goal = fmt.Sprintf("%s %.2f", op, t.Goal)
	}
	verdict = "FAIL"
	if t.Pass {
		verdict = "PASS"
	}
	return value, goal, verdict
}
