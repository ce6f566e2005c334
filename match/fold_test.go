package match

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hangzhou Hikvision Digital Technology Co., Ltd.", "hangzhou hikvision digital technology co ltd"},
		{"HIKVISION", "hikvision"},
		{"Hik-Vision", "hik vision"},
		{"'ABBAS, Rim", "abbas rim"},
		{"O’Brien & Sons", "obrien and sons"},
		{"Société Générale", "societe generale"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"ООО Ромашка", "ooo romashka"},
		{"Евгений", "evgeniy"},
		{"旷视科技有限公司", "kuang shi ke ji you xian gong si"},
		// Polyphonic characters: read as in their word, or as a surname
		// when the name is a person's two or three characters alone.
		{"中国银行", "zhong guo yin hang"},
		{"重庆长安汽车", "chong qing chang an qi che"},
		{"重工", "zhong gong"},
		{"厦门美亚柏科", "xia men mei ya bai ke"},
		{"曾庆红", "zeng qing hong"},
		{"解放军", "jie fang jun"},
		{"曾经的公司", "ceng jing de gong si"},
		{"华为·曾", "hua wei ceng"},
		{"  many   spaces\t", "many spaces"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCanon(t *testing.T) {
	tests := []struct {
		in    string
		want  string
		class TokenClass
	}{
		{"tech", "technology", ClassGeneric},
		{"technologies", "technology", ClassGeneric},
		{"ltd", "limited", ClassLegalForm},
		{"co", "company", ClassLegalForm},
		{"grp", "group", ClassGeneric},
		{"mohammed", "muhammad", ClassName},
		{"hikvision", "hikvision", ClassName},
		{"ooo", "llc", ClassLegalForm},
	}
	for _, tt := range tests {
		got, class := Canon(tt.in)
		if got != tt.want || class != tt.class {
			t.Errorf("Canon(%q) = %q, %v; want %q, %v", tt.in, got, class, tt.want, tt.class)
		}
	}
}

func TestSkeleton(t *testing.T) {
	same := [][2]string{{"yevgeny", "evgeny"}, {"dmitriy", "dmitrii"}, {"khalil", "halil"}, {"philip", "filip"}, {"yelena", "elena"}}
	for _, p := range same {
		if a, b := skeleton(p[0]), skeleton(p[1]); a != b || a == "" {
			t.Errorf("skeleton(%q) = %q, skeleton(%q) = %q; want equal", p[0], a, p[1], b)
		}
	}
}

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"hikvision", "hikvision", 0}, {"hikvision", "hikvison", 1}, {"dahua", "dahau", 1},
		{"abc", "xyz", 3}, {"", "abc", 3}, {"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		if got := osaDistance(tt.a, tt.b, 5); got != tt.want {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Hikvision", "旷视科技有限公司", "ООО Ромашка", "محمد", "O'Brien & Co.", "\xff\xfe", "김정은"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		for i := 0; i < len(got); i++ {
			if got[i] >= utf8.RuneSelf {
				t.Fatalf("Fold(%q) = %q: not ASCII", s, got)
			}
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold not idempotent: Fold(%q) = %q, Fold(that) = %q", s, got, again)
		}
		if strings.Contains(got, "  ") || strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") {
			t.Fatalf("Fold(%q) = %q: stray spaces", s, got)
		}
	})
}

func TestJoinDotted(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A.B.C. Company", "abc company"},
		{"L.X.C Aviation", "lxc aviation"},
		{"Volkswagen Bank G.m.b.H.", "volkswagen bank gmbh"},
		{"HSBC Holdings p.l.c.", "hsbc holdings plc"},
		{"J.P. Morgan & Co.", "jp morgan and co"},
		{"Oboronnye Initsiativy o.O.O.", "oboronnye initsiativy ooo"},
		{"J. P. Morgan", "j p morgan"},
		{"Smith, J.", "smith j"},
		{"U.S. Bank N.A.", "us bank na"},
		{"No. 5A Xueyuan Rd.", "no 5a xueyuan rd"},
		{"v1.2.3", "v1 2 3"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDecomposedLatinTable: the Latin letters decomposed once are those
// decomposing each gives, each at its own rune.
func TestDecomposedLatinTable(t *testing.T) {
	for _, span := range [][2]rune{{0x80, 0x250}, {0x1e00, 0x1f00}} {
		for r := span[0]; r < span[1]; r++ {
			if got, want := decomposedASCII(r), decomposeASCII(r); got != want {
				t.Errorf("decomposedASCII(%U %q) = %q, want %q", r, r, got, want)
			}
		}
	}
	for r, want := range map[rune]string{'é': "e", 'Ł': "", 'ǅ': "Dz", 'ệ': "e", 'ñ': "n"} {
		if got := decomposedASCII(r); got != want {
			t.Errorf("decomposedASCII(%q) = %q, want %q", r, got, want)
		}
	}
}

// BenchmarkFoldDiacritics folds a name of accented Latin letters, as a
// query or a listed name may be.
func BenchmarkFoldDiacritics(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Fold("Société Générale Müller Ñandú Łódź")
	}
}
