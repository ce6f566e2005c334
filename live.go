package clearance

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/clearancehq/clearance/match"
)

// LiveScreener is the screener a long-running process serves queries with.
// Reload builds a new screener from the store after a list import and swaps
// it in atomically: queries in flight finish on the screener they started
// with, new ones see the new lists, and no query waits for the build. A
// build that fails leaves the screener in use in place.
type LiveScreener struct {
	cur    atomic.Pointer[Screener]
	reload sync.Mutex // one build at a time
}

// NewLiveScreener serves s until the first reload.
func NewLiveScreener(s *Screener) *LiveScreener {
	l := &LiveScreener{}
	l.cur.Store(s)
	return l
}

// Current returns the screener in use. Callers that screen several names as
// one unit (an order's parties) take it once, so that all are judged
// against the same list versions.
func (l *LiveScreener) Current() *Screener { return l.cur.Load() }

// Screen screens q with the screener in use.
func (l *LiveScreener) Screen(q Query, opts match.Options) (*Screening, error) {
	return l.Current().Screen(q, opts)
}

// Reload builds a screener over the store's active versions and swaps it
// in, unless the versions are those in use already. It reports whether it
// swapped.
func (l *LiveScreener) Reload(ctx context.Context, st ListStore) (bool, error) {
	l.reload.Lock()
	defer l.reload.Unlock()
	active, err := st.ActiveVersions(ctx)
	if err != nil {
		return false, err
	}
	want := make([]VersionRef, len(active))
	for i, v := range active {
		want[i] = VersionRef{Source: v.Source, Version: v.Number, Published: v.Published}
	}
	if cur := l.Current(); cur != nil && slices.Equal(cur.Versions(), want) {
		return false, nil
	}
	s, err := loadScreener(ctx, st, l.Current())
	if err != nil {
		return false, err
	}
	l.cur.Store(s)
	return true, nil
}
