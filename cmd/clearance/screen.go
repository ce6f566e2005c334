package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/match"
)

// ScreenCmd screens one name.
type ScreenCmd struct {
	JSON      bool     `name:"json" help:"Print JSON."`
	Threshold *float64 `name:"threshold" help:"Report hits scoring at least this (0..1; default from configuration, 0.80)." placeholder:"T"`
	Country   string   `name:"country" help:"Country of the party (ISO code or name): evidence for or against a hit."`
	Address   string   `name:"address" help:"Address of the party, screened against the address-only entries of the lists." placeholder:"ADDRESS"`
	Kind      string   `name:"kind" help:"Kind of party: person, organization, vessel or aircraft." enum:",person,organization,vessel,aircraft" default:""`
	DOB       string   `name:"dob" help:"Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)."`
	ID        []string `name:"id" help:"Identifier (passport, registration number, USCC, IMO...); repeatable."`
	Limit     int      `name:"limit" default:"10" help:"At most this many hits."`
	AsOf      string   `name:"as-of" placeholder:"VERSIONS|DATE" help:"Replay against past list versions: SOURCE:VERSION[,SOURCE:VERSION...] (exactly those), or a date or RFC 3339 time (each source's version active then)."`
	Options   string   `name:"options" placeholder:"HASH" help:"Screen with the matching options recorded under this hash (as a case or decision reports it), limit and threshold included."`
	Name      []string `arg:"" name:"NAME" help:"The name to screen (several words need no quotes)."`
}

// Run screens the name and prints the hits.
func (c *ScreenCmd) Run(app *App) error {
	opts, err := c.options(app)
	if err != nil {
		return err
	}
	s, err := c.screener(app)
	if err != nil {
		return err
	}
	q := clearance.Query{Name: strings.Join(c.Name, " "), Country: c.Country, Address: c.Address, Kind: clearance.EntityKind(c.Kind),
		BirthDate: c.DOB, Identifiers: c.ID}
	res, err := s.Screen(q, opts)
	if err != nil {
		return err
	}
	// The options are kept by their hash, which the audit record holds, so
	// that `screen --options HASH` replays this screening.
	rs, err := app.reviewStore()
	if err != nil {
		return err
	}
	if err := rs.SaveOptions(app.ctx, opts); err != nil {
		return err
	}
	if err := app.audit(clearance.ScreeningRecord(res, app.cfg.Actor, app.requestID)); err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(app.stdout, res)
	}
	printScreening(app.stdout, res)
	return nil
}

// matchOptions returns the configured options with an optional threshold
// override.
func (a *App) matchOptions(threshold *float64) (match.Options, error) {
	opts := a.cfg.Match
	if threshold != nil {
		if *threshold < 0 || *threshold > 1 {
			return opts, clearance.Errorf(clearance.Invalid, "--threshold %v: want a number between 0 and 1", *threshold)
		}
		opts.Threshold = *threshold
	}
	return opts, nil
}

func printScreening(w io.Writer, s *clearance.Screening) {
	var vs []string
	for _, v := range s.Versions {
		vs = append(vs, fmt.Sprintf("%s v%d (%s)", v.Source, v.Version, orDash(v.Published)))
	}
	fmt.Fprintf(w, "Screened %q against %s\nThreshold %.2f · matching options %s (%s)\n\n", s.Query.Name, strings.Join(vs, ", "),
		s.Threshold, s.OptionsHash, s.Algorithm)
	if len(s.Hits) == 0 {
		fmt.Fprintln(w, "No potential match.")
		return
	}
	noun := "potential matches"
	if len(s.Hits) == 1 {
		noun = "potential match"
	}
	fmt.Fprintf(w, "%d %s\n", len(s.Hits), noun)
	for i, h := range s.Hits {
		fmt.Fprintf(w, "\n#%d  %.3f  %s\n", i+1, h.Score, h.EntryName)
		field := func(label, value string) {
			if value != "" {
				fmt.Fprintf(w, "    %-11s %s\n", label+":", value)
			}
		}
		list := h.Source
		if len(h.AlsoIn) > 0 {
			list += " (also in " + strings.Join(h.AlsoIn, ", ") + ")"
		}
		field("List", list)
		field("Entry", h.EntryID+" ("+string(h.Dataset)+")")
		field("Matched", explainMatch(h))
		for _, ev := range h.Explanation.Evidence {
			field("Evidence", fmt.Sprintf("%+.2f %s", ev.Effect, ev.Detail))
		}
		field("Licence", h.LicenseRequirement)
		field("Policy", h.LicensePolicy)
		field("Fed. Reg.", h.FederalRegisterNotice)
		field("Listed on", h.StartDate)
		field("Programs", strings.Join(h.Programs, ", "))
		for _, a := range h.Addresses {
			field("Address", a)
		}
		field("Aliases", truncate(strings.Join(h.Aliases, "; "), 300))
	}
}

// explainMatch renders which name matched and how its tokens aligned.
func explainMatch(h clearance.Hit) string {
	ex := h.Explanation
	kind := string(h.MatchedKind)
	if ex.Weak {
		kind += ", weak"
	}
	return fmt.Sprintf("%q (%s) name score %.2f: %s", h.MatchedName, kind, ex.NameScore, ex.Alignment())
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
