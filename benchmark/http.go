package benchmark

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Load describes an HTTP load run: Concurrency clients, each sending its
// next request as soon as the last one answered (a closed loop), for
// Duration, cycling through Bodies.
type Load struct {
	URL         string
	Key         string // sent as Authorization: Bearer
	Bodies      [][]byte
	Concurrency int
	Duration    time.Duration
	// Warmup is run first and not counted.
	Warmup time.Duration
	// Progress, when set, is called about once a second with the requests
	// done so far.
	Progress func(done int)
}

// LoadResult is what a load run measured.
type LoadResult struct {
	Requests   int            `json:"requests"`
	Errors     int            `json:"errors"`
	ByStatus   map[string]int `json:"by_status"`
	Latency    Latency        `json:"latency"`
	Elapsed    time.Duration  `json:"elapsed_ns"`
	Throughput float64        `json:"throughput_per_s"`
	// FirstError is the first failure, for the report.
	FirstError string `json:"first_error,omitempty"`
}

// NameBodies returns one JSON body {"name": ...} per name.
func NameBodies(names []string) [][]byte {
	out := make([][]byte, len(names))
	for i, n := range names {
		out[i], _ = json.Marshal(map[string]string{"name": n}) // a string map always marshals
	}
	return out
}

// Run sends the load and measures it.
func (l Load) Run(ctx context.Context) (LoadResult, error) {
	if len(l.Bodies) == 0 || l.Concurrency < 1 || l.Duration <= 0 {
		return LoadResult{}, fmt.Errorf("load: want bodies, a concurrency of at least 1 and a duration")
	}
	tr := &http.Transport{MaxIdleConns: l.Concurrency * 2, MaxIdleConnsPerHost: l.Concurrency * 2, MaxConnsPerHost: l.Concurrency,
		IdleConnTimeout: time.Minute, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	if l.Warmup > 0 {
		l.phase(ctx, client, l.Warmup, nil)
	}
	var progress func(int)
	if l.Progress != nil {
		progress = l.Progress
	}
	return l.phase(ctx, client, l.Duration, progress), nil
}

type clientStats struct {
	lat      []time.Duration
	byStatus map[string]int
	errors   int
	first    string
}

func (l Load) phase(ctx context.Context, client *http.Client, d time.Duration, progress func(int)) LoadResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	stats := make([]clientStats, l.Concurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	start := time.Now()
	for c := range l.Concurrency {
		st := &stats[c]
		st.byStatus = map[string]int{}
		wg.Go(func() {
			for i := c; ctx.Err() == nil; i += l.Concurrency {
				body := l.Bodies[i%len(l.Bodies)]
				t0 := time.Now()
				status, err := l.send(ctx, client, body)
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the run: not a failure
				}
				st.lat = append(st.lat, time.Since(t0))
				switch {
				case err != nil:
					st.byStatus["error"]++
					st.errors++
					if st.first == "" {
						st.first = err.Error()
					}
				default:
					st.byStatus[fmt.Sprint(status)]++
					if status != http.StatusOK {
						st.errors++
						if st.first == "" {
							st.first = fmt.Sprintf("HTTP %d", status)
						}
					}
				}
				if progress != nil && len(st.lat)%256 == 0 {
					mu.Lock()
					done += 256
					mu.Unlock()
				}
			}
		})
	}
	if progress != nil {
		tick := time.NewTicker(time.Second)
		go func() {
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
					mu.Lock()
					n := done
					mu.Unlock()
					progress(n)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	res := LoadResult{ByStatus: map[string]int{}, Elapsed: elapsed}
	var all []time.Duration
	for _, st := range stats {
		all = append(all, st.lat...)
		res.Errors += st.errors
		for k, v := range st.byStatus {
			res.ByStatus[k] += v
		}
		if res.FirstError == "" {
			res.FirstError = st.first
		}
	}
	res.Requests = len(all)
	res.Latency = Summarize(all)
	res.Throughput = float64(res.Requests) / elapsed.Seconds()
	return res
}

// send posts one body and reads the whole answer, so that the connection
// is reused.
func (l Load) send(ctx context.Context, client *http.Client, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if l.Key != "" {
		req.Header.Set("Authorization", "Bearer "+l.Key)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
