package evaluation

import (
	"strings"
	"unicode"
)

// legalPhrases are legal forms, as lower-case words with dots removed, that
// dropLegalForm strips from either end of a name, longest first.
var legalPhrases = func() [][]string {
	var out [][]string
	for _, p := range []string{
		"public joint stock company", "open joint stock company", "closed joint stock company", "joint stock company",
		"limited liability company", "limited liability partnership", "private limited company", "public limited company",
		"private limited", "company limited", "sole proprietorship",
	} {
		out = append(out, strings.Fields(p))
	}
	return out
}()

// legalWords are one-word legal forms (lower case, dots removed).
var legalWords = setOfWords(`co company ltd limited llc inc incorporated corp corporation plc llp lp gmbh ag kg
	sa sas sarl srl spa bv nv oy oyj ab asa pte pty pvt sdn bhd tbk pjsc ojsc cjsc jsc ooo oao zao pao ao
	fze fzco fzc fzllc kft sro ltda lda eirl sac saa doo dd ad ood eood kk tov wll sal sae saog saoc bsc`)

func setOfWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// legalParts splits a written word into the lower-case parts that decide
// whether it is a legal form: "Co.,Ltd." gives co, ltd; "S.A." gives sa.
func legalParts(w string) []string {
	w = strings.ToLower(strings.ReplaceAll(w, ".", ""))
	return strings.FieldsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func isLegalWord(w string) bool {
	parts := legalParts(w)
	if len(parts) == 0 {
		return false
	}
	for _, p := range parts {
		if !legalWords[p] {
			return false
		}
	}
	return true
}

// dropLegalForm removes legal forms from both ends of a name ("Huawei
// Technologies Co., Ltd." gives "Huawei Technologies"; "OOO Romashka" gives
// "Romashka"). ok is false when the name has none or nothing would remain.
func dropLegalForm(name string) (string, bool) {
	words := strings.Fields(name)
	lo, hi := 0, len(words)
	for changed := true; changed && lo < hi; {
		changed = false
		if n := phraseAt(words[lo:hi], false); n > 0 {
			lo += n
			changed = true
		} else if isLegalWord(words[lo]) {
			lo++
			changed = true
		}
		if lo >= hi {
			break
		}
		if n := phraseAt(words[lo:hi], true); n > 0 {
			hi -= n
			changed = true
		} else if isLegalWord(words[hi-1]) {
			hi--
			changed = true
		}
	}
	if lo >= hi || (lo == 0 && hi == len(words)) {
		return "", false
	}
	out := strings.TrimRight(strings.Join(words[lo:hi], " "), " ,;-")
	if !hasLetter(out) {
		return "", false
	}
	return out, true
}

// phraseAt returns the number of words of a legal phrase at the start (or
// the end) of words, or 0.
func phraseAt(words []string, atEnd bool) int {
	for _, p := range legalPhrases {
		if len(p) > len(words) {
			continue
		}
		seg := words[:len(p)]
		if atEnd {
			seg = words[len(words)-len(p):]
		}
		ok := true
		for i, w := range seg {
			parts := legalParts(w)
			if len(parts) != 1 || parts[0] != p[i] {
				ok = false
				break
			}
		}
		if ok {
			return len(p)
		}
	}
	return 0
}

// abbreviations are common business abbreviations of whole words.
var abbreviations = map[string]string{
	"technology": "tech", "technologies": "tech", "international": "intl", "company": "co", "limited": "ltd",
	"group": "grp", "corporation": "corp", "incorporated": "inc", "communication": "comm", "communications": "comm",
	"services": "svcs", "service": "svc", "manufacturing": "mfg", "electronics": "elec", "electronic": "elec",
	"engineering": "eng", "industries": "inds", "industrial": "indl", "industry": "ind", "development": "dev",
	"management": "mgmt", "association": "assn", "university": "univ", "institute": "inst", "national": "natl",
	"laboratory": "lab", "laboratories": "labs", "academy": "acad", "science": "sci", "sciences": "sci",
	"trading": "trdg", "shipping": "shpg", "brothers": "bros", "holdings": "hldgs", "holding": "hldg",
	"equipment": "equip", "center": "ctr", "centre": "ctr", "department": "dept", "and": "&",
	"systems": "sys", "system": "sys", "chemical": "chem", "chemicals": "chem", "pharmaceutical": "pharma",
	"pharmaceuticals": "pharma", "enterprise": "ent", "enterprises": "ent",
}

// abbreviate replaces every word that has a common abbreviation by it,
// keeping the word's case and punctuation ("INTERNATIONAL TRADING COMPANY"
// gives "INTL TRDG CO"). ok is false when no word has one.
func abbreviate(name string) (string, bool) {
	words := strings.Fields(name)
	changed := false
	for i, w := range words {
		pre, core, post := splitPunct(w)
		a, ok := abbreviations[strings.ToLower(core)]
		if !ok {
			continue
		}
		words[i] = pre + matchCase(core, a) + post
		changed = true
	}
	if !changed {
		return "", false
	}
	return strings.Join(words, " "), true
}
