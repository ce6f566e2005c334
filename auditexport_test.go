package clearance

import (
	"testing"
	"time"
)

func TestParseTimeBound(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		end  bool
		want time.Time
		ok   bool
	}{
		{"2026-03-02", false, day, true},
		{"2026-03-02", true, day.AddDate(0, 0, 1), true},
		{"2026-03-02T10:00:00Z", true, day.Add(10 * time.Hour), true},
		{"2 March", false, time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := ParseTimeBound("from", tt.in, tt.end)
		if (err == nil) != tt.ok || (tt.ok && !got.Equal(tt.want)) {
			t.Errorf("ParseTimeBound(%q, %v) = %v, %v; want %v, ok %v", tt.in, tt.end, got, err, tt.want, tt.ok)
		}
		if err != nil && KindOf(err) != Invalid {
			t.Errorf("ParseTimeBound(%q): error of kind %v, want invalid", tt.in, KindOf(err))
		}
	}
}

func TestParseEventSince(t *testing.T) {
	tests := []struct {
		in   string
		want EventFilter
		ok   bool
	}{
		{"", EventFilter{}, true},
		{"42", EventFilter{After: 42}, true},
		{"2026-03-02", EventFilter{Since: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}, true},
		{"2026-03-02T10:00:00Z", EventFilter{Since: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}, true},
		{"-1", EventFilter{}, false},
		{"yesterday", EventFilter{}, false},
	}
	for _, tt := range tests {
		got, err := ParseEventSince(tt.in, time.UTC)
		if (err == nil) != tt.ok || got.After != tt.want.After || !got.Since.Equal(tt.want.Since) {
			t.Errorf("ParseEventSince(%q) = %+v, %v; want %+v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestExportAuditFormat(t *testing.T) {
	if _, err := ExportAudit(t.Context(), nil, AuditQuery{}, nil, "xml"); KindOf(err) != Invalid {
		t.Errorf("ExportAudit(xml) = %v, want an invalid format", err)
	}
}
