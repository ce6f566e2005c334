package web

import (
	"strings"
	"testing"
)

// FuzzSafeNext: wherever sign-in is told to go next, it stays on this
// site and off the sign-in page.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/cases?state=all", "//evil.example", "/\\evil", "https://evil.example/", "/signin", "", "/%2F%2Fevil", "/\t/evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/search" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither the path given nor /search", next, got)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") || strings.HasPrefix(got, "/signin") {
			t.Fatalf("safeNext(%q) = %q: not a path of this site", next, got)
		}
	})
}
