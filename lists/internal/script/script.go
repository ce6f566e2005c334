// Package script tells which writing system a name is written in, for the
// list parsers whose sources do not say. It asks clearance.DetectScript for
// the script most of the letters are in and refines the answer for East
// Asian names, where the letters tell more: Chinese written in Simplified
// or Traditional characters, Japanese mixing Han and kana, Korean mixing
// Han and Hangul.
package script

import (
	"unicode"

	"github.com/clearancehq/clearance"
)

// Detect returns the ISO 15924 code of the writing system of s, or "" when
// s has no letters of a known script. It is clearance.DetectScript's answer
// except that Han or Hangul text with any Hangul is Korean ("Kore"), Han or
// kana text with any kana is Japanese ("Jpan"), and other Han text is
// Simplified ("Hans") or Traditional ("Hant") Chinese when its characters
// say which, else "Hani".
func Detect(s string) string {
	code := clearance.DetectScript(s)
	if code != "Hani" && code != "Hang" && code != "Jpan" {
		return code
	}
	var hangul, kana bool
	for _, r := range s {
		hangul = hangul || unicode.Is(unicode.Hangul, r)
		kana = kana || unicode.In(r, unicode.Hiragana, unicode.Katakana)
	}
	switch {
	case hangul && code != "Jpan":
		return "Kore"
	case kana:
		return "Jpan"
	case code == "Hani":
		return hanVariant(s)
	}
	return code
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
