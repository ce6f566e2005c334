package clearance

import (
	"context"
	"io"
	"time"
)

// SourceID names a published data set that Clearance imports as a unit: one
// import of a source's files is one Version.
type SourceID string

// The sources Clearance knows how to import.
const (
	SourceUSCSL    SourceID = "us-csl"       // trade.gov Consolidated Screening List
	SourceOFACSDN  SourceID = "us-ofac-sdn"  // OFAC Specially Designated Nationals list
	SourceOFACCons SourceID = "us-ofac-cons" // OFAC Consolidated (non-SDN) list
	SourceUN       SourceID = "un-sc"        // UN Security Council Consolidated List
	SourceUK       SourceID = "uk-ofsi"      // UK OFSI Consolidated List
)

// Source describes a data set: who publishes it and where.
type Source struct {
	ID        SourceID
	Name      string
	Publisher string
	// Format is the import format name (as in `lists import --format`).
	Format string
	// URLs are the official download addresses of the files that make up one
	// version, in the order the parser expects them.
	URLs []string
	// MaxAge is how old the data may get before `clearance lists` warns.
	MaxAge time.Duration
}

// Sources lists every source Clearance can import, in display order.
var Sources = []Source{
	{ID: SourceUSCSL, Name: "Consolidated Screening List", Publisher: "US International Trade Administration (trade.gov)", Format: "csl",
		URLs:   []string{"https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"},
		MaxAge: 7 * 24 * time.Hour},
	{ID: SourceOFACSDN, Name: "Specially Designated Nationals and Blocked Persons List", Publisher: "US Treasury, OFAC", Format: "ofac",
		URLs: []string{
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
		},
		MaxAge: 7 * 24 * time.Hour},
	{ID: SourceOFACCons, Name: "Consolidated Sanctions List (non-SDN)", Publisher: "US Treasury, OFAC", Format: "ofac-xml",
		URLs:   []string{"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ENHANCED.XML"},
		MaxAge: 7 * 24 * time.Hour},
	{ID: SourceUN, Name: "UN Security Council Consolidated List", Publisher: "United Nations Security Council", Format: "un",
		URLs:   []string{"https://scsanctions.un.org/resources/xml/en/consolidated.xml"},
		MaxAge: 7 * 24 * time.Hour},
	{ID: SourceUK, Name: "Consolidated List of Financial Sanctions Targets", Publisher: "UK HM Treasury, OFSI", Format: "uk",
		URLs:   []string{"https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"},
		MaxAge: 7 * 24 * time.Hour},
}

// SourceByID returns the source with the given id.
func SourceByID(id SourceID) (Source, bool) {
	for _, s := range Sources {
		if s.ID == id {
			return s, true
		}
	}
	return Source{}, false
}

// ListCode names a legal list: a register kept by one authority under one
// body of law, whose listing has one kind of consequence.
type ListCode string

// The lists Clearance knows. Codes follow the CSL's source abbreviations.
const (
	ListEntity     ListCode = "EL"     // BIS Entity List (15 CFR 744 Supp. 4)
	ListDenied     ListCode = "DPL"    // BIS Denied Persons List
	ListUnverified ListCode = "UVL"    // BIS Unverified List
	ListMEU        ListCode = "MEU"    // BIS Military End-User List
	ListSDN        ListCode = "SDN"    // OFAC Specially Designated Nationals
	ListSSI        ListCode = "SSI"    // OFAC Sectoral Sanctions Identifications
	ListFSE        ListCode = "FSE"    // OFAC Foreign Sanctions Evaders
	ListPLC        ListCode = "PLC"    // OFAC Palestinian Legislative Council (non-SDN)
	ListCAPTA      ListCode = "CAP"    // OFAC Correspondent Account or Payable-Through Account Sanctions
	ListMBS        ListCode = "MBS"    // OFAC Non-SDN Menu-Based Sanctions
	ListCMIC       ListCode = "CMIC"   // OFAC Non-SDN Chinese Military-Industrial Complex Companies
	ListNonSDN     ListCode = "NONSDN" // OFAC non-SDN entry whose specific list is not stated
	ListISN        ListCode = "ISN"    // State Department Nonproliferation Sanctions
	ListDTC        ListCode = "DTC"    // State Department ITAR Debarred
	ListUN         ListCode = "UN"     // UN Security Council Consolidated List
	ListUK         ListCode = "UK"     // UK OFSI Consolidated List
)

// List describes a legal list.
type List struct {
	Code      ListCode
	Name      string // the name as the CSL publishes it, or the authority's own
	Authority string
}

// Lists is the register of known lists.
var Lists = []List{
	{ListEntity, "Entity List (EL) - Bureau of Industry and Security", "US Commerce, BIS"},
	{ListDenied, "Denied Persons List (DPL) - Bureau of Industry and Security", "US Commerce, BIS"},
	{ListUnverified, "Unverified List (UVL) - Bureau of Industry and Security", "US Commerce, BIS"},
	{ListMEU, "Military End User (MEU) List - Bureau of Industry and Security", "US Commerce, BIS"},
	{ListSDN, "Specially Designated Nationals (SDN) - Treasury Department", "US Treasury, OFAC"},
	{ListSSI, "Sectoral Sanctions Identifications List (SSI) - Treasury Department", "US Treasury, OFAC"},
	{ListFSE, "Foreign Sanctions Evaders (FSE) - Treasury Department", "US Treasury, OFAC"},
	{ListPLC, "Palestinian Legislative Council List (PLC) - Treasury Department", "US Treasury, OFAC"},
	{ListCAPTA, "Capta List (CAP) - Treasury Department", "US Treasury, OFAC"},
	{ListMBS, "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "US Treasury, OFAC"},
	{ListCMIC, "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", "US Treasury, OFAC"},
	{ListNonSDN, "Consolidated Sanctions List (non-SDN) - Treasury Department", "US Treasury, OFAC"},
	{ListISN, "Nonproliferation Sanctions (ISN) - State Department", "US State Department"},
	{ListDTC, "ITAR Debarred (DTC) - State Department", "US State Department"},
	{ListUN, "UN Security Council Consolidated List", "United Nations Security Council"},
	{ListUK, "UK Consolidated List of Financial Sanctions Targets (OFSI)", "UK HM Treasury, OFSI"},
}

// ListByCode returns the list with the given code.
func ListByCode(c ListCode) (List, bool) {
	for _, l := range Lists {
		if l.Code == c {
			return l, true
		}
	}
	return List{}, false
}

// ListName returns the display name of a list code, or the code itself.
func ListName(c ListCode) string {
	if l, ok := ListByCode(c); ok {
		return l.Name
	}
	return string(c)
}

// Version is one import of a source.
type Version struct {
	Source  SourceID `json:"source"`
	Number  int      `json:"version"` // 1, 2, 3... per source, in import order
	Hash    string   `json:"content_hash"`
	Format  string   `json:"format"`
	Files   []string `json:"files"`
	Entries int      `json:"entries"`
	// Published is the publication date the files state (YYYY-MM-DD), or an
	// estimate when they state none; PublishedNote says which.
	Published     string    `json:"published,omitempty"`
	PublishedNote string    `json:"published_note,omitempty"`
	ImportedAt    time.Time `json:"imported_at"`
	Active        bool      `json:"active"`
}

// DataAge is how old the version's data is at now, by its publication
// date; false when the date is unknown.
func (v Version) DataAge(now time.Time) (time.Duration, bool) {
	t, err := time.Parse(time.DateOnly, v.Published)
	if err != nil {
		return 0, false
	}
	return now.Sub(t), true
}

// Stale reports whether the version is active and its data older than its
// source's MaxAge at now: screening against it misses recent designations.
func (v Version) Stale(now time.Time) bool {
	src, _ := SourceByID(v.Source)
	age, ok := v.DataAge(now)
	return v.Active && ok && src.MaxAge > 0 && age > src.MaxAge
}

// File is one named input file of an import, already decompressed.
type File struct {
	Name string
	R    io.Reader
}

// ParseResult is what a parser learns about the file set as a whole.
type ParseResult struct {
	Source        SourceID
	Published     string // YYYY-MM-DD, empty when unknown
	PublishedNote string // where Published came from ("dataAsOf", "estimated from newest start date"...)
}

// Format parses one published file format into entries. Parse streams: it
// calls emit once per entry, in file order, holding no more than it must in
// memory, and returns the first error. Malformed input yields a *ParseError
// naming the file, line and field; nothing is skipped silently. Every
// emitted entry passes Entry.Validate.
type Format interface {
	Name() string
	Parse(ctx context.Context, files []File, emit func(*Entry) error) (ParseResult, error)
}
