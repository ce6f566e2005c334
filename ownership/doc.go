// Package ownership applies the 50 percent rules: a party that no list
// names is restricted all the same when listed parties own 50% or more of
// it, directly or indirectly, individually or in aggregate.
//
// A Graph holds the ownership edges: for each owner and owned entity, the
// dated statements of the owner's stake, which may be unknown. A Finder
// applies a versioned set of Rules to it as of a date. Each rule counts the
// holdings of the parties on some lists (OFAC's rule: the SDN List; BIS's
// Affiliates Rule: the Entity List, the Military End-User List and the SDN
// programmes of 15 CFR 744.8), is in force or suspended over dated periods
// that are data, and says what an unknown stake requires.
//
// Semantics, after OFAC's 2014 guidance: a restricted owner's stake counts
// in full, never multiplied along a chain; once a party is restricted,
// whether by listing or by ownership, its own holdings count as a
// restricted party's. Statuses are found as a fixed point, so cycles of
// cross-holdings and chains of any depth end. A listed owner's stake of
// unknown size, or stakes of owners that are themselves undetermined, that
// could make 50% leave the party undetermined: it must be resolved, never
// cleared (BIS Red Flag 29). Every finding explains itself in a sentence
// and a chain of stakes.
//
// Names are resolved to list entries through a Resolver (the screener, at
// the hit threshold) only when a judgement needs them; a party written as
// "entry:ID" is its own key (clearance.PartyKey) and the Resolver gives
// that entry exactly. The package does no
// I/O and reads no clock; it imports only the domain package.
package ownership
