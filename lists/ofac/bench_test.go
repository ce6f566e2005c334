package ofac_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/ofac"
)

// sharedData is the project's folder of real list files; benchmarks use
// them when present (see SOURCES.md there), tests never do.
var sharedData = filepath.Join("..", "..", "..", "shared", "data")

// BenchmarkParse parses the full real file sets and checks their entry
// counts against SOURCES.md.
func BenchmarkParse(b *testing.B) {
	sets := []struct {
		name  string
		dir   string
		files []string
		want  int
	}{
		{"sdn2021", "us_ofac_sdn/2021-07_watchman_bench", []string{"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}, 8976},
		{"sdn2024", "us_ofac_sdn/2024-07-02_markschaver", []string{"sdn.csv"}, 15443},
		{"cons2025", "us_ofac_consolidated_nonsdn/csv_2025-12_watchman", []string{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"}, 442},
	}
	for _, s := range sets {
		b.Run(s.name, func(b *testing.B) {
			var data [][]byte
			size := 0
			for _, name := range s.files {
				d, err := os.ReadFile(filepath.Join(sharedData, s.dir, name))
				if err != nil {
					b.Skipf("real data absent: %v", err)
				}
				data = append(data, d)
				size += len(d)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				var in []clearance.File
				for i, name := range s.files {
					in = append(in, clearance.File{Name: name, R: bytes.NewReader(data[i])})
				}
				n := 0
				_, err := ofac.Format.Parse(context.Background(), in, func(*clearance.Entry) error { n++; return nil })
				if err != nil || n != s.want {
					b.Fatalf("Parse(%s) = %d entries, %v; want %d", s.dir, n, err, s.want)
				}
			}
		})
	}
}
