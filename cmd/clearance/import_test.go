package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// activeVersions returns the active version number of each source.
func activeVersions(t *testing.T, dir string) map[clearance.SourceID]int {
	t.Helper()
	var vs []clearance.Version
	out := mustRun(t, dir, "lists", "--json").stdout
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("lists --json: %v\n%s", err, out)
	}
	m := map[clearance.SourceID]int{}
	for _, v := range vs {
		m[v.Source] = v.Number
	}
	return m
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// TestImportMalformed feeds broken files to the importer: each must fail
// with a message naming the file (and line or field where there is one) and
// leave every active version as it was.
func TestImportMalformed(t *testing.T) {
	dir := shippedData(t)
	before := activeVersions(t, dir)
	csl := shippedCSL(t)
	header := string(csl[:bytes.IndexByte(csl, '\n')+1])
	gz := gzipBytes(csl)
	tests := []struct {
		name, file, format string
		content            []byte
		want               []string // substrings of stderr
	}{
		{"truncated gzip", "consolidated.csv.gz", "csl", gz[:len(gz)/2], []string{"consolidated.csv.gz", "gzip"}},
		{"not gzip at all but named so", "consolidated.csv.gz", "csl", []byte("\x1f\x8bgarbage"), []string{"consolidated.csv.gz"}},
		{"wrong format", "consolidated.csv", "csl", []byte(`<?xml version="1.0"?><CONSOLIDATED_LIST></CONSOLIDATED_LIST>`), []string{"consolidated.csv"}},
		{"missing columns", "consolidated.csv", "csl", []byte("_id,source,title\n1,Entity List (EL) - Bureau of Industry and Security,x\n"), []string{"consolidated.csv", "name"}},
		{"invalid UTF-8", "consolidated.csv", "csl", []byte(header + "abc,Entity List (EL) - Bureau of Industry and Security,,,,Bad \xff\xfe Name,,,,,,,,,,,,,,,,,,,,,,,\n"), []string{"consolidated.csv", "line 2", "UTF-8"}},
		{"empty file", "consolidated.csv", "csl", nil, []string{"consolidated.csv", "empty"}},
		{"header only", "consolidated.csv", "csl", []byte(header), []string{"consolidated.csv"}},
		{"UN XML truncated", "consolidated.xml", "un", []byte(`<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>`), []string{"consolidated.xml"}},
		{"OFAC orphan alias", "alt.csv", "ofac", []byte("999999,1,\"aka\",\"NOBODY\",-0- \r\n"), []string{"alt.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := t.TempDir()
			path := filepath.Join(sub, tt.file)
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			files := []string{path}
			if tt.format == "ofac" {
				sdn := filepath.Join(sub, "sdn.csv")
				os.WriteFile(sdn, []byte("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"), 0o600)
				files = []string{sdn, path}
			}
			r := run(t, dir, append([]string{"lists", "import", "--format", tt.format}, files...)...)
			if r.code == 0 {
				t.Fatalf("import of %s succeeded; stdout:\n%s", tt.name, r.stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if !strings.Contains(r.stderr, "active lists unchanged") {
				t.Errorf("stderr does not say the active lists are unchanged:\n%s", r.stderr)
			}
			if after := activeVersions(t, dir); !equalVersions(before, after) {
				t.Errorf("active versions changed: before %v, after %v", before, after)
			}
		})
	}
}

func equalVersions(a, b map[clearance.SourceID]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestImportUnchanged re-imports the shipped CSL, recompressed differently:
// the content is the same, so no new version is recorded.
func TestImportUnchanged(t *testing.T) {
	dir := shippedData(t)
	path := filepath.Join(t.TempDir(), "consolidated.csv")
	os.WriteFile(path, shippedCSL(t), 0o600)
	r := mustRun(t, dir, "lists", "import", "--format", "csl", path)
	if !strings.Contains(r.stdout, "identical to active version 1") {
		t.Errorf("re-import output:\n%s", r.stdout)
	}
	if v := activeVersions(t, dir)[clearance.SourceUSCSL]; v != 1 {
		t.Errorf("active us-csl version %d, want 1", v)
	}
}

// TestListsShow checks the sources table and the warning on old data.
func TestListsShow(t *testing.T) {
	dir := shippedData(t)
	out := mustRun(t, dir, "lists").stdout
	for _, want := range []string{"us-csl", "us-ofac-sdn", "us-ofac-cons", "un-sc", "uk-ofsi", "ENTRIES", "WARNING: us-csl data is"} {
		if !strings.Contains(out, want) {
			t.Errorf("lists output lacks %q:\n%s", want, out)
		}
	}
}

// TestListsUpdate serves list files from a local HTTP server standing in for
// the publishers: a changed CSL becomes a new version, an unchanged source
// records none, and a source whose download fails keeps its active version.
func TestListsUpdate(t *testing.T) {
	dir := shippedData(t)
	rule := rule84FR54002(t)
	cslPath := filepath.Join(t.TempDir(), "consolidated.csv")
	writeCSLWithout(t, cslPath, rule)
	changed, _ := os.ReadFile(cslPath)
	un := readShipped(t, "files/un-sc/consolidated.xml.gz")
	mux := http.NewServeMux()
	mux.HandleFunc("/lists/consolidated.csv", func(w http.ResponseWriter, r *http.Request) { w.Write(changed) })
	mux.HandleFunc("/lists/consolidated.xml", func(w http.ResponseWriter, r *http.Request) { w.Write(un) })
	srv := httptest.NewServer(mux) // everything else: 404
	defer srv.Close()

	before := activeVersions(t, dir)
	r := run(t, dir, "lists", "update", "--mirror", srv.URL+"/lists", "us-csl", "un-sc", "uk-ofsi")
	if r.code == 0 {
		t.Fatalf("update with a failing source succeeded:\n%s\n%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "uk-ofsi: update failed, active version unchanged") || !strings.Contains(r.stderr, "404") {
		t.Errorf("stderr does not report the failed source:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "us-csl: imported version 2") || !strings.Contains(r.stdout, "0 added, 28 removed") {
		t.Errorf("stdout does not report the CSL update:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "un-sc: files identical to active version 1") {
		t.Errorf("stdout does not report the unchanged UN list:\n%s", r.stdout)
	}
	after := activeVersions(t, dir)
	if after[clearance.SourceUSCSL] != 2 || after[clearance.SourceUK] != before[clearance.SourceUK] || after[clearance.SourceUN] != 1 {
		t.Errorf("active versions after update: %v (before %v)", after, before)
	}
}

func readShipped(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "defaultdata", p))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
