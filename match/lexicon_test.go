package match

import "testing"

// TestCanonTable checks Canon's one-lookup table against the tables it is
// made from, for every word they hold and words they do not.
func TestCanonTable(t *testing.T) {
	words := []string{"", "hikvision", "x", "co", "ltd", "limited", "tech", "beijing", "st", "and", "mohammed"}
	for _, m := range []map[string]bool{legalForms, genericWords, placeWords} {
		for w := range m {
			words = append(words, w)
		}
	}
	for w, c := range canonical {
		words = append(words, w, c)
	}
	for _, w := range words {
		want, class := w, ClassName
		if c, ok := canonical[w]; ok {
			want = c
		}
		switch {
		case legalForms[want]:
			class = ClassLegalForm
		case genericWords[want]:
			class = ClassGeneric
		case placeWords[want]:
			class = ClassPlace
		}
		if got, gotClass := Canon(w); got != want || gotClass != class {
			t.Errorf("Canon(%q) = %q, %s, want %q, %s", w, got, gotClass, want, class)
		}
	}
}
