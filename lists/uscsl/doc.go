// Package uscsl parses the US Consolidated Screening List (CSL) published by
// the International Trade Administration (trade.gov), which republishes
// thirteen lists of the Departments of Commerce (Entity List, Denied Persons,
// Unverified, Military End User), State (ITAR Debarred, Nonproliferation
// Sanctions) and the Treasury (SDN and the non-SDN lists).
//
// [Format] reads both published forms, told apart by the first byte that is
// not white space (after an optional UTF-8 byte order mark):
//
//   - CSV, the consolidated.csv download: one row per listed party, columns
//     found by header name, multi-valued cells joined with "; ".
//   - JSON, the consolidated.json download or an API answer: an object whose
//     "results" array holds the parties, or a bare array of them. The file is
//     streamed record by record.
//
// # Entry ids
//
// The CSL's own _id (or id) is a hash of the record's content and changes
// whenever the record does, so it is kept only as Entry.SourceRef. Entry.ID is
// built so that it survives re-imports:
//
//   - Rows with an entity_number (the Treasury lists) get
//     "us-csl:<LIST>:<entity_number>", and PartyRef "ofac:<entity_number>":
//     OFAC's own files use the same numbers, so screening can merge one party
//     seen through two sources.
//   - Other rows (EL, DPL, UVL, MEU, ISN, DTC) get
//     "us-csl:<LIST>:" + clearance.StableKey(name). When that id is already
//     taken earlier in the same file, the key becomes StableKey(name,
//     countries), the countries being the distinct address country codes
//     joined with spaces in order of appearance.
//   - An id still taken gets "-2", "-3"... appended in order of appearance.
//     This also covers the CSL's exact duplicate rows (the same entity_number
//     twice in one list).
//
// The last two rules depend on file order, so a party that shares its name
// and countries with another in the same list can change id when the list is
// reordered; the name is the only durable key these lists publish.
//
// # Mapping
//
// The list comes from the parenthesised abbreviation in the source column
// ("Entity List (EL) - ..." is EL, "(NS-MBS List)" is MBS); an abbreviation
// Clearance does not know becomes the list code as written, upper-cased.
// Names keep the primary name as written; aliases split the Entity List's
// prose ("X; and Y.", "X a.k.a. Y", "X (f.k.a. Y)") and add derived forms: the
// name without a trailing parenthesised part (strong) and a trailing acronym
// of 2-10 capitals or digits (weak). Federal Register notices are normalised
// to "<volume> FR <page>" citations. Identifiers are parsed from the ids
// cell's "country, [dates,] number, type" items; an item that cannot be parsed
// is kept whole with type "other". The record itself is kept in Entry.Raw.
//
// The CSV carries no publication date, so ParseResult.Published is the newest
// start_date in the file (an estimate, as PublishedNote says). The JSON file's
// sources_used[].source_last_updated, when present, is used instead.
package uscsl
