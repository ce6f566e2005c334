package evaluation

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// sharedDirs returns the shared evaluation and data directories next to
// the repository, skipping the test when they are absent: the default test
// run must not depend on them.
func sharedDirs(t *testing.T) (evalDir, dataDir string) {
	t.Helper()
	evalDir, dataDir = filepath.Join("..", "..", "shared", "eval"), filepath.Join("..", "..", "shared", "data")
	for _, p := range Inputs(AllSets, evalDir, dataDir) {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("shared evaluation files absent (%v)", err)
		}
	}
	return evalDir, dataDir
}

// TestSharedSetsLoad checks that the published sets load with the figures
// their READMEs state, and that every pinned label names a company in its
// set.
func TestSharedSetsLoad(t *testing.T) {
	evalDir, dataDir := sharedDirs(t)
	pairs, err := LoadPairs(filepath.Join(evalDir, PairsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 826 {
		t.Errorf("%d pairs, want 826", len(pairs))
	}
	peer, err := LoadPeer(filepath.Join(evalDir, PeerFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(peer) == 0 {
		t.Error("no peer predictions")
	}
	for rel, want := range map[string]int{NegativesGlobalFile: 1000, NegativesUSFile: 1000, CongressFile: 1254, UNUntreatedFile: 683, UNTreatedFile: 683} {
		ps, _, err := LoadPersons(filepath.Join(evalDir, rel))
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != want {
			t.Errorf("%s: %d persons, want %d", rel, len(ps), want)
		}
	}
	sec, err := LoadSECTitles(filepath.Join(dataDir, SECFile))
	if err != nil {
		t.Fatal(err)
	}
	oui, _, err := LoadOUINames(filepath.Join(dataDir, OUIFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(sec) != 7919 {
		t.Errorf("%d distinct SEC titles, want 7,919", len(sec))
	}
	names := map[string]map[string]bool{SetSEC: {}, SetOUI: {}}
	for _, n := range sec {
		names[SetSEC][nameKey(n)] = true
	}
	for _, n := range oui {
		names[SetOUI][nameKey(n)] = true
	}
	labels, err := LoadKnownListed(KnownListedFile, bytes.NewReader(KnownListedCSV))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range labels {
		if !names[l.Set][nameKey(l.Name)] {
			t.Errorf("%s line %d: %q is not in the %s set", KnownListedFile, l.Line, l.Name, l.Set)
		}
	}
}
