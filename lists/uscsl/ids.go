package uscsl

import (
	"strconv"
	"strings"

	"github.com/clearancehq/clearance"
)

// idPrefix starts every entry id of this source.
const idPrefix = "us-csl:"

// idAllocator hands out entry ids unique within one file, by the rules in
// the package documentation.
type idAllocator struct {
	taken map[string]bool
}

func newIDAllocator() *idAllocator {
	return &idAllocator{taken: make(map[string]bool)}
}

// assign returns the id of an entry of list with the given entity number (may
// be empty), primary name and address countries, and marks it taken.
func (a *idAllocator) assign(list clearance.ListCode, entityNumber, name string, countries []string) string {
	base := idPrefix + string(list) + ":"
	var id string
	if entityNumber != "" {
		id = base + entityNumber
	} else {
		id = base + clearance.StableKey(name)
		if a.taken[id] {
			id = base + clearance.StableKey(name, strings.Join(countries, " "))
		}
	}
	if a.taken[id] {
		for n := 2; ; n++ {
			if c := id + "-" + strconv.Itoa(n); !a.taken[c] {
				id = c
				break
			}
		}
	}
	a.taken[id] = true
	return id
}
