package evaluation

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxExamples caps the examples of one kind printed per set; JSON output
// carries them all.
const MaxExamples = 40

// WriteText writes the report as aligned text tables for a terminal.
func WriteText(w io.Writer, rep *Report) error {
	ew := &errWriter{w: w}
	ew.printf("Clearance matcher evaluation\n")
	ew.printf("Threshold %.2f · matching options %s (%s) · %d list entries: %s\n", rep.Threshold, rep.OptionsHash, rep.Algorithm,
		rep.Entries, versionsLine(rep))
	if rep.Command != "" {
		ew.printf("Command: %s\n", rep.Command)
	}
	for _, s := range rep.Sets {
		ew.printf("\n== %s ==\n%s\n", s.Title, s.Description)
		for _, t := range s.Tables {
			ew.printf("\n%s\n", t.Title)
			header, rows := cells(t)
			for _, line := range aligned(header, rows) {
				ew.printf("  %s\n", line)
			}
		}
		for _, n := range s.Notes {
			ew.printf("Note: %s\n", n)
		}
		writeExamplesText(ew, s)
		ew.printf("(%s in %s)\n", s.ID, s.Took.Round(time.Millisecond))
	}
	ew.printf("\nTargets\n")
	var rows [][]string
	for _, t := range rep.Targets() {
		v, g, verdict := targetCells(t)
		rows = append(rows, []string{t.Name, itoa(t.N), v, g, verdict})
	}
	for _, line := range aligned([]string{"target", "n", "measured", "goal", ""}, rows) {
		ew.printf("  %s\n", line)
	}
	ew.printf("\nTook %s.\n", rep.Took.Round(time.Millisecond))
	return ew.err
}

// aligned renders rows as lines of columns separated by two spaces, the
// first column aligned left and the others (figures) right.
func aligned(header []string, rows [][]string) []string {
	all := append([][]string{header}, rows...)
	width := make([]int, len(header))
	for _, r := range all {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	out := make([]string, len(all))
	for k, r := range all {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		out[k] = strings.TrimRight(b.String(), " ")
	}
	return out
}

func writeExamplesText(ew *errWriter, s *SetReport) {
	count := map[string]int{}
	for _, e := range s.Examples {
		count[e.What]++
	}
	shown := map[string]int{}
	for _, e := range s.Examples {
		if shown[e.What] == 0 {
			ew.printf("\n%s: %d (worst first%s)\n", plural(e.What), count[e.What], capNote(count[e.What]))
		}
		shown[e.What]++
		if shown[e.What] > MaxExamples {
			continue
		}
		group := ""
		if e.Group != "" {
			group = "[" + e.Group + "] "
		}
		ew.printf("  %.3f  %s%s\n         %s\n", e.Score, group, e.Query, e.Detail)
	}
}

func capNote(n int) string {
	if n > MaxExamples {
		return fmt.Sprintf(", first %d shown; --json has all", MaxExamples)
	}
	return ""
}

// plural names a kind of example as a heading.
func plural(what string) string {
	switch {
	case what == "FP":
		return "False positives (FP)"
	case what == "FN":
		return "False negatives (FN)"
	case what == "false alert":
		return "False alerts"
	case what == "miss":
		return "Misses"
	case strings.HasPrefix(what, "miss "):
		return "Misses " + strings.TrimPrefix(what, "miss ")
	}
	return what
}

func versionsLine(rep *Report) string {
	var vs []string
	for _, v := range rep.Versions {
		p := v.Published
		if p == "" {
			p = "undated"
		}
		vs = append(vs, fmt.Sprintf("%s v%d (%s)", v.Source, v.Version, p))
	}
	return strings.Join(vs, ", ")
}

// errWriter keeps the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
