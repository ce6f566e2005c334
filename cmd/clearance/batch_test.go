package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBatch(t *testing.T) {
	dir := shippedData(t)
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in.csv")
	out := filepath.Join(tmp, "out.csv")
	os.WriteFile(in, []byte("\ufeffid,name,country,type\n"+
		"1,Hikvision,CN,organization\n"+
		"2,Microsoft Corporation,US,organization\n"+
		"3,\"Zhejiang Dahua Technology Co., Ltd.\",China,company\n"+
		"4,Apple Inc.,,\n"), 0o600)
	r := mustRun(t, dir, "batch", "--in", in, "--out", out)
	if !strings.Contains(r.stderr, "Screened 4 names") {
		t.Errorf("batch summary: %s", r.stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := "\ufeffid,name,country,type,decision,score,entry_id,entry_name,source"
	if got := strings.Join(rows[0], ","); got != wantHeader {
		t.Errorf("header = %q, want %q", got, wantHeader)
	}
	want := []struct{ id, decision string }{{"1", "potential_match"}, {"2", "clear"}, {"3", "potential_match"}, {"4", "clear"}}
	if len(rows) != 5 {
		t.Fatalf("got %d rows, want 5", len(rows))
	}
	for i, w := range want {
		row := rows[i+1]
		if row[0] != w.id || row[4] != w.decision {
			t.Errorf("row %d = %q, want id %s decision %s", i+1, row, w.id, w.decision)
		}
		if w.decision == "potential_match" && (row[5] == "" || row[6] == "" || row[7] == "" || row[8] == "") {
			t.Errorf("row %d = %q: a potential match must name the entry", i+1, row)
		}
	}
}

func TestBatchBadInput(t *testing.T) {
	dir := shippedData(t)
	tmp := t.TempDir()
	tests := []struct{ name, content, want string }{
		{"no name column", "id,company\n1,Hikvision\n", "no name column"},
		{"empty name", "id,name\n1,Hikvision\n2,\n", "line 3 field \"name\""},
		{"bad country", "name,country\nHikvision,Atlantis\n", "line 2 field \"country\""},
		{"ragged row", "id,name\n1,Hikvision,extra\n", "line 2"},
		{"empty file", "", "empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(tmp, strings.ReplaceAll(tt.name, " ", "_")+".csv")
			out := filepath.Join(tmp, "out-"+strings.ReplaceAll(tt.name, " ", "_")+".csv")
			os.WriteFile(in, []byte(tt.content), 0o600)
			r := run(t, dir, "batch", "--in", in, "--out", out)
			if r.code == 0 || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, filepath.Base(in)) {
				t.Errorf("batch on %s: exit %d, stderr %q; want failure naming the file and %q", tt.name, r.code, r.stderr, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("batch on %s left a partial report", tt.name)
			}
		})
	}
}
