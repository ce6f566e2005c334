package main

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// TestDeadWorker: a worker is known dead only when it ran on this host in a
// process that is gone.
func TestDeadWorker(t *testing.T) {
	host, _ := os.Hostname()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	gone := cmd.Process.Pid
	tests := []struct {
		worker string
		want   bool
	}{
		{fmt.Sprintf("%s/%d/cli-1", host, gone), true},
		{fmt.Sprintf("%s/%d/cli-1", host, os.Getpid()), false},  // this process: its other commands may run
		{fmt.Sprintf("%s/%d/cli-1", host, os.Getppid()), false}, // alive
		{fmt.Sprintf("elsewhere.example/%d/cli-1", gone), false},
		{"monitor-ABC", false},
		{host + "/x/cli-1", false},
	}
	for _, tt := range tests {
		if got := deadWorker(tt.worker); got != tt.want {
			t.Errorf("deadWorker(%q) = %v, want %v", tt.worker, got, tt.want)
		}
	}
}
