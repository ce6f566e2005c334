package httpapi

import (
	"sync"

	"golang.org/x/time/rate"
)

// limiter holds one token bucket per key name.
type limiter struct {
	limit rate.Limit
	burst int
	mu    sync.Mutex
	keys  map[string]*rate.Limiter
}

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{limit: rate.Limit(perSecond), burst: burst, keys: map[string]*rate.Limiter{}}
}

// allow takes a token from the key's bucket.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	b, ok := l.keys[key]
	if !ok {
		b = rate.NewLimiter(l.limit, l.burst)
		l.keys[key] = b
	}
	l.mu.Unlock()
	return b.Allow()
}
