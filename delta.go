package clearance

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Delta is what changed in a source between two of its versions.
type Delta struct {
	Source  SourceID      `json:"source"`
	From    int           `json:"from_version"` // 0 means "nothing": every entry is added
	To      int           `json:"to_version"`
	Added   []*Entry      `json:"added"`
	Removed []*Entry      `json:"removed"`
	Changed []EntryChange `json:"changed"`
}

// EntryChange is one entry present in both versions with different content.
type EntryChange struct {
	ID     string        `json:"id"`
	Name   string        `json:"name"`
	List   ListCode      `json:"list"`
	Fields []FieldChange `json:"fields"`
	Before *Entry        `json:"-"`
	After  *Entry        `json:"-"`
}

// FieldChange is one field of an entry that differs between two versions.
// Before and After are the field's values rendered as text; for list fields
// Added and Removed hold the elements that appeared and disappeared.
type FieldChange struct {
	Field   string   `json:"field"`
	Before  string   `json:"before,omitempty"`
	After   string   `json:"after,omitempty"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// LastUpdate returns the versions of a source's last update: the one
// before the active version, and the active version (from is 0 after a
// first import). An unknown source is Invalid; a source never imported,
// NotFound.
func LastUpdate(ctx context.Context, st ListStore, source SourceID) (from, to int, err error) {
	if _, ok := SourceByID(source); !ok {
		return 0, 0, Errorf(Invalid, "unknown source %q", source)
	}
	active, err := st.ActiveVersions(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, v := range active {
		if v.Source == source {
			return v.Number - 1, v.Number, nil
		}
	}
	return 0, 0, Errorf(NotFound, "source %s has no imported version", source)
}

// Empty reports whether the delta records no change.
func (d *Delta) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0
}

// CompareEntries returns the field-level differences between two versions
// of an entry, by JSON field name, ignoring Raw and SourceRef (see
// ContentHash). It returns nil when the entries are equal.
func CompareEntries(before, after *Entry) []FieldChange {
	var out []FieldChange
	bv, av := reflect.ValueOf(*before), reflect.ValueOf(*after)
	t := bv.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "raw" || name == "source_ref" || name == "" || name == "-" {
			continue
		}
		b, a := bv.Field(i), av.Field(i)
		if reflect.DeepEqual(b.Interface(), a.Interface()) {
			continue
		}
		if isEmpty(b) && isEmpty(a) {
			continue
		}
		fc := FieldChange{Field: name}
		if f.Type.Kind() == reflect.Slice {
			bs, as := renderElems(b), renderElems(a)
			fc.Added, fc.Removed = setDiff(as, bs), setDiff(bs, as)
			if len(fc.Added) == 0 && len(fc.Removed) == 0 {
				// Same elements, different order.
				fc.Before, fc.After = strings.Join(bs, "; "), strings.Join(as, "; ")
			}
		} else {
			fc.Before, fc.After = render(b), render(a)
		}
		out = append(out, fc)
	}
	return out
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map, reflect.String:
		return v.Len() == 0
	case reflect.Pointer:
		return v.IsNil()
	}
	return v.IsZero()
}

func renderElems(v reflect.Value) []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = render(v.Index(i))
	}
	return out
}

func render(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case string:
		return x
	case Name:
		s := x.Value
		var tags []string
		if x.Kind != "" && x.Kind != NameAlias {
			tags = append(tags, string(x.Kind))
		}
		if x.Strength == Weak {
			tags = append(tags, "weak")
		}
		if x.Script != "" && x.Script != "Latn" {
			tags = append(tags, x.Script)
		}
		if len(tags) > 0 {
			s += " (" + strings.Join(tags, ", ") + ")"
		}
		return s
	case Address:
		return x.String()
	case Identifier:
		s := x.Type + " " + x.Value
		if x.Country != "" {
			s += " (" + x.Country + ")"
		}
		return s
	case fmt.Stringer:
		return x.String()
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return ""
	}
	b, _ := json.Marshal(v.Interface())
	return string(b)
}

// setDiff returns the elements of a not in b, sorted.
func setDiff(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
