package match

import (
	"strings"
	"unicode"
)

// Chinese characters with several readings ("polyphonic") take the reading
// of the word they stand in: 重 is "zhong" in 重工 (heavy industry) but
// "chong" in 重庆 (Chongqing), 行 is "xing" alone but "hang" in 银行 (bank),
// and a surname has its own reading (曾 is "ceng" as a word, "Zeng" as a
// name). Without this, 中国银行 folds to "zhong guo yin xing" and is not the
// Bank of China ("Zhongguo Yinhang") the lists write.

// hanWords are words, mostly place names and business words of listed
// Chinese parties, whose characters do not take their most common reading.
var hanWords = map[string]string{
	"银行": "yin hang", "行业": "hang ye", "商行": "shang hang", "车行": "che hang", "洋行": "yang hang",
	"重庆": "chong qing", "重组": "chong zu", "重建": "chong jian",
	"长城": "chang cheng", "长安": "chang an", "长春": "chang chun", "长沙": "chang sha", "长江": "chang jiang",
	"长虹": "chang hong", "长征": "chang zheng", "长治": "chang zhi", "长兴": "chang xing", "长飞": "chang fei",
	"长丰": "chang feng", "长鑫": "chang xin", "长盈": "chang ying", "长电": "chang dian", "长庆": "chang qing",
	"长河": "chang he", "长荣": "chang rong", "长途": "chang tu",
	"厦门": "xia men",
	"成都": "cheng du", "首都": "shou du", "都市": "du shi", "都江堰": "du jiang yan",
	"西藏": "xi zang", "藏族": "zang zu",
	"朝阳": "chao yang", "朝鲜": "chao xian",
	"音乐": "yin yue", "乐器": "yue qi",
	"传记": "zhuan ji",
	"蚌埠": "beng bu", "六安": "lu an", "番禺": "pan yu", "铅山": "yan shan", "丽水": "li shui",
	"万俟": "mo qi", "尉迟": "yu chi", "单于": "chan yu",
	"调查": "diao cha", "调度": "diao du", "调节": "tiao jie", "调制": "tiao zhi", "调控": "tiao kong",
	"强制": "qiang zhi", "差异": "cha yi", "降落": "jiang luo", "投降": "tou xiang",
	// Words starting with a character read otherwise as a surname.
	"解放": "jie fang", "解决": "jie jue", "乐视": "le shi", "乐天": "le tian", "快乐": "kuai le",
	"单位": "dan wei", "单元": "dan yuan", "查询": "cha xun", "区域": "qu yu", "盖茨": "gai ci",
	"曾经": "ceng jing", "长期": "chang qi",
	"率领": "shuai ling", "效率": "xiao lv",
}

// hanSurnames are the readings of characters as surnames, used for the first
// character of a name written in two or three Han characters and nothing
// else, as Chinese persons' names are (companies' names are longer).
var hanSurnames = map[rune]string{
	'曾': "zeng", '单': "shan", '解': "xie", '乐': "yue", '查': "zha", '区': "ou", '仇': "qiu",
	'朴': "piao", '覃': "qin", '盖': "ge", '缪': "miao", '翟': "zhai", '召': "shao", '长': "chang",
	'尉': "wei", '员': "yun", '秘': "bi", '种': "chong", '贲': "ben", '过': "guo",
}

// longestHanWord is the length in characters of the longest hanWords key.
const longestHanWord = 3

// writeHan writes the pinyin of a run of Han characters, one word per
// syllable: words of hanWords first (longest first), the first character of
// a person's name (whole says the run is the whole name) as a surname, every
// other character its most common reading.
func writeHan(b *strings.Builder, run []rune, whole bool) {
	for i := 0; i < len(run); {
		if i == 0 && whole && len(run) >= 2 && len(run) <= 3 {
			if s, ok := hanSurnames[run[0]]; ok && !startsHanWord(run) {
				b.WriteString(" " + s + " ")
				i++
				continue
			}
		}
		n := 0
		for k := min(longestHanWord, len(run)-i); k >= 1; k-- {
			if s, ok := hanWords[string(run[i:i+k])]; ok {
				b.WriteString(" " + s + " ")
				n = k
				break
			}
		}
		if n == 0 {
			writeSyllables(b, run[i])
			n = 1
		}
		i += n
	}
}

// startsHanWord reports whether a run starts with a word of hanWords of two
// characters or more (长城 is the Great Wall, not a Mr Chang Cheng).
func startsHanWord(run []rune) bool {
	for k := min(longestHanWord, len(run)); k >= 2; k-- {
		if _, ok := hanWords[string(run[:k])]; ok {
			return true
		}
	}
	return false
}

// isHan reports whether r is a Han character.
func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) }

// onlyHan reports whether s is made of Han characters only.
func onlyHan(s string) bool {
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return s != ""
}
