package clearance

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clearancehq/clearance/match"
)

// Query is a party to screen. Only Name is required; every other field is
// evidence that raises or lowers a candidate's score.
type Query struct {
	Name        string     `json:"name"`
	Kind        EntityKind `json:"kind,omitempty"`
	Country     string     `json:"country,omitempty"` // ISO alpha-2 or a country name
	Address     string     `json:"address,omitempty"`
	BirthDate   string     `json:"birth_date,omitempty"`
	Identifiers []string   `json:"identifiers,omitempty"`
}

// Hit is one listed entry that matched a query, with what the list says
// about it and why it matched.
type Hit struct {
	EntryID   string   `json:"entry_id"`
	EntryName string   `json:"entry_name"`
	Source    string   `json:"source"` // the list's name, e.g. "Entity List (EL) - Bureau of Industry and Security"
	List      ListCode `json:"list"`
	Dataset   SourceID `json:"dataset"` // the data set the entry was imported from
	// AlsoIn names other data sets that publish the same listing (the CSL
	// republishes OFAC's lists); the hit is shown once.
	AlsoIn      []string   `json:"also_in,omitempty"`
	Score       float64    `json:"score"`
	MatchedName string     `json:"matched_name"`
	MatchedKind NameKind   `json:"matched_name_kind"`
	Kind        EntityKind `json:"kind,omitempty"`

	LicenseRequirement    string   `json:"license_requirement,omitempty"`
	LicensePolicy         string   `json:"license_policy,omitempty"`
	FederalRegisterNotice string   `json:"federal_register_notice,omitempty"`
	FederalRegister       []string `json:"federal_register_citations,omitempty"`
	StartDate             string   `json:"start_date,omitempty"`
	Programs              []string `json:"programs,omitempty"`
	Addresses             []string `json:"addresses,omitempty"`
	Aliases               []string `json:"aliases,omitempty"`
	Countries             []string `json:"countries,omitempty"`
	SourceURL             string   `json:"source_url,omitempty"`

	Explanation match.Explanation `json:"explanation"`
	Entry       *Entry            `json:"-"`
}

// VersionRef names the version of a source a screening ran against.
type VersionRef struct {
	Source    SourceID `json:"source"`
	Version   int      `json:"version"`
	Published string   `json:"published,omitempty"`
}

// Screening is the outcome of screening one query: the hits, best first,
// and what is needed to reproduce it.
type Screening struct {
	Query       Query        `json:"query"`
	Hits        []Hit        `json:"hits"`
	Threshold   float64      `json:"threshold"`
	OptionsHash string       `json:"options_hash"`
	Algorithm   string       `json:"algorithm"`
	Versions    []VersionRef `json:"list_versions"`
	ScreenedAt  time.Time    `json:"screened_at"`
}

// Screener screens queries against a fixed set of list versions held in
// memory. It is immutable and safe for concurrent use; a list import builds
// a new Screener.
type Screener struct {
	entries  []*Entry
	index    *match.Index
	versions []VersionRef
	// addresses indexes the address-only entries (the Entity List lists
	// some addresses rather than parties) by their addresses;
	// addressEntries[i] is the entry of its record i.
	addresses      *match.Index
	addressEntries []*Entry
	// byID finds entries by id, for ownership data that names them so.
	byID map[string][]*Entry
	// lastHash remembers the hash of the options last screened with:
	// callers screen many names with the same options, and hashing them
	// costs more than a query's lookups.
	lastHash atomic.Pointer[optionsHash]
}

type optionsHash struct {
	opts match.Options
	hash string
}

// optionsHash returns opts.Hash(), remembered.
func (s *Screener) optionsHash(opts match.Options) string {
	if h := s.lastHash.Load(); h != nil && h.opts == opts {
		return h.hash
	}
	h := &optionsHash{opts, opts.Hash()}
	s.lastHash.Store(h)
	return h.hash
}

// NewScreener indexes the entries of the given versions.
func NewScreener(entries []*Entry, versions []VersionRef) (*Screener, error) {
	recs := make([]match.Record, len(entries))
	for i, e := range entries {
		recs[i] = matchRecord(e)
	}
	ix, err := match.NewIndex(recs)
	if err != nil {
		return nil, Errorf(Internal, "build match index: %w", err)
	}
	s := &Screener{entries: entries, index: ix, versions: versions, byID: make(map[string][]*Entry, len(entries))}
	for _, e := range entries {
		s.byID[e.ID] = append(s.byID[e.ID], e)
	}
	if err := s.indexAddresses(); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadScreener builds a Screener over the active version of every source in
// the store. Raw source records are dropped to save memory.
func LoadScreener(ctx context.Context, st ListStore) (*Screener, error) {
	return loadScreener(ctx, st, nil)
}

// loadScreener is LoadScreener reusing prev's entries of the versions
// still active: a reload after one source's import reads only that
// source.
func loadScreener(ctx context.Context, st ListStore, prev *Screener) (*Screener, error) {
	entries, refs, err := loadEntries(ctx, st, prev)
	if err != nil {
		return nil, err
	}
	return NewScreener(entries, refs)
}

// LoadEntries reads the entries of every active version, without their raw
// records, and the versions they come from: what NewScreener indexes.
func LoadEntries(ctx context.Context, st ListStore) ([]*Entry, []VersionRef, error) {
	return loadEntries(ctx, st, nil)
}

func loadEntries(ctx context.Context, st ListStore, prev *Screener) ([]*Entry, []VersionRef, error) {
	active, err := st.ActiveVersions(ctx)
	if err != nil {
		return nil, nil, err
	}
	// Decoding entries is most of the start-up: the sources are read
	// concurrently, then put together in the order of the active versions.
	refs := make([]VersionRef, len(active))
	perSource := make([][]*Entry, len(active))
	errs := make([]error, len(active))
	var wg sync.WaitGroup
	for i, v := range active {
		refs[i] = VersionRef{Source: v.Source, Version: v.Number, Published: v.Published}
		if prev != nil && slices.Contains(prev.versions, refs[i]) {
			for _, e := range prev.entries {
				if e.Source == v.Source {
					perSource[i] = append(perSource[i], e)
				}
			}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e, err := range withoutRaw(st)(ctx, v.Source, v.Number) {
				if err != nil {
					errs[i] = err
					return
				}
				e.Raw = nil
				perSource[i] = append(perSource[i], e)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	var entries []*Entry
	for _, es := range perSource {
		entries = append(entries, es...)
	}
	return entries, refs, nil
}

// withoutRaw returns st's stream of entries without their raw records
// when it has one (see RawlessEntries), else Entries: the caller drops Raw.
func withoutRaw(st ListStore) func(ctx context.Context, source SourceID, version int) iter.Seq2[*Entry, error] {
	if rs, ok := st.(RawlessEntries); ok {
		return rs.EntriesWithoutRaw
	}
	return st.Entries
}

// Entries returns the number of entries screened against.
func (s *Screener) Entries() int { return len(s.entries) }

// Index returns the match index over the loaded entries; its token weights
// reflect the loaded lists (used by evaluation's pairs mode).
func (s *Screener) Index() *match.Index { return s.index }

// Versions returns the list versions the screener holds.
func (s *Screener) Versions() []VersionRef { return s.versions }

func matchRecord(e *Entry) match.Record {
	r := match.Record{Kind: string(e.Kind), Countries: e.Countries, BirthDates: e.BirthDates}
	for _, n := range e.Names {
		r.Names = append(r.Names, match.RecordName{Text: n.Value, Kind: string(n.Kind), Weak: n.Strength == Weak})
	}
	addCountry := func(c string) {
		if code, ok := CountryCode(c); ok && !slices.Contains(r.Countries, code) {
			r.Countries = append(r.Countries, code)
		}
	}
	for _, c := range e.Nationalities {
		addCountry(c)
	}
	for _, id := range e.Identifiers {
		r.Identifiers = append(r.Identifiers, id.Value)
		// The country that issued a registration or tax number, a passport
		// or an IMO flag is where the party is registered or belongs
		// ("Tax ID No. 7726474109 (Russia)"): many OFAC entries give no
		// address but such numbers.
		if id.Country != "" {
			addCountry(id.Country)
		}
	}
	return r
}

// Screen screens one query with the given options.
func (s *Screener) Screen(q Query, opts match.Options) (*Screening, error) {
	sc := new(Screening)
	if err := s.ScreenInto(sc, q, opts); err != nil {
		return nil, err
	}
	return sc, nil
}

// ScreenInto is Screen writing the screening into sc, whose hits' storage
// it reuses: for a caller that screens many queries in turn and keeps
// nothing of one screening once it has the next (a batch), which then
// allocates little a query. On an error sc is left as it was.
func (s *Screener) ScreenInto(sc *Screening, q Query, opts match.Options) error {
	if strings.TrimSpace(q.Name) == "" && len(q.Identifiers) == 0 && strings.TrimSpace(q.Address) == "" {
		return Errorf(Invalid, "a name, identifier or address to screen is required")
	}
	mq := match.Query{Name: q.Name, Kind: string(q.Kind), BirthDate: q.BirthDate, Identifiers: q.Identifiers}
	var country [1]string
	if q.Country != "" {
		code, ok := CountryCode(q.Country)
		if !ok {
			return Errorf(Invalid, "country %q is not a recognised country name or ISO code", q.Country)
		}
		country[0] = code
		mq.Countries = country[:]
	}
	// Ask for more than the limit: merging republished listings can shrink the list.
	wide := opts
	if wide.Limit > 0 {
		wide.Limit *= 3
	}
	results := s.index.Search(mq, wide)
	*sc = Screening{Query: q, Threshold: opts.Threshold, OptionsHash: s.optionsHash(opts), Algorithm: opts.Algorithm,
		Versions: s.versions, ScreenedAt: time.Now().UTC(), Hits: sc.Hits[:0]}
	addr := s.screenAddress(q, mq.Countries, opts)
	// The results come best first, so beyond the limit a name hit is cut:
	// it is not made, unless address hits are to be sorted in (they sort
	// by entry id among equal scores). Later results are still read: one
	// may be the party of a kept hit republished.
	keep := len(results)
	if opts.Limit > 0 && len(addr) == 0 {
		keep = min(keep, opts.Limit)
	}
	if sc.Hits == nil {
		sc.Hits = make([]Hit, 0, keep) // none is [], not null, in JSON
	} else {
		sc.Hits = slices.Grow(sc.Hits, keep)
	}
	for _, r := range results {
		e := s.entries[r.Record]
		// A party republished on another dataset under the same list is
		// one hit, found also in that dataset (a few results: a scan).
		if i := samePartyHit(sc.Hits, e); i >= 0 {
			sc.Hits[i].AlsoIn = appendNew(sc.Hits[i].AlsoIn, string(e.Source))
			continue
		}
		if len(sc.Hits) < keep {
			sc.Hits = append(sc.Hits, newHit(e, r, opts.Brief))
		}
	}
	if len(addr) > 0 {
		seen := map[string]bool{}
		for _, h := range sc.Hits {
			seen[h.EntryID] = true
		}
		for _, h := range addr {
			if !seen[h.EntryID] {
				sc.Hits = append(sc.Hits, h)
			}
		}
		SortHits(sc.Hits)
	}
	if opts.Limit > 0 && len(sc.Hits) > opts.Limit {
		sc.Hits = sc.Hits[:opts.Limit]
	}
	return nil
}

// samePartyHit returns the index of the hit for the party e republishes
// (the same list and party reference), or -1.
func samePartyHit(hits []Hit, e *Entry) int {
	if e.PartyRef == "" {
		return -1
	}
	for i := range hits {
		if h := hits[i].Entry; h.PartyRef == e.PartyRef && h.List == e.List {
			return i
		}
	}
	return -1
}

func appendNew(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// newHit makes the hit of entry e. A brief hit (match.Options.Brief) has
// neither the entry's addresses and aliases nor its notices joined, which
// take allocations a batch report does not need.
func newHit(e *Entry, r match.Result, brief bool) Hit {
	h := Hit{
		EntryID: e.ID, EntryName: e.Name, Source: ListName(e.List), List: e.List, Dataset: e.Source,
		Score: r.Score, MatchedName: r.Explanation.Name, Kind: e.Kind,
		LicenseRequirement: e.LicenseRequirement, LicensePolicy: e.LicensePolicy,
		FederalRegister: e.FederalRegister,
		StartDate:       e.StartDate, Programs: e.Programs, Countries: e.Countries, SourceURL: e.SourceURL,
		Explanation: r.Explanation, Entry: e,
	}
	if i := r.Explanation.NameIndex; i < len(e.Names) {
		h.MatchedKind = e.Names[i].Kind
	}
	if brief {
		return h
	}
	h.FederalRegisterNotice = strings.Join(e.FederalRegister, "; ")
	for _, a := range e.Addresses {
		h.Addresses = append(h.Addresses, a.String())
	}
	for _, n := range e.Aliases() {
		h.Aliases = append(h.Aliases, n.Value)
	}
	return h
}

// Summary returns a one-line description of a hit for logs and tables.
func (h *Hit) Summary() string {
	return fmt.Sprintf("%.2f %s [%s] via %q", h.Score, h.EntryName, h.List, h.MatchedName)
}

// SortHits orders hits best first, then by entry id.
func SortHits(h []Hit) {
	sort.SliceStable(h, func(i, j int) bool {
		if h[i].Score != h[j].Score {
			return h[i].Score > h[j].Score
		}
		return h[i].EntryID < h[j].EntryID
	})
}
