package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/sqlite"
)

// monitorChildArgs names the environment variable that makes the test
// binary run the command line it holds (JSON), killing itself with SIGKILL
// once the first batch of a monitoring run is committed.
const monitorChildArgs = "CLEARANCE_TEST_MONITOR_CHILD_ARGS"

func runMonitorChild(args string) int {
	var argv []string
	if err := json.Unmarshal([]byte(args), &argv); err != nil {
		return 3
	}
	afterMonitorBatch = func(*clearance.MonitorRun) { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	return Run(context.Background(), argv, os.Stdout, os.Stderr)
}

// TestMonitorSurvivesKill kills the process re-screening the registry after
// the real CSL's import, once its first batch is committed. Dahua's case is
// in that batch, Hikvision's not; the order moves come after. The next
// command finishes the re-screen: every case opens once and both orders are
// blocked.
func TestMonitorSurvivesKill(t *testing.T) {
	t.Parallel()
	dir := before2019Data(t)
	argv, _ := json.Marshal([]string{"--data", dir, "lists", "import", "--format", "csl", realCSL(t, "consolidated.csv", nil)})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), monitorChildArgs+"="+string(argv))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "us-csl: imported version 3") {
		t.Fatalf("the child did not import the CSL before dying:\n%s", out.String())
	}

	// Read the database as the dead process left it, without finishing the run.
	st := openRaw(t, dir)
	unfinished, err := st.UnfinishedMonitorRun(t.Context())
	if err != nil || unfinished == nil || unfinished.Cursor == "" || unfinished.Stats.CasesOpened != 1 {
		t.Fatalf("the dead process left run %+v, %v; want one unfinished after a batch with Dahua's case", unfinished, err)
	}
	st.Close()

	r := mustRun(t, dir, "cases", "list", "--json")
	if !strings.Contains(r.stderr, "Finishing the re-screen") {
		t.Errorf("the next command did not say it finishes the re-screen:\n%s", r.stderr)
	}
	cs := byEntry(casesJSON(t, dir))
	for _, key := range []string{dahuaID + "/EL", hikID + "/EL", "PO-HIK/EL", "PO-DAHUA/EL"} {
		if _, ok := cs[key]; !ok {
			t.Errorf("no case %s after the re-screen was finished: %v", key, keys(cs))
		}
	}
	if len(cs) != len(casesJSON(t, dir)) {
		t.Errorf("a case opened twice: %v", keys(cs))
	}
	for _, id := range []string{"PO-HIK", "PO-DAHUA"} {
		if d := orderJSON(t, dir, id).Decision; d.Outcome != clearance.Blocked {
			t.Errorf("order %s = %s after the re-screen, want blocked", id, d.Outcome)
		}
	}
	runs := runJSON[[]clearance.MonitorRun](t, dir, "monitor", "--json")
	if runs[0].ID != unfinished.ID || runs[0].FinishedAt.IsZero() || runs[0].Stats.Counterparties != 2502 {
		t.Errorf("monitor --json = %v; want run %d finished over 2502 counterparties", runs, unfinished.ID)
	}
}

// openRaw opens the database of a data directory without the command
// line's start-up (which would finish the run).
func openRaw(t *testing.T, dir string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(dir, "clearance.db"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}
