package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// TestConfigDB checks where the database address comes from: the --db flag
// over CLEARANCE_DB over the file, and that only PostgreSQL addresses pass.
func TestConfigDB(t *testing.T) {
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, []byte(`{"db": "postgres://file/db"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		env   string
		flags Flags
		want  string
	}{
		{"default", "", Flags{Data: "d"}, ""},
		{"file", "", Flags{Config: file, Data: "d"}, "postgres://file/db"},
		{"env over file", "postgresql://env/db", Flags{Config: file, Data: "d"}, "postgresql://env/db"},
		{"flag over env", "postgresql://env/db", Flags{Config: file, Data: "d", DB: "postgres://flag/db"}, "postgres://flag/db"},
	}
	for _, tt := range tests {
		t.Setenv("CLEARANCE_DB", tt.env)
		t.Setenv("CLEARANCE_CONFIG", "")
		cfg, err := LoadConfig(tt.flags)
		if err != nil || cfg.DB != tt.want {
			t.Errorf("%s: LoadConfig = DB %q, %v, want %q", tt.name, cfg.DB, err, tt.want)
		}
	}
	t.Setenv("CLEARANCE_DB", "mysql://user:secret@host/db")
	_, err := LoadConfig(Flags{Data: "d"})
	if clearance.KindOf(err) != clearance.Invalid || err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("LoadConfig(mysql://) = %v, want an Invalid error without the password", err)
	}
}
