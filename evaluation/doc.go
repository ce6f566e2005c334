// Package evaluation measures the matcher on labelled sets: it loads the
// sets (name pairs, persons and company names screened against the lists,
// variants generated from list entries), screens them, counts outcomes into
// confusion tables overall and by category, script and entity kind, and
// writes the figures as an aligned text table, JSON or a Markdown section.
//
// It measures and never tunes: queries go through the public screening API
// (clearance.Screener and match.Index.Compare) with the options the caller
// gives, exactly as a user's screening would.
package evaluation
