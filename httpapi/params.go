package httpapi

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/clearancehq/clearance"
)

// Listings return pages of defaultLimit items unless the request asks
// for another limit, up to maxLimit (the contract bounds it).
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// page is one page of a listing: its items and, when more follow, the
// cursor that asks for the next page.
type page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next_cursor,omitempty"`
}

// listing is a listing that is never paged: the few reason codes, keys
// or list versions.
func listing[T any](items []T) page[T] {
	if items == nil {
		items = []T{}
	}
	return page[T]{Items: items}
}

// paginate returns the page of items, in order, that follows the item
// whose key is cursor ("" for the first page), of at most limit items.
// A cursor no item has is Invalid: the item it named is gone, or the
// client made it up.
func paginate[T any](items []T, cursor string, limit int, key func(*T) string) (page[T], error) {
	start := 0
	if cursor != "" {
		start = -1
		for i := range items {
			if key(&items[i]) == cursor {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return page[T]{}, clearance.Errorf(clearance.Invalid, "cursor %q names nothing in this listing: start again without it", cursor)
		}
	}
	rest := items[start:]
	if len(rest) <= limit {
		return listing(rest), nil
	}
	return page[T]{Items: rest[:limit], Next: key(&rest[limit-1])}, nil
}

// writePage answers the page of items that the request's cursor and limit
// select (see paginate), for a listing the store reads whole.
func writePage[T any](w http.ResponseWriter, r *http.Request, items []T, key func(*T) string) error {
	limit, err := limitOf(r)
	if err != nil {
		return err
	}
	p, err := paginate(items, r.URL.Query().Get("cursor"), limit, key)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// trim cuts a page read with one item too many (limit+1, to learn whether
// more follow) to limit items, with the cursor of the next page.
func trim[T any](items []T, limit int, key func(*T) string) page[T] {
	if len(items) <= limit {
		return listing(items)
	}
	return page[T]{Items: items[:limit], Next: key(&items[limit-1])}
}

// limitOf returns the limit query parameter, or defaultLimit.
func limitOf(r *http.Request) (int, error) { return queryInt(r, "limit", defaultLimit) }

// queryInt returns the integer query parameter name, or def when absent.
// The contract has checked its form and range already.
func queryInt(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, clearance.Errorf(clearance.Invalid, "query parameter %s %q: want a whole number", name, v)
	}
	return n, nil
}

// queryTime returns the query parameter name as a bound of a period (a day
// or an RFC 3339 instant; see clearance.ParseTimeBound), or the zero time.
func queryTime(r *http.Request, name string, end bool) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	return clearance.ParseTimeBound(name, v, end)
}

// pathInt64 returns the integer path parameter name of a resource named
// what; one that is not a number names no resource.
func pathInt64(r *http.Request, name, what string) (int64, error) {
	v := r.PathValue(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, clearance.Errorf(clearance.NotFound, "no %s %q", what, v)
	}
	return n, nil
}

// readBody reads the whole body, within the limit validate set.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, errTooLarge
	case err != nil:
		return nil, clearance.Errorf(clearance.Invalid, "read the request body: %w", err)
	case len(b) == 0:
		return nil, clearance.Errorf(clearance.Invalid, "the request has no body")
	}
	return b, nil
}

// readDocument reads the body as a document the command line reads from a
// file (an order, a licence...), parsed by parse under the name doc.
func readDocument[T any](r *http.Request, doc string, parse func(doc string, data []byte) (T, error)) (T, error) {
	b, err := readBody(r)
	if err != nil {
		var zero T
		return zero, err
	}
	return parse(doc, b)
}

// actor returns who the request acts as: "key:NAME", the audit log's name
// of the key's holder.
func actor(r *http.Request) string {
	a, _ := clearance.ActorFrom(r.Context())
	return a
}
