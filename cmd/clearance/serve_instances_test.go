package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/clearancehq/clearance"
)

// TestServeInstancesPickUpImports runs two `clearance serve` processes on
// one database and imports a new list version from a third: both must
// serve it soon (PostgreSQL notifies them at once; on SQLite they poll),
// then stop cleanly on SIGTERM.
//
// The target is 2 s from the import's commit (issue 7). The time is
// mostly the rebuild of the index, which both instances run at once on
// the test machine's cores, next to the other test packages; so the test
// logs the time and fails only past a bound no healthy run reaches, and
// docs/benchmarks.md records the time measured on an idle machine.
func TestServeInstancesPickUpImports(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			dir, flags, _ := b.setup(t)
			before := filepath.Join(t.TempDir(), "consolidated.csv")
			writeCSLWithout(t, before, rule84FR54002(t))
			mustRun(t, dir, append(flags, "lists", "import", "--format", "csl", before)...)
			csl := activeVersion(t, dir, flags, clearance.SourceUSCSL)

			var urls []string
			var children []*exec.Cmd
			for range 2 {
				u, c := startServer(t, dir, flags, clearance.SourceUSCSL, csl)
				urls, children = append(urls, u), append(children, c)
			}
			// stderr is the child's log; read it only once the child ended.
			logOf := func(i int) string {
				children[i].Process.Kill()
				children[i].Wait()
				return fmt.Sprint(children[i].Stderr)
			}

			real := filepath.Join(t.TempDir(), "consolidated.csv")
			if err := os.WriteFile(real, shippedCSL(t), 0o600); err != nil {
				t.Fatal(err)
			}
			mustRun(t, dir, append(flags, "lists", "import", "--format", "csl", real)...)
			committed := time.Now()
			bound := 20 * time.Second
			if b.name == "sqlite" {
				bound += listPollInterval
			}
			for i, u := range urls {
				if v := waitVersion(t, u, clearance.SourceUSCSL, csl+1, time.Minute); v < 0 {
					t.Fatalf("instance %d does not serve us-csl v%d a minute after the import:\n%s", i, csl+1, logOf(i))
				}
				took := time.Since(committed)
				t.Logf("instance %d serves the new version %s after the import committed", i, took.Round(time.Millisecond))
				if took > bound {
					t.Errorf("instance %d took %s to serve the new version, want at most %s", i, took.Round(time.Millisecond), bound)
				}
			}
			for i, c := range children {
				c.Process.Signal(syscall.SIGTERM)
				if err := c.Wait(); err != nil {
					t.Errorf("instance %d after SIGTERM: %v\n%s", i, err, c.Stderr)
				}
			}
		})
	}
}

// startServer starts `clearance serve` as a child process on a free
// loopback port and waits until it serves version v of src; it returns
// the server's base URL and the child.
func startServer(t *testing.T, dir string, flags []string, src clearance.SourceID, v int) (string, *exec.Cmd) {
	t.Helper()
	addr := freeAddr(t)
	child := startChild(t, append(append([]string{"--data", dir}, flags...), "serve", "--addr", addr))
	base := "http://" + addr
	if waitVersion(t, base, src, v, 2*time.Minute) < 0 {
		child.Process.Kill()
		child.Wait()
		t.Fatalf("the server never became ready:\n%s", child.Stderr)
	}
	return base, child
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// activeVersion returns the active version number of a source.
func activeVersion(t *testing.T, dir string, flags []string, src clearance.SourceID) int {
	t.Helper()
	for _, v := range activeVersionsWith(t, dir, flags) {
		if v.Source == src {
			return v.Number
		}
	}
	t.Fatalf("no active version of %s", src)
	return 0
}

// waitVersion polls the server's /readyz until it serves version want of
// src, and returns it; -1 when it does not within limit.
func waitVersion(t *testing.T, base string, src clearance.SourceID, want int, limit time.Duration) int {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		resp, err := client.Get(base + "/readyz")
		if err != nil {
			continue
		}
		var body struct {
			Versions []clearance.VersionRef `json:"list_versions"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			continue
		}
		for _, v := range body.Versions {
			if v.Source == src && v.Version == want {
				return want
			}
		}
	}
	return -1
}
