// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the server named by CLEARANCE_TEST_POSTGRES_URL, dropped when
// the test ends, so that parallel tests and re-runs never see each other's
// data. Without the variable the test is skipped, unless
// CLEARANCE_REQUIRE_POSTGRES is set (as CI sets it), when it fails.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// URL returns the address of a new, empty schema (as search_path) in the
// test server, dropped at the end of the test.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CLEARANCE_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CLEARANCE_REQUIRE_POSTGRES") != "" {
			t.Fatal("CLEARANCE_REQUIRE_POSTGRES is set but CLEARANCE_TEST_POSTGRES_URL is not")
		}
		t.Skip("CLEARANCE_TEST_POSTGRES_URL not set: PostgreSQL tests skipped")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("CLEARANCE_TEST_POSTGRES_URL: %v", err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "clearance_test_" + hex.EncodeToString(b[:])
	exec(t, base, `CREATE SCHEMA `+schema)
	t.Cleanup(func() { exec(t, base, `DROP SCHEMA `+schema+` CASCADE`) })
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Exec runs one statement on the database at addr, failing the test if
// it fails.
func Exec(t testing.TB, addr, sql string, args ...any) {
	t.Helper()
	exec(t, addr, sql, args...)
}

func exec(t testing.TB, addr, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, addr)
	if err != nil {
		t.Fatalf("connect to test PostgreSQL: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
