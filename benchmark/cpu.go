package benchmark

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTick is the unit of /proc CPU times (USER_HZ), 100 per second on
// every Linux architecture Go supports.
const clockTick = 10 * time.Millisecond

// CPUSample is the CPU time the whole machine and this process had used at
// one moment. Two samples tell how much of the machine other processes took
// in between: a benchmark sharing its CPUs measures less than the code can do.
type CPUSample struct {
	At      time.Time
	Machine time.Duration // busy time of all CPUs
	Self    time.Duration // user and system time of this process
}

// SampleCPU reads /proc/stat and /proc/self/stat.
func SampleCPU() (CPUSample, error) {
	s := CPUSample{At: time.Now()}
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return s, fmt.Errorf("sample CPU: %w", err)
	}
	self, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return s, fmt.Errorf("sample CPU: %w", err)
	}
	if s.Machine, err = machineBusy(string(stat)); err != nil {
		return s, err
	}
	s.Self, err = processCPU(string(self))
	return s, err
}

// OtherLoad returns how many CPUs, on average, processes other than this
// one kept busy between two samples.
func OtherLoad(from, to CPUSample) float64 {
	wall := to.At.Sub(from.At)
	if wall <= 0 {
		return 0
	}
	other := (to.Machine - from.Machine) - (to.Self - from.Self)
	return max(0, float64(other)/float64(wall))
}

// machineBusy sums the busy fields of the "cpu" line of /proc/stat: user,
// nice, system, irq, softirq and steal (not idle and iowait; guest time is
// already in user).
func machineBusy(stat string) (time.Duration, error) {
	line, _, _ := strings.Cut(stat, "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, fmt.Errorf("/proc/stat: unexpected first line %q", line)
	}
	var busy int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		v, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/stat field %d: %w", i, err)
		}
		busy += v
	}
	return time.Duration(busy) * clockTick, nil
}

// processCPU returns utime+stime of a /proc/PID/stat line. The command name
// in parentheses may hold spaces, so fields are counted after the last ')'.
func processCPU(stat string) (time.Duration, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/self/stat: unexpected %q", stat)
	}
	f := strings.Fields(stat[i+1:])
	// Fields after the name start at field 3 (state); utime and stime are 14 and 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/self/stat: only %d fields", len(f)+2)
	}
	var t int64
	for _, s := range f[11:13] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/self/stat: %w", err)
		}
		t += v
	}
	return time.Duration(t) * clockTick, nil
}
