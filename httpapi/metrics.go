package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/clearancehq/clearance"
)

// metrics are the API's Prometheus metrics.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	screenings prometheus.Counter
	hits       *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry, st clearance.ListStore, rs clearance.ReviewStore, clock func() time.Time) (*metrics, error) {
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "clearance_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code."}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "clearance_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}}, []string{"route"}),
		screenings: prometheus.NewCounter(prometheus.CounterOpts{Name: "clearance_screenings_total",
			Help: "Names screened through the API."}),
		hits: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "clearance_screening_hits_total",
			Help: "Hits reported by API screenings, by list."}, []string{"list"}),
	}
	cs := []prometheus.Collector{m.requests, m.latency, m.screenings, m.hits, &stateCollector{st: st, rs: rs, now: clock}}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, clearance.Errorf(clearance.Internal, "register metrics: %w", err)
		}
	}
	return m, nil
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	if status == 0 {
		status = http.StatusOK
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) screened(s *clearance.Screening) {
	m.screenings.Inc()
	for _, h := range s.Hits {
		m.hits.WithLabelValues(string(h.List)).Inc()
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// stateCollector reads, at each scrape, what the store holds: the active
// list versions and their age, and the cases by state.
type stateCollector struct {
	st  clearance.ListStore
	rs  clearance.ReviewStore
	now func() time.Time
}

var (
	versionDesc = prometheus.NewDesc("clearance_list_version", "Active version number of each list source.", []string{"source"}, nil)
	entriesDesc = prometheus.NewDesc("clearance_list_entries", "Entries in the active version of each list source.", []string{"source"}, nil)
	ageDesc     = prometheus.NewDesc("clearance_list_age_seconds", "Seconds since the active version of each source was imported.", []string{"source"}, nil)
	casesDesc   = prometheus.NewDesc("clearance_cases", "Review cases by state.", []string{"state"}, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- versionDesc
	ch <- entriesDesc
	ch <- ageDesc
	ch <- casesDesc
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	if c.st == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if vs, err := c.st.ActiveVersions(ctx); err == nil {
		for _, v := range vs {
			src := string(v.Source)
			ch <- prometheus.MustNewConstMetric(versionDesc, prometheus.GaugeValue, float64(v.Number), src)
			ch <- prometheus.MustNewConstMetric(entriesDesc, prometheus.GaugeValue, float64(v.Entries), src)
			ch <- prometheus.MustNewConstMetric(ageDesc, prometheus.GaugeValue, c.now().Sub(v.ImportedAt).Seconds(), src)
		}
	}
	if c.rs == nil {
		return
	}
	if counts, err := c.rs.CaseCounts(ctx); err == nil {
		for _, state := range clearance.CaseStates {
			ch <- prometheus.MustNewConstMetric(casesDesc, prometheus.GaugeValue, float64(counts[state]), string(state))
		}
	}
}
