package match

import (
	"fmt"
	"testing"
)

func TestTermTable(t *testing.T) {
	var terms []string
	for i := range 5000 {
		terms = append(terms, fmt.Sprintf("t%d", i*7))
	}
	tab := newTermTable(terms)
	for i, k := range terms {
		if id, ok := tab.find(terms, k); !ok || id != int32(i) {
			t.Fatalf("find(%q) = %d, %v; want %d, true", k, id, ok, i)
		}
	}
	for _, k := range []string{"", "t1", "t8", "t34999", "x"} {
		if id, ok := tab.find(terms, k); ok {
			t.Errorf("find(%q) = %d, true; want not found", k, id)
		}
	}
	empty := newTermTable(nil)
	if id, ok := empty.find(nil, "a"); ok {
		t.Errorf("empty table found %d", id)
	}
}
