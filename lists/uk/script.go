package uk

import "unicode"

// scripts are the writing systems names on sanctions lists are written in,
// with their ISO 15924 codes, in the order ties are broken.
var scripts = []struct {
	code  string
	table *unicode.RangeTable
}{
	{"Latn", unicode.Latin},
	{"Cyrl", unicode.Cyrillic},
	{"Arab", unicode.Arabic},
	{"Hani", unicode.Han},
	{"Hang", unicode.Hangul},
	{"Kana", unicode.Katakana},
	{"Hira", unicode.Hiragana},
	{"Grek", unicode.Greek},
	{"Hebr", unicode.Hebrew},
	{"Geor", unicode.Georgian},
	{"Armn", unicode.Armenian},
	{"Thai", unicode.Thai},
	{"Ethi", unicode.Ethiopic},
	{"Mymr", unicode.Myanmar},
	{"Deva", unicode.Devanagari},
	{"Beng", unicode.Bengali},
	{"Khmr", unicode.Khmer},
	{"Laoo", unicode.Lao},
	{"Sinh", unicode.Sinhala},
	{"Tibt", unicode.Tibetan},
	{"Mong", unicode.Mongolian},
}

// detectScript returns the ISO 15924 code of the script most of s's letters
// are written in, or "" when s has no letters. Han text is refined to Hans
// or Hant when its characters say which (else Hani); Han with kana is Jpan;
// Hangul, with or without Han, is Kore. A few Latin look-alikes in Cyrillic
// text (the Belarusian "I") do not change the answer.
func detectScript(s string) string {
	counts := make([]int, len(scripts))
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		for i, sc := range scripts {
			if unicode.Is(sc.table, r) {
				counts[i]++
				break
			}
		}
	}
	best := -1
	for i, c := range counts {
		if c > 0 && (best < 0 || c > counts[best]) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	count := func(code string) int {
		for i, sc := range scripts {
			if sc.code == code {
				return counts[i]
			}
		}
		return 0
	}
	kana := count("Kana") + count("Hira")
	switch code := scripts[best].code; {
	case count("Hang") > 0 && (code == "Hang" || code == "Hani"):
		return "Kore"
	case kana > 0 && (code == "Hani" || code == "Kana" || code == "Hira"):
		return "Jpan"
	case code == "Hani":
		return hanVariant(s)
	default:
		return code
	}
}

// Characters that differ between simplified and traditional Chinese, as
// pairs aligned by position: frequent in company and place names.
const (
	simplifiedOnly  = "国华东务贸发电机设备术业产网络软体导实验开达维长门车铁银钢进区岛广龙云飞运输总会团学医药卫兴时间们个这来对为与关经济资讯应动万亚汉语书报线乐县阳际马鸟鱼气计认记论识证说贝货质购贵费军转农边过还远选问队阶陈险难页项须顾预领题风饭馆驾鲜黄湾联创艺厂制装储纪协组织级红绿蓝环场镇乡庄楼层号码单传员强张刘吴郑邓许罗杨赵孙钱冯卢韩叶苏钟谭贾汤顺丰宁沪辽鲁闽赣粤琼陕"
	traditionalOnly = "國華東務貿發電機設備術業產網絡軟體導實驗開達維長門車鐵銀鋼進區島廣龍雲飛運輸總會團學醫藥衛興時間們個這來對為與關經濟資訊應動萬亞漢語書報線樂縣陽際馬鳥魚氣計認記論識證說貝貨質購貴費軍轉農邊過還遠選問隊階陳險難頁項須顧預領題風飯館駕鮮黃灣聯創藝廠製裝儲紀協組織級紅綠藍環場鎮鄉莊樓層號碼單傳員強張劉吳鄭鄧許羅楊趙孫錢馮盧韓葉蘇鍾譚賈湯順豐寧滬遼魯閩贛粵瓊陝"
)

var simplified, traditional = runeSet(simplifiedOnly), runeSet(traditionalOnly)

func runeSet(s string) map[rune]bool {
	m := make(map[rune]bool)
	for _, r := range s {
		m[r] = true
	}
	return m
}

// hanVariant tells simplified (Hans) from traditional (Hant) Chinese by
// counting characters found in only one of them; Hani when undecided.
func hanVariant(s string) string {
	var hans, hant int
	for _, r := range s {
		switch {
		case simplified[r]:
			hans++
		case traditional[r]:
			hant++
		}
	}
	switch {
	case hans > hant:
		return "Hans"
	case hant > hans:
		return "Hant"
	}
	return "Hani"
}
