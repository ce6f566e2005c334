// Package clearance is the domain of Clearance, an export-control and
// sanctions screening system.
//
// Clearance ingests the official restricted-party lists (the US Consolidated
// Screening List with the Entity List, OFAC's SDN and non-SDN lists, the UN
// Security Council list, the UK OFSI list), keeps every published version of
// each, and screens names against the active versions. Each listed party is an
// [Entry]; each import of a published file set is a [Version] of a [Source];
// the difference between two versions is a [Delta].
//
// This package holds the domain types, the error vocabulary and the storage
// contracts. Algorithms live in leaf packages (match for name matching);
// adapters implement the contracts (lists/* parse published formats,
// store/sqlite persists versions); cmd/clearance wires them together.
package clearance
