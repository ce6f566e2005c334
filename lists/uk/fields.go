package uk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/clearancehq/clearance"
)

// splitNumbered splits a cell that lists several values as "(1) a (2) b"
// into its items, in order. An item "-" is kept as "" so that items of
// paired cells (passport numbers and their details) stay aligned. Only the
// sequence (1), (2), (3)... splits, so a "(2016)" inside an item does not.
// A cell without "(1)" at its start is one item.
func splitNumbered(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if !strings.HasPrefix(s, "(1)") {
		return []string{cleanItem(s)}
	}
	var out []string
	rest := s[len("(1)"):]
	for k := 2; ; k++ {
		marker := "(" + strconv.Itoa(k) + ")"
		i := strings.Index(rest, marker)
		if i < 0 {
			return append(out, cleanItem(rest))
		}
		out = append(out, cleanItem(rest[:i]))
		rest = rest[i+len(marker):]
	}
}

// cleanItem trims an item of a numbered list and its separating full stop.
func cleanItem(s string) string {
	s = clean(strings.TrimSuffix(strings.TrimSpace(s), "."))
	if s == "-" {
		return ""
	}
	return s
}

// isoDate converts OFSI's dd/mm/yyyy to ISO 8601. Unknown parts are written
// 00 ("00/00/1962", "00/08/1970") and dropped ("1962", "1970-08"); the
// forms "mm/yyyy" and "yyyy" also occur in DOB. Empty stays empty.
func isoDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	parts := strings.Split(s, "/")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] == '+' || p[0] == '-' {
			return "", fmt.Errorf("bad date %q, want dd/mm/yyyy", s)
		}
		nums[i] = n
	}
	var y, m, d int
	switch len(nums) {
	case 1:
		y = nums[0]
	case 2:
		m, y = nums[0], nums[1]
	case 3:
		d, m, y = nums[0], nums[1], nums[2]
	default:
		return "", fmt.Errorf("bad date %q, want dd/mm/yyyy", s)
	}
	if len(parts[len(parts)-1]) != 4 || !validDate(y, m, d) {
		return "", fmt.Errorf("bad date %q, want dd/mm/yyyy", s)
	}
	switch {
	case m == 0:
		return fmt.Sprintf("%04d", y), nil
	case d == 0:
		return fmt.Sprintf("%04d-%02d", y, m), nil
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), nil
}

// birthDate converts a DOB cell; a day given without its month
// ("12/00/1970") keeps only the year.
func birthDate(s string) (string, error) {
	if parts := strings.Split(strings.TrimSpace(s), "/"); len(parts) == 3 && parts[1] == "00" {
		s = "00/00/" + parts[2]
	}
	return isoDate(s)
}

// validDate reports whether y-m-d is a date, allowing 0 for an unknown
// month or day (but no day without a month).
func validDate(y, m, d int) bool {
	if y < 1000 || m < 0 || m > 12 || d < 0 || (m == 0 && d != 0) {
		return false
	}
	days := [...]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if m == 0 || d == 0 {
		return true
	}
	if m == 2 && d == 29 {
		return y%4 == 0 && (y%100 != 0 || y%400 == 0)
	}
	return d <= days[m-1]
}

// infoTag matches the "(Tag):" labels OFSI writes inside Other
// Information for the facts it has no column for.
var infoTag = regexp.MustCompile(`\((Gender|IMO number|Current owners|Flag of ship|Type of ship|Tonnage of ship|UN Ref|UK Sanctions List Ref)\):`)

// otherInfo takes from Other Information the gender, a ship's IMO number,
// type, flag, tonnage and owner, and the UN and UK Sanctions List
// references (as identifiers). The whole text stays in Remarks.
func (p *parser) otherInfo(g *group, e *clearance.Entry) {
	tags := infoTags(e.Remarks)
	if v := tags["Gender"]; v != "" {
		e.Gender = strings.ToUpper(v[:1]) + strings.ToLower(v[1:])
	}
	for _, t := range []struct{ tag, typ string }{
		{"IMO number", "IMO number"},
		{"UN Ref", "UN Reference Number"},
		{"UK Sanctions List Ref", "UK Sanctions List Ref"},
	} {
		if v := tags[t.tag]; v != "" {
			e.Identifiers = appendIdentifiers(e.Identifiers, clearance.Identifier{Type: t.typ, Value: v})
		}
	}
	if e.Kind == clearance.KindVessel {
		v := &clearance.Vessel{
			Type:         tags["Type of ship"],
			GrossTonnage: tags["Tonnage of ship"],
			Flag:         tags["Flag of ship"],
			Owner:        tags["Current owners"],
		}
		if *v != (clearance.Vessel{}) {
			e.Vessel = v
		}
	}
}

// anyTag matches any "(Label):", known or not, where a tag's value ends.
var anyTag = regexp.MustCompile(`\([A-Z][A-Za-z /]*\):`)

// unRef matches a UN reference number at the start of a value.
var unRef = regexp.MustCompile(`^([A-Z][A-Za-z]{1,3})\.\s?(\d{3})\b`)

// infoTags returns the value after each known "(Tag):" label, up to the
// next label of any kind or the end of the text. A reference or gender is
// one word: "(UN Ref):CFi.010. Ali Kony is..." gives "CFi.010".
func infoTags(s string) map[string]string {
	tags := make(map[string]string)
	for _, loc := range infoTag.FindAllStringSubmatchIndex(s, -1) {
		tag, v := s[loc[2]:loc[3]], s[loc[1]:]
		if next := anyTag.FindStringIndex(v); next != nil {
			v = v[:next[0]]
		}
		v = strings.TrimSpace(v)
		if m := unRef.FindStringSubmatch(v); tag == "UN Ref" && m != nil {
			v = m[1] + "." + m[2] // "CDi. 037." is CDi.037
		} else if tag == "UN Ref" || tag == "UK Sanctions List Ref" || tag == "Gender" {
			v, _, _ = strings.Cut(v, " ")
			v = strings.TrimSuffix(v, ".")
		}
		if _, seen := tags[tag]; !seen && v != "" {
			tags[tag] = v
		}
	}
	return tags
}

// raw renders the group's rows as {"rows": [{column: value, ...}, ...]},
// columns in header order, values as written.
func (p *parser) raw(g *group) json.RawMessage {
	var b bytes.Buffer
	b.WriteString(`{"rows":[`)
	for i, r := range g.rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for j, h := range p.columns {
			if j > 0 {
				b.WriteByte(',')
			}
			writeString(&b, strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
			b.WriteByte(':')
			writeString(&b, r.fields[j])
		}
		b.WriteByte('}')
	}
	b.WriteString("]}")
	return b.Bytes()
}

func writeString(b *bytes.Buffer, s string) {
	enc, err := json.Marshal(s)
	if err != nil {
		panic("uk: marshal string: " + err.Error()) // a string cannot fail
	}
	b.Write(enc)
}

// clean trims s and collapses runs of white space to single spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// join joins the non-empty parts with sep.
func join(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// at returns s[i], or "" past the end.
func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// distinct returns the non-empty elements of s in first-seen order.
func distinct(s []string) []string {
	var out []string
	seen := make(map[string]bool, len(s))
	for _, v := range s {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
