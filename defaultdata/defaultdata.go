// Package defaultdata embeds the snapshot of public restricted-party lists
// that Clearance ships with, so that a fresh installation screens against
// real lists with no set-up. The files are the publishers' own formats,
// gzip-compressed, imported through the same parsers as any update.
// README.md in this folder gives each file's origin, date and licence.
package defaultdata

import (
	"embed"
	"io/fs"

	"github.com/clearancehq/clearance"
)

//go:embed files
var files embed.FS

// Snapshot is one shipped version of a source.
type Snapshot struct {
	Source clearance.SourceID
	Format string
	// Paths of the files within FS, in the order the parser expects them.
	Paths []string
	// Published is the publication date of the snapshot, used when the
	// files themselves state none.
	Published string
	Origin    string
}

// Snapshots lists the shipped data, one snapshot per source.
var Snapshots = []Snapshot{
	{Source: clearance.SourceUSCSL, Format: "csl", Paths: []string{"files/us-csl/consolidated.csv.gz"},
		Published: "2022-05-06", Origin: "trade.gov consolidated.csv as of early May 2022 (copy in moov-io/watchman test data)"},
	{Source: clearance.SourceOFACSDN, Format: "ofac", Paths: []string{"files/us-ofac-sdn/sdn.csv.gz"},
		Published: "2024-07-02", Origin: "OFAC sdn.csv of 2 July 2024 (daily scrape in markschaver/SDN); aliases and addresses are in the CSL's SDN rows"},
	{Source: clearance.SourceOFACCons, Format: "ofac-xml", Paths: []string{"files/us-ofac-cons/CONS_ENHANCED.XML.gz"},
		Published: "2025-01-10", Origin: "OFAC CONS_ENHANCED.XML, data as of 10 January 2025"},
	{Source: clearance.SourceUN, Format: "un", Paths: []string{"files/un-sc/consolidated.xml.gz"},
		Published: "2026-02-27", Origin: "UN Security Council consolidated.xml generated 27 February 2026"},
	{Source: clearance.SourceUK, Format: "uk", Paths: []string{"files/uk-ofsi/ConList.csv.gz"},
		Published: "2025-04-10", Origin: "UK OFSI ConList of 10 April 2025 (converted from the published spreadsheet to CSV)"},
}

// FS returns the embedded files.
func FS() fs.FS { return files }
