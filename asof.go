package clearance

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Replaying a past screening needs the list versions it ran against and its
// matching options. The store keeps every version's entries, so a Screener
// over past versions screens exactly as one did then; the options come from
// an OptionsStore by their hash.

// ResolveAsOf reads a replay specification into versions, ordered by
// source as ActiveVersions orders them:
//
//   - "us-csl:3" or "us-csl:3,us-ofac-sdn:2": exactly those versions, and
//     no other source (name every source the past screening reports in its
//     list_versions to reproduce it exactly; AsOfSpec writes the list);
//   - a date ("2026-01-15", meaning the end of that day, UTC) or an RFC 3339
//     time: the version of each source that was active then, which is the
//     latest imported at or before it, since an import activates its version.
func ResolveAsOf(ctx context.Context, st ListStore, spec string) ([]Version, error) {
	spec = strings.TrimSpace(spec)
	if at, ok := asOfTime(spec); ok {
		return activeAt(ctx, st, at, spec)
	}
	all, err := st.Versions(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []Version
	for _, part := range strings.Split(spec, ",") {
		src, num, ok := strings.Cut(strings.TrimSpace(part), ":")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || n < 1 {
			return nil, Errorf(Invalid, "as of %q: want SOURCE:VERSION[,SOURCE:VERSION...] (such as us-csl:3), a date (YYYY-MM-DD) or an RFC 3339 time", spec)
		}
		i := slices.IndexFunc(all, func(v Version) bool { return string(v.Source) == src && v.Number == n })
		if i < 0 {
			return nil, Errorf(NotFound, "as of %q: %s has no version %d (clearance lists --all)", spec, src, n)
		}
		if slices.ContainsFunc(out, func(v Version) bool { return string(v.Source) == src }) {
			return nil, Errorf(Invalid, "as of %q names %s twice", spec, src)
		}
		out = append(out, all[i])
	}
	slices.SortFunc(out, func(a, b Version) int { return strings.Compare(string(a.Source), string(b.Source)) })
	return out, nil
}

func asOfTime(spec string) (time.Time, bool) {
	if d, err := time.Parse(time.DateOnly, spec); err == nil {
		return d.Add(24*time.Hour - time.Microsecond), true
	}
	if t, err := time.Parse(time.RFC3339Nano, spec); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// activeAt returns each source's latest version imported at or before at.
func activeAt(ctx context.Context, st ListStore, at time.Time, spec string) ([]Version, error) {
	all, err := st.Versions(ctx, "")
	if err != nil {
		return nil, err
	}
	latest := map[SourceID]Version{}
	for _, v := range all {
		if !v.ImportedAt.After(at) && v.Number > latest[v.Source].Number {
			latest[v.Source] = v
		}
	}
	if len(latest) == 0 {
		return nil, Errorf(NotFound, "as of %s: no list had been imported by %s", spec, at.Format(time.RFC3339))
	}
	out := make([]Version, 0, len(latest))
	for _, v := range latest {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b Version) int { return strings.Compare(string(a.Source), string(b.Source)) })
	return out, nil
}

// AsOfSpec writes the --as-of specification of the given versions.
func AsOfSpec(versions []VersionRef) string {
	parts := make([]string, len(versions))
	for i, v := range versions {
		parts[i] = fmt.Sprintf("%s:%d", v.Source, v.Version)
	}
	return strings.Join(parts, ",")
}

// LoadScreenerAt builds a Screener over the given versions, whether active
// or not, loading them concurrently; raw records are dropped.
func LoadScreenerAt(ctx context.Context, st ListStore, versions []Version) (*Screener, error) {
	perVersion := make([][]*Entry, len(versions))
	err := parallel(ctx, len(versions), len(versions), func(i int) error {
		v := versions[i]
		for e, err := range withoutRaw(st)(ctx, v.Source, v.Number) {
			if err != nil {
				return err
			}
			e.Raw = nil
			perVersion[i] = append(perVersion[i], e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var entries []*Entry
	refs := make([]VersionRef, len(versions))
	for i, v := range versions {
		entries = append(entries, perVersion[i]...)
		refs[i] = VersionRef{Source: v.Source, Version: v.Number, Published: v.Published}
	}
	return NewScreener(entries, refs)
}
