package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/clearancehq/clearance"
)

// childArgsEnv, when set, makes the test binary run the command line in
// its JSON value instead of the tests: the child process a kill test
// starts, then kills.
const childArgsEnv = "CLEARANCE_TEST_CHILD_ARGS"

func runChild(args string) {
	var argv []string
	if err := json.Unmarshal([]byte(args), &argv); err != nil {
		os.Stderr.WriteString("bad " + childArgsEnv + ": " + err.Error() + "\n")
		os.Exit(2)
	}
	// As main does: SIGINT and SIGTERM end the context, so that a server
	// child shuts down gracefully.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, argv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// TestKillDuringImport kills a process with SIGKILL in the middle of a list
// import, on each database: the import's transaction is open, half of its
// entries written. The input is a named pipe, so the test decides when
// the child is mid-import: it feeds the whole file once (the child hashes
// it), then half of it (the child parses and stores that half and waits
// for more), then kills. Afterwards the previous version must still be
// the active one, whole, no half version may exist, the audit chain must
// verify, and the same import must then succeed.
func TestKillDuringImport(t *testing.T) {
	if err := syscall.Mkfifo(filepath.Join(t.TempDir(), "probe"), 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			dir, flags, _ := b.setup(t)
			before := activeVersionsWith(t, dir, flags)
			content := filepath.Join(t.TempDir(), "consolidated.csv")
			writeCSLWithout(t, content, rule84FR54002(t)) // differs from the active version
			data, err := os.ReadFile(content)
			if err != nil {
				t.Fatal(err)
			}
			fifo := filepath.Join(t.TempDir(), "consolidated.csv")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			child := startChild(t, append([]string{"--data", dir}, append(flags, "lists", "import", "--format", "csl", fifo)...))
			feed(t, fifo, data) // read whole for the hash
			// The second feed must reach the parsing pass, not the end of
			// the hashing one: wait until the child has closed the pipe.
			waitClosed(child.Process.Pid, fifo)
			feed(t, fifo, data[:len(data)/2], func() {
				time.Sleep(1500 * time.Millisecond) // the child stores the half it got
				if err := child.Process.Signal(syscall.SIGKILL); err != nil {
					t.Errorf("kill: %v", err)
				}
				child.Wait()
			})
			if st := child.ProcessState; st == nil || st.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("child was not killed mid-import: %v\n%s", st, child.Stderr)
			}
			after := activeVersionsWith(t, dir, flags)
			if !sameVersions(before, after) {
				t.Errorf("active versions after the kill = %v, want %v", after, before)
			}
			vs := listVersions(t, dir, flags)
			if n := len(vs); n != 5 {
				t.Errorf("%d versions after the kill, want the 5 of the snapshot: %+v", n, vs)
			}
			mustRun(t, dir, append(flags, "audit", "verify")...)
			r := mustRun(t, dir, append(flags, "lists", "import", "--format", "csl", content)...)
			if !strings.Contains(r.stdout, "imported version 2") {
				t.Errorf("import after the kill: %s", r.stdout)
			}
			mustRun(t, dir, append(flags, "audit", "verify")...)
		})
	}
}

// startChild starts the test binary as a child running args.
func startChild(t *testing.T, args []string) *exec.Cmd {
	t.Helper()
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+string(b))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}

// feed opens the pipe (waiting for the child to open it), writes data and,
// before closing, runs the optional then.
func feed(t *testing.T, fifo string, data []byte, then ...func()) {
	t.Helper()
	f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		t.Fatalf("feed the child: %v", err)
	}
	// Hold the pipe open until the child has read it all (TIOCINQ is
	// FIONREAD: the bytes still in the pipe): it then sees
	// the end of the file when this feed closes, not a later one's data.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if n, err := unix.IoctlGetInt(int(f.Fd()), unix.TIOCINQ); err != nil || n == 0 {
			break
		}
	}
	for _, f := range then {
		f()
	}
}

// waitClosed waits, for at most a few seconds, until process pid no longer
// holds path open (a child may reopen it at once: then the wait runs out,
// which is as good).
func waitClosed(pid int, path string) {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		fds, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		open := false
		for _, fd := range fds {
			if target, err := os.Readlink(filepath.Join(dir, fd.Name())); err == nil && target == path {
				open = true
				break
			}
		}
		if !open {
			return
		}
	}
}

func activeVersionsWith(t *testing.T, dir string, flags []string) []clearance.Version {
	t.Helper()
	var vs []clearance.Version
	out := mustRun(t, dir, append(flags, "lists", "--json")...).stdout
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("lists --json: %v", err)
	}
	return vs
}

func listVersions(t *testing.T, dir string, flags []string) []clearance.Version {
	t.Helper()
	var vs []clearance.Version
	out := mustRun(t, dir, append(flags, "lists", "--all", "--json")...).stdout
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("lists --all --json: %v", err)
	}
	return vs
}

func sameVersions(a, b []clearance.Version) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Source != b[i].Source || a[i].Number != b[i].Number || a[i].Entries != b[i].Entries {
			return false
		}
	}
	return true
}

// TestConcurrentProcessesAudit runs three batches at once in three
// processes on each database. Each appends its run record and its hit
// rows in one transaction: the chain must verify, hold every record, and
// keep each process's records together.
func TestConcurrentProcessesAudit(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			dir, flags, _ := b.setup(t)
			in := filepath.Join(t.TempDir(), "in.csv")
			os.WriteFile(in, []byte("name\nHikvision\nApple Inc.\nDahua Technology\nHuawei Technologies\n"), 0o600)
			var children []*exec.Cmd
			for i := range 3 {
				out := filepath.Join(t.TempDir(), "out"+itoa(int64(i))+".csv")
				children = append(children, startChild(t, append([]string{"--data", dir}, append(flags, "batch", "--in", in, "--out", out)...)))
			}
			for i, c := range children {
				if err := c.Wait(); err != nil {
					t.Fatalf("batch process %d: %v\n%s", i, err, c.Stderr)
				}
			}
			mustRun(t, dir, append(flags, "audit", "verify")...)
			var last string
			runs, seen := 0, map[string]bool{}
			for _, r := range exportRecords(t, dir, flags) {
				if r.Action != clearance.AuditBatch && r.Action != clearance.AuditBatchHit {
					continue
				}
				if r.RequestID != last && seen[r.RequestID] {
					t.Errorf("record %d of request %s comes after another process's records", r.Seq, r.RequestID)
				}
				if r.Action == clearance.AuditBatch {
					runs++
				}
				seen[r.RequestID], last = true, r.RequestID
			}
			if runs != 3 || len(seen) != 3 {
				t.Errorf("%d batch run records from %d processes, want 3 from 3", runs, len(seen))
			}
		})
	}
}

// TestKillDuringBatch kills `clearance batch` with SIGKILL while it
// screens a large file, on each database. The report appears whole or not
// at all (it is written aside and renamed after its audit records are
// committed), the audit log holds the run's records whole or none of them,
// the chain verifies, and the same batch then runs to the end.
//
// The kill is sent once the report being written aside has rows, so that
// it lands while the batch screens however fast the machine loads the
// lists and screens; a kill that lands after the commit (the process
// exiting) must find the run whole.
func TestKillDuringBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("screens a large file")
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			dir, flags, _ := b.setup(t)
			in := filepath.Join(t.TempDir(), "in.csv")
			mustRun(t, dir, append(flags, "bench", "--names", "100000", "--write-names", in)...)
			outDir := t.TempDir()
			out := filepath.Join(outDir, "out.csv")
			runsBefore := batchRuns(t, dir, flags)
			child := startChild(t, append([]string{"--data", dir}, append(flags, "batch", "--in", in, "--out", out)...))
			screening := waitForRows(filepath.Join(outDir, ".clearance-batch-*.csv"), 60*time.Second)
			if err := child.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			child.Wait()
			killed := child.ProcessState.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL
			mustRun(t, dir, append(flags, "audit", "verify")...)
			runs := batchRuns(t, dir, flags) - runsBefore
			_, statErr := os.Stat(out)
			switch {
			case runs == 0 && statErr == nil, runs == 1 && statErr != nil, runs > 1:
				t.Errorf("killed=%v: %d run records, report exists: %v; want none and none, or one and the report", killed, runs, statErr == nil)
			case !screening:
				t.Errorf("the batch wrote no rows within a minute (killed=%v, %d run records)", killed, runs)
			case !killed || runs == 1:
				t.Log("the batch committed before the kill landed: nothing was interrupted")
			}
			mustRun(t, dir, append(flags, "batch", "--in", in, "--out", out)...)
			mustRun(t, dir, append(flags, "audit", "verify")...)
			if n := batchRuns(t, dir, flags) - runsBefore; n != runs+1 {
				t.Errorf("after the rerun: %d run records, want %d", n, runs+1)
			}
		})
	}
}

// waitForRows waits until a file matching pattern holds something, and
// reports whether one did before timeout.
func waitForRows(pattern string, timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.Size() > 0 {
				return true
			}
		}
	}
	return false
}

// batchRuns counts the batch run records in the audit log.
func batchRuns(t *testing.T, dir string, flags []string) int {
	n := 0
	for _, r := range exportRecords(t, dir, flags) {
		if r.Action == clearance.AuditBatch {
			n++
		}
	}
	return n
}
