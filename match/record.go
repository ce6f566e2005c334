package match

// Record is one listed party as the matcher sees it. The caller keeps its own
// richer record; results refer back to it by position in the slice given to
// NewIndex.
type Record struct {
	Kind        string // person, organization, vessel, aircraft, address, or "" when unknown
	Names       []RecordName
	Countries   []string // ISO 3166-1 alpha-2
	BirthDates  []string // ISO 8601, possibly partial
	Identifiers []string // identifier values as published
}

// RecordName is one name of a record.
type RecordName struct {
	Text string
	Kind string // primary, aka, fka, original...
	Weak bool   // a weak alias, counted for less
}

// Query is what is screened: a name and, optionally, evidence that raises or
// lowers a candidate's score.
type Query struct {
	Name        string
	Kind        string   // person, organization, vessel, aircraft; "" when unknown
	Countries   []string // ISO alpha-2
	BirthDate   string   // ISO 8601, possibly partial
	Identifiers []string
}
