package storetest

import (
	"testing"

	"github.com/clearancehq/clearance"
)

// RunMonitorUpgrade checks the review migration on a database that held
// lists before it: they count as monitored, so that upgrading re-screens
// nothing (there was no registry to re-screen), while a later import lags.
// downgrade migrates s's database back to before the review migration;
// reopen opens the database again, migrating it up. The suite closes both
// stores.
func RunMonitorUpgrade(t *testing.T, s clearance.ReviewStore, downgrade func() error, reopen func() clearance.ReviewStore) {
	ctx := t.Context()
	if err := downgrade(); err != nil {
		s.Close()
		t.Fatalf("migrate down to before the review migration: %v", err)
	}
	_, err := s.Import(ctx, Request(clearance.SourceUSCSL, "h1", Synthetic(clearance.SourceUSCSL, 3, "x")...))
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = reopen()
	defer s.Close()
	if lag, err := s.MonitorLag(ctx); err != nil || len(lag) != 0 {
		t.Errorf("MonitorLag after the upgrade = %v, %v; want none", lag, err)
	}
	mustImport(t, s, Request(clearance.SourceUSCSL, "h2", Synthetic(clearance.SourceUSCSL, 4, "y")...))
	lag, err := s.MonitorLag(ctx)
	if err != nil || len(lag) != 1 || lag[0] != (clearance.VersionSpan{Source: clearance.SourceUSCSL, From: 1, To: 2}) {
		t.Errorf("MonitorLag after a new import = %v, %v; want us-csl 1->2", lag, err)
	}
}
