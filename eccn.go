package clearance

import (
	"strings"
)

// EAR99 is the designation of items subject to the EAR that no entry of the
// Commerce Control List describes.
const EAR99 = "EAR99"

// NormalizeECCN returns an Export Control Classification Number in its
// canonical form, or EAR99: the category digit, the product group letter
// (A to E) and three digits in capitals, then paragraphs in lower case
// ("1a004.C" gives "1A004.c", "ear99" gives "EAR99"). ok is false when s is
// neither.
func NormalizeECCN(s string) (eccn string, ok bool) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, EAR99) {
		return EAR99, true
	}
	head, rest, _ := strings.Cut(s, ".")
	if len(head) != 5 || !isDigit(head[0]) || !isDigit(head[2]) || !isDigit(head[3]) || !isDigit(head[4]) {
		return "", false
	}
	group := head[1] &^ 0x20 // upper case
	if group < 'A' || group > 'E' {
		return "", false
	}
	var b strings.Builder
	b.WriteString(head[:1])
	b.WriteByte(group)
	b.WriteString(head[2:])
	if !strings.Contains(s, ".") {
		return b.String(), true
	}
	for p := range strings.SplitSeq(rest, ".") {
		if p == "" {
			return "", false // an empty paragraph: "1A004..c", "1A004."
		}
		for i := 0; i < len(p); i++ {
			if !isDigit(p[i]) && !isLetter(p[i]) {
				return "", false
			}
		}
		b.WriteByte('.')
		b.WriteString(strings.ToLower(p))
	}
	return b.String(), true
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
