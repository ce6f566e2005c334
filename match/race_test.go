//go:build race

package match

// raceEnabled says the race detector is on: it makes sync.Pool drop what
// it holds at random, so allocation counts do not hold.
const raceEnabled = true
