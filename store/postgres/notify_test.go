package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/postgres/pgtest"
	"github.com/clearancehq/clearance/store/storetest"
)

// TestSubscribe opens two stores on one schema, as two instances would,
// and a third on another schema: an import through the first reaches the
// second's subscription within 2 s, an unchanged import and a failed one
// announce nothing, and the other schema hears nothing.
func TestSubscribe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	addr := pgtest.URL(t)
	a, b := openAt(t, addr), openAt(t, addr)
	stranger := openTemp(t)
	defer stranger.Close()
	events, err := b.Subscribe(ctx)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	strangerEvents, err := stranger.Subscribe(ctx)
	if err != nil {
		t.Fatalf("Subscribe(other schema): %v", err)
	}
	src := clearance.SourceUSCSL
	entries := storetest.Synthetic(src, 10, "x")
	for i, hash := range []string{"h1", "h2"} {
		if _, err := a.Import(ctx, storetest.Request(src, hash, entries...)); err != nil {
			t.Fatal(err)
		}
		select {
		case ev := <-events:
			if ev.Source != src || ev.Version != i+1 {
				t.Errorf("notification %+v, want %s version %d", ev, src, i+1)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("import %d: no notification within 2 s", i+1)
		}
	}
	a.Import(ctx, storetest.Request(src, "h2"))                                 // unchanged
	a.Import(ctx, storetest.Request(src, "h3", append(entries, entries[0])...)) // duplicate id: fails
	select {
	case ev := <-events:
		t.Errorf("notification %+v after an unchanged and a failed import", ev)
	case ev := <-strangerEvents:
		t.Errorf("another schema heard %+v", ev)
	case <-time.After(500 * time.Millisecond):
	}
	cancel()
	if _, open := <-events; open {
		t.Errorf("the channel stays open after the context ended")
	}
}

func openAt(t *testing.T, addr string) *Store {
	t.Helper()
	s, err := Open(t.Context(), addr)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
