package benchmark

import (
	"testing"
	"time"
)

func TestMachineBusy(t *testing.T) {
	stat := "cpu  749144 10 57052 94748 1845 5 1359 3561 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"
	got, err := machineBusy(stat)
	want := time.Duration(749144+10+57052+5+1359+3561) * clockTick
	if err != nil || got != want {
		t.Errorf("machineBusy = %v, %v; want %v", got, err, want)
	}
	if _, err := machineBusy("intr 1 2 3\n"); err == nil {
		t.Errorf("machineBusy without a cpu line: want an error")
	}
}

func TestProcessCPU(t *testing.T) {
	stat := "4242 (clearance (x) y) R 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 56 0 0 20 0 9 0 100 0 0"
	got, err := processCPU(stat)
	if want := time.Duration(1234+56) * clockTick; err != nil || got != want {
		t.Errorf("processCPU = %v, %v; want %v", got, err, want)
	}
}

func TestOtherLoad(t *testing.T) {
	at := time.Unix(0, 0)
	from := CPUSample{At: at, Machine: 10 * time.Second, Self: 2 * time.Second}
	to := CPUSample{At: at.Add(4 * time.Second), Machine: 18 * time.Second, Self: 6 * time.Second}
	if got := OtherLoad(from, to); got != 1 {
		t.Errorf("OtherLoad = %v, want 1 (8 s busy, 4 s ours, over 4 s)", got)
	}
	if got := OtherLoad(to, to); got != 0 {
		t.Errorf("OtherLoad over no time = %v, want 0", got)
	}
	if _, err := SampleCPU(); err != nil {
		t.Skipf("no /proc here: %v", err)
	}
}
