package evaluation

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clearancehq/clearance"
)

// Paths of the company-name sets, relative to the shared data directory.
const (
	SECFile = "negatives/sec_edgar_company_tickers/company_tickers_2024-05.json"
	OUIFile = "negatives/ieee_oui_registry/oui.csv"
)

// Company set identifiers, as used in the known-listed labels.
const (
	SetSEC = "sec"
	SetOUI = "oui"
)

// CompanySet is a list of distinct real company names.
type CompanySet struct {
	ID    string // SetSEC or SetOUI
	Label string
	File  string
	Names []string
	// Countries holds, when the set gives one, each name's country (ISO
	// alpha-2, "" when unknown), screened as evidence as an exporter would
	// screen its customer with the country it knows.
	Countries []string
}

// nameKey folds a name for de-duplication and label lookup: lower case,
// single spaces.
func nameKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// dedupe keeps the first spelling of each name.
func dedupe(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		k := nameKey(n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, strings.TrimSpace(n))
	}
	return out
}

// LoadSECTitles reads SEC EDGAR's company_tickers.json (an object keyed
// "0", "1"... of {cik_str, ticker, title}) and returns the distinct titles
// in key order.
func LoadSECTitles(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "open evaluation set: %w", err)
	}
	var recs map[string]struct {
		CIK    json.Number `json:"cik_str"`
		Ticker string      `json:"ticker"`
		Title  *string     `json:"title"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&recs); err != nil {
		return nil, clearance.Errorf(clearance.Invalid, "%s: %s", path, jsonError(b, err))
	}
	type keyed struct {
		n     int
		title string
	}
	var rows []keyed
	for k, r := range recs {
		n, err := strconv.Atoi(k)
		if err != nil {
			return nil, clearance.Errorf(clearance.Invalid, "%s record %q: key is not a number", path, k)
		}
		if r.Title == nil || strings.TrimSpace(*r.Title) == "" {
			return nil, clearance.Errorf(clearance.Invalid, "%s record %q field \"title\": missing or empty", path, k)
		}
		if !utf8.ValidString(*r.Title) {
			return nil, clearance.Errorf(clearance.Invalid, "%s record %q field \"title\": invalid UTF-8", path, k)
		}
		rows = append(rows, keyed{n, *r.Title})
	}
	if len(rows) == 0 {
		return nil, clearance.Errorf(clearance.Invalid, "%s: no records", path)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].n < rows[j].n })
	titles := make([]string, len(rows))
	for i, r := range rows {
		titles[i] = r.title
	}
	return dedupe(titles), nil
}

// jsonError describes a JSON decoding error with its line and column.
func jsonError(b []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(b)) {
		return err.Error()
	}
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(b[:off], '\n'))
	return fmt.Sprintf("line %d column %d: %v", line, col, err)
}

// LoadOUINames reads an IEEE registry CSV (oui.csv: Registry, Assignment,
// Organization Name, Organization Address) and returns the distinct
// organisation names in file order, with the country of each name's first
// address (see addressCountry). IEEE's placeholder "Private", written for
// registrants who pay to stay unnamed, is not a name and is left out.
func LoadOUINames(path string) (names, countries []string, err error) {
	c, f, err := openCSV(path, "Organization Name", "Organization Address")
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	seen := map[string]bool{}
	for {
		ok, err := c.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		n := strings.TrimSpace(c.get("Organization Name"))
		if n == "" {
			return nil, nil, c.errorf("Organization Name", "empty name")
		}
		if !utf8.ValidString(n) {
			return nil, nil, c.errorf("Organization Name", "invalid UTF-8")
		}
		if k := nameKey(n); !strings.EqualFold(n, "Private") && !seen[k] {
			seen[k] = true
			names = append(names, n)
			countries = append(countries, addressCountry(c.get("Organization Address")))
		}
	}
	if len(names) == 0 {
		return nil, nil, clearance.Errorf(clearance.Invalid, "%s: no rows after the header", path)
	}
	return names, countries, nil
}

// addressCountry returns the country code of an IEEE registry address: the
// last word of two capital letters that is an ISO code ("... San Jose CA US
// 94568" is US, "... Kanata Ontario CA K2K 2E6" is Canada), or "" when there
// is none.
func addressCountry(addr string) string {
	words := strings.Fields(addr)
	for i := len(words) - 1; i >= 0; i-- {
		w := words[i]
		if len(w) == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] >= 'A' && w[1] <= 'Z' {
			if code, ok := clearance.CountryCode(w); ok {
				return code
			}
		}
	}
	return ""
}

// Listed is a reviewed label: a name in a company set that is a listed
// party, and the listed entry it is.
type Listed struct {
	Line int
	Name string
	Set  string
	// Entries are the primary names of the listed entries that are this
	// company (one per list that carries it).
	Entries []string
	Reason  string
}

// KnownListedCSV is the pinned, reviewed label file of company names that
// are listed parties (testdata/known_listed.csv).
//
//go:embed testdata/known_listed.csv
var KnownListedCSV []byte

// KnownListedFile is the label file's path in the repository, for messages.
const KnownListedFile = "evaluation/testdata/known_listed.csv"

// LoadKnownListed reads label rows: name, set (sec or oui), listed_entry_name
// (several entries separated by " | "), reason.
func LoadKnownListed(name string, r io.Reader) ([]Listed, error) {
	c, err := newCSV(name, r, "name", "set", "listed_entry_name", "reason")
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var out []Listed
	for {
		ok, err := c.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		l := Listed{Line: c.line, Name: c.get("name"), Set: c.get("set"), Reason: c.get("reason")}
		for _, e := range strings.Split(c.get("listed_entry_name"), "|") {
			if e = strings.TrimSpace(e); e != "" {
				l.Entries = append(l.Entries, e)
			}
		}
		switch {
		case l.Name == "":
			return nil, c.errorf("name", "empty name")
		case l.Set != SetSEC && l.Set != SetOUI:
			return nil, c.errorf("set", "%q is not %s or %s", l.Set, SetSEC, SetOUI)
		case len(l.Entries) == 0:
			return nil, c.errorf("listed_entry_name", "empty: name the listed entry")
		case l.Reason == "":
			return nil, c.errorf("reason", "empty: say why the name is that listed party")
		}
		k := l.Set + "\x00" + nameKey(l.Name)
		if prev, dup := seen[k]; dup {
			return nil, c.errorf("name", "%q is labelled twice for set %s (first on line %d)", l.Name, l.Set, prev)
		}
		seen[k] = l.Line
		out = append(out, l)
	}
}

// RunCompanies screens real company names against every loaded list, with
// kind organization as evidence. A name labelled as listed is a positive:
// found when a hit on one of its labelled entries scores at or above the
// threshold. Every other name is a negative: any hit is a false alert.
func RunCompanies(ctx context.Context, env *Env, sets []CompanySet, labels []Listed) (*SetReport, error) {
	start := time.Now()
	bySet := map[string]map[string]Listed{}
	for _, l := range labels {
		if bySet[l.Set] == nil {
			bySet[l.Set] = map[string]Listed{}
		}
		bySet[l.Set][nameKey(l.Name)] = l
	}
	var bySource, byScript, byEvidence Tally
	var total, nameOnly Confusion
	var examples []Example
	var notes []string
	for _, s := range sets {
		qs := make([]clearance.Query, len(s.Names))
		for i, n := range s.Names {
			qs[i] = clearance.Query{Name: n, Kind: clearance.KindOrganization}
			if i < len(s.Countries) {
				qs[i].Country = s.Countries[i]
			}
		}
		res, err := env.screenAll(ctx, "companies: "+s.Label, qs)
		if err != nil {
			return nil, err
		}
		// The same names by name alone, to show what the country does.
		bare := res
		if len(s.Countries) > 0 {
			for i := range qs {
				qs[i].Country = ""
			}
			if bare, err = env.screenAll(ctx, "companies: "+s.Label+", name only", qs); err != nil {
				return nil, err
			}
		}
		used := map[string]bool{}
		for i, hits := range res {
			l, listed := bySet[s.ID][nameKey(s.Names[i])]
			pred, barePred := len(hits) > 0, len(bare[i]) > 0
			if listed {
				used[nameKey(s.Names[i])] = true
				pred, barePred = hasEntry(hits, l.Entries), hasEntry(bare[i], l.Entries)
			}
			nameOnly.Add(listed, barePred)
			if len(s.Countries) > 0 {
				byEvidence.Add(s.Label+", with the country", listed, pred, nil)
				byEvidence.Add(s.Label+", name only", listed, barePred, nil)
			}
			bySource.Add(s.Label, listed, pred, nil)
			byScript.Add(ScriptOf(s.Names[i]), listed, pred, nil)
			total.Add(listed, pred)
			if !env.Verbose {
				continue
			}
			switch {
			case !listed && pred:
				examples = append(examples, Example{What: "false alert", Group: s.Label, Query: s.Names[i], Score: hits[0].Score, Detail: hits[0].String()})
			case listed && !pred:
				d := "no hit"
				if len(hits) > 0 {
					d = "top hit " + hits[0].String()
				}
				examples = append(examples, Example{What: "miss", Group: s.Label, Query: s.Names[i], Detail: "labelled " + strings.Join(l.Entries, " | ") + "; " + d})
			}
		}
		for k, l := range bySet[s.ID] {
			if !used[k] {
				notes = append(notes, fmt.Sprintf("%s line %d: labelled name %q is not in %s.", KnownListedFile, l.Line, l.Name, s.File))
			}
		}
	}
	sort.Strings(notes)
	sortExamples(examples)
	rate, _ := total.AlertRate()
	rep := &SetReport{
		ID:    "companies",
		Title: "Real company names (SEC EDGAR issuers, IEEE MAC address registrants)",
		Description: fmt.Sprintf("Distinct company names screened against every loaded list with kind organization as evidence, "+
			"and the registrant's country where the set gives one (the IEEE registry's address; SEC titles come without). "+
			"Names reviewed as genuinely listed (%s, %d labels) count as positives, found when a hit on the labelled entry "+
			"scores at or above the threshold; every other alert is a false alert.", KnownListedFile, len(labels)),
		Tables: []Table{
			{Title: "By source", By: "source", Layout: LayoutAlerts, Rows: bySource.InOrder(), Total: &Row{Key: "all", C: total}},
			{Title: "By script of the name", By: "script", Layout: LayoutAlerts, Rows: byScript.Rows()},
			{Title: "With and without the registrant's country (sets that give one)", By: "screened", Layout: LayoutAlerts,
				Rows: byEvidence.InOrder(), Total: &Row{Key: "all names, name only", C: nameOnly}},
		},
		Targets:  []Target{newTarget("companies", "real company names alerting", "alert_rate", rate, 0.01, true, total.Negatives())},
		Notes:    notes,
		Examples: examples,
		Took:     time.Since(start),
	}
	return rep, nil
}

// hasEntry reports whether a hit is on one of the named entries, compared
// by entryKey: lists write one name with varying case and punctuation.
func hasEntry(hits []hit, entries []string) bool {
	for _, h := range hits {
		for _, e := range entries {
			if entryKey(h.EntryName) == entryKey(e) {
				return true
			}
		}
	}
	return false
}

// entryKey folds a name to lower-case letters and digits separated by
// single spaces.
func entryKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
