// Package gate is Clearance's licence gate. Given an order whose parties
// have been screened, it decides what each list's listing asks of the
// order (a licence reviewed under the entry's policy, a UVL statement on
// file, a person's review, or no transaction at all) and whether the
// licences and statements on file satisfy it.
//
// What a listing means is data, not code: a Table holds one Rule per list,
// and Current is the table in force, with a version that every decision
// records. Entity List entries carry their own licence requirement and
// review policy as published text; ParseRequirement and ParsePolicy read
// them, including mixed policies that depend on the item's ECCN.
//
// Dates: an order is judged as of its own date. An entry applies from its
// start date until its end date (a denial order's expiry); a licence
// releases an item only on the days it is valid.
//
// The package is pure: no I/O, no clock, no randomness. It imports only the
// domain package, whose Gatekeeper screens the parties, reads the licences
// and records the decisions.
package gate
