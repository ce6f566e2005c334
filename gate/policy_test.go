package gate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
)

// Published review policies, as the Consolidated Screening List carries
// them (typos included).
const (
	policyXinjiang     = "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, and 2E983, and for EAR99 items described in the Note to ECCN 1A995; case-by-case review for items necessary to detect, identify and treat infectious disease; and presumption of denial for all other items subject to the EAR."
	policyXinjiangTypo = "Case-by-case review for ECCNs 1A004.c, 1A004.d, 1A995, 1A999.a, 1D003, 2A983, 2D983, and 2E983, and for EAR99 items described in the Note to ECCN 1A995; casa-by-case review for items necessary to detect, identify and treat infectious disease; and presumption of denial for all other items subject to the EAR."
	policyCCL          = "Case-by-case for all items listed on the CCL. Presumption of approval for EAR99 items"
	policyEAR99First   = "Presumption of  approval for EAR99; case-by-case review for all items on the CCL"
	policyAdvancedNode = "Presumption of denial for items uniquely required for production of semiconducto rs at advanced technology nodes (10 nanometers and below, including extreme ultraviolet technology); Case by case for all other items. "
	policyRussia       = "Policy of denial. See §§ 746.8(b) and 744.21(e)."
	policySpace        = "Policy of denial; Case-by-case basis for U.S. Government supported space programs."
	policyAviation     = "Case-by-Case review for licenses for the safety of civil aviation of aircraft."
	policyInfectious   = "Case-by-case review for items necessary to detect, identify and treat infectious disease. Presumption of denial for all other items subject to the EAR."
	policyMEU          = "The license application procedure and license review policy for entities specified in supplement no. 2 to part 744 is specified in §744.21(d) and (e)."
)

func item(eccn string, cats ...clearance.ItemCategory) *clearance.Item {
	return &clearance.Item{ECCN: eccn, Quantity: clearance.Units(1), Value: clearance.Dollars(1), Categories: cats}
}

func TestPolicyFor(t *testing.T) {
	tests := []struct {
		text string
		item *clearance.Item
		want ReviewPolicy
	}{
		// The October 2019 Xinjiang rule (84 FR 54002), as on Hikvision's entry.
		{policyXinjiang, item("EAR99"), PresumptionOfDenial},
		{policyXinjiang, item("1A004.c"), CaseByCase},
		{policyXinjiang, item("1A004.c.2"), CaseByCase},
		{policyXinjiang, item("1A004.d"), CaseByCase},
		{policyXinjiang, item("1A004"), PresumptionOfDenial}, // not known to be .c or .d
		{policyXinjiang, item("1A004.a"), PresumptionOfDenial},
		{policyXinjiang, item("1A995"), CaseByCase},
		{policyXinjiang, item("1A999.a"), CaseByCase},
		{policyXinjiang, item("1A999.b"), PresumptionOfDenial},
		{policyXinjiang, item("1D003"), CaseByCase},
		{policyXinjiang, item("2A983"), CaseByCase},
		{policyXinjiang, item("2D983"), CaseByCase},
		{policyXinjiang, item("2E983"), CaseByCase},
		{policyXinjiang, item("3A991"), PresumptionOfDenial},
		{policyXinjiang, item("EAR99", clearance.CategoryNote1A995), CaseByCase},
		{policyXinjiang, item("3A991", clearance.CategoryNote1A995), PresumptionOfDenial}, // the note describes EAR99 items
		{policyXinjiang, item("EAR99", clearance.CategoryInfectiousDisease), CaseByCase},
		{policyXinjiang, item("2B352", clearance.CategoryInfectiousDisease), CaseByCase},
		{policyXinjiangTypo, item("EAR99", clearance.CategoryInfectiousDisease), CaseByCase},
		{policyXinjiangTypo, item("EAR99"), PresumptionOfDenial},
		{policyCCL, item("3A001.a"), CaseByCase},
		{policyCCL, item("EAR99"), PresumptionOfApproval},
		{policyEAR99First, item("EAR99"), PresumptionOfApproval},
		{policyEAR99First, item("5A002"), CaseByCase},
		{policyAdvancedNode, item("3B001.c", clearance.CategoryAdvancedNode), PresumptionOfDenial},
		{policyAdvancedNode, item("3B001.c"), CaseByCase},
		{policyRussia, item("EAR99"), PolicyOfDenial},
		{policySpace, item("9A515.a"), PolicyOfDenial},
		{policySpace, item("9A515.a", clearance.CategorySpaceProgram), CaseByCase},
		{policyAviation, item("9A991", clearance.CategoryCivilAviation), CaseByCase},
		{policyAviation, item("9A991"), PolicyUnstated},
		{policyInfectious, item("EAR99", clearance.CategoryInfectiousDisease), CaseByCase},
		{policyInfectious, item("EAR99"), PresumptionOfDenial},
		{"Presumption of denial.", item("EAR99"), PresumptionOfDenial},
		{"Presumption of Denial", item("5A002"), PresumptionOfDenial},
		{"Case-by-case basis.", item("EAR99"), CaseByCase},
		{"See §746.5(b) of the EAR.", item("EAR99"), PolicyByReference},
		{"See §§ 744.2(d), 744.3(d), and 744.4(d) of this part.", item("1C350"), PolicyByReference},
		{policyMEU, item("9A991"), PolicyUnstated},
		{"", item("EAR99"), PolicyUnstated},
	}
	for _, tt := range tests {
		c, ok := ParsePolicy(tt.text).For(tt.item)
		got := c.Policy
		if !ok {
			got = PolicyUnstated
		}
		if got != tt.want {
			t.Errorf("ParsePolicy(%q).For(%s %v) = %v, want %v", tt.text, tt.item.ECCN, tt.item.Categories, got, tt.want)
		}
	}
}

func TestParsePolicyClauses(t *testing.T) {
	p := ParsePolicy(policyXinjiang)
	if len(p.Clauses) != 3 {
		t.Fatalf("ParsePolicy(Xinjiang) has %d clauses, want 3: %+v", len(p.Clauses), p.Clauses)
	}
	want := []string{"1A004.c", "1A004.d", "1A995", "1A999.a", "1D003", "2A983", "2D983", "2E983"}
	if got := p.Clauses[0].ECCNs; !equal(got, want) {
		t.Errorf("first clause ECCNs = %v, want %v", got, want)
	}
	if got := p.Clauses[0].Categories; len(got) != 1 || got[0] != clearance.CategoryNote1A995 {
		t.Errorf("first clause categories = %v, want [1A995-note]", got)
	}
	if c := p.Clauses[2]; !c.Rest || c.Policy != PresumptionOfDenial {
		t.Errorf("last clause = %+v, want presumption of denial for all other items", c)
	}
	if c := ParsePolicy(policyRussia).Clauses; len(c) != 1 || c[0].Ref != "§§ 746.8(b) and 744.21(e)" {
		t.Errorf("ParsePolicy(%q) = %+v, want one clause citing §§ 746.8(b) and 744.21(e)", policyRussia, c)
	}
	if c := ParsePolicy(policySpace).Clauses; len(c) != 2 || c[1].Text != "Case-by-case basis for U.S. Government supported space programs." {
		t.Errorf("ParsePolicy(%q) split wrongly: %+v", policySpace, c)
	}
}

func TestParseRequirement(t *testing.T) {
	ear99Food := item("EAR99", clearance.CategoryFoodMedicine)
	tests := []struct {
		text       string
		it         *clearance.Item
		reaches    bool
		unmodelled bool
	}{
		{"For all items subject to the EAR.  (See §744.11 of the EAR)", item("EAR99"), true, false},
		{"For all items subject to the EAR (See §744.11 of the EAR)", item("1A004.c"), true, false},
		{"", item("EAR99"), true, false},
		{"For any item subject to the EAR listed in supplement no. 2 to part 744.", item("9A991.d"), true, false},
		{"For any item subject to the EAR listed in supplement no. 2 to part 744.", item("EAR99"), false, false},
		{"For any item subject to the EAR listed in supplement no. 2 to part 744.", item("5A002.a"), false, false},
		{"All items subject to the EAR except for food or medicine designated as EAR99. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)", ear99Food, false, false},
		{"All items subject to the EAR except for food or medicine designated as EAR99. (See §§ 734.9(g),3 746.8(a)(3), and 744.21(b) of the EAR)", item("EAR99"), true, false},
		{"All items subject to the EAR except for food or medicine designated as EAR99, or ECCN 5A992.c and 5D992.c unless for Russian “government end users” and Russian state-owned enterprises (SoEs) to Russia.", item("5A992.c"), true, true},
		{"For all items subject to the EAR when used in projects specified in §746.5 of the EAR.", item("EAR99"), true, true},
		{"For all items subject to the EAR, see §§ 736.2(b)(3)(vi), and 744.11 of the EAR, EXCEPT for technology subject to the EAR that is designated as EAR99", item("EAR99"), true, true},
	}
	for _, tt := range tests {
		r := ParseRequirement(tt.text)
		if got := r.Reaches(tt.it, Current.Supplement2); got != tt.reaches {
			t.Errorf("ParseRequirement(%q).Reaches(%s %v) = %v, want %v", tt.text, tt.it.ECCN, tt.it.Categories, got, tt.reaches)
		}
		if r.Unmodelled != tt.unmodelled {
			t.Errorf("ParseRequirement(%q).Unmodelled = %v, want %v", tt.text, r.Unmodelled, tt.unmodelled)
		}
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		item, listed string
		within, may  bool
	}{
		{"1A004.c", "1A004.c", true, true},
		{"1A004.c.1", "1A004.c", true, true},
		{"1A004", "1A004.c", false, true},
		{"1A004.d", "1A004.c", false, false},
		{"1A0041", "1A004", false, false},
		{"EAR99", "EAR99", true, true},
	}
	for _, tt := range tests {
		if got := within(tt.item, tt.listed); got != tt.within {
			t.Errorf("within(%q, %q) = %v, want %v", tt.item, tt.listed, got, tt.within)
		}
		if got := mayBeWithin(tt.item, tt.listed); got != tt.may {
			t.Errorf("mayBeWithin(%q, %q) = %v, want %v", tt.item, tt.listed, got, tt.may)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// shippedTexts reads a testdata file of published texts, one a line;
// lines starting with # are comments and an empty line is the empty text.
func shippedTexts(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for line := range strings.SplitSeq(strings.TrimSuffix(string(b), "\n"), "\n") {
		if !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// TestShippedPolicies reads every review policy of the shipped Entity List
// and Military End-User List: each must give EAR99 items a policy, except
// the few that state none for them.
func TestShippedPolicies(t *testing.T) {
	noneForEAR99 := map[string]bool{"": true, policyMEU: true, policyAviation: true}
	texts := shippedTexts(t, "policies.txt")
	if len(texts) < 30 {
		t.Fatalf("read %d policies, want the shipped 37", len(texts))
	}
	for _, text := range texts {
		p := ParsePolicy(text)
		_, ok := p.For(item("EAR99"))
		if ok == noneForEAR99[text] {
			t.Errorf("ParsePolicy(%q).For(EAR99) found a clause: %v, want %v (clauses %+v)", text, ok, !noneForEAR99[text], p.Clauses)
		}
		for _, c := range p.Clauses {
			if c.Policy == PolicyUnstated || c.Describe() == "" {
				t.Errorf("ParsePolicy(%q) has a clause with no policy or scope: %+v", text, c)
			}
		}
	}
}

// TestShippedRequirements reads every licence requirement of the shipped
// Entity List and Military End-User List: each reaches an ordinary EAR99
// item unless it is limited to Supplement No. 2, and one read as fully
// modelled narrows itself by no words but the food-or-medicine exception.
func TestShippedRequirements(t *testing.T) {
	texts := shippedTexts(t, "requirements.txt")
	if len(texts) < 40 {
		t.Fatalf("read %d requirements, want the shipped 44", len(texts))
	}
	unmodelled := 0
	for _, text := range texts {
		r := ParseRequirement(text)
		if got := r.Reaches(item("EAR99"), Current.Supplement2); got == r.Supplement2 {
			t.Errorf("ParseRequirement(%q).Reaches(EAR99) = %v, want %v", text, got, !r.Supplement2)
		}
		if r.Unmodelled {
			unmodelled++
			continue
		}
		low := strings.ToLower(text)
		for _, w := range []string{"apart from", "when used", "unless", "overcome"} {
			if strings.Contains(low, w) {
				t.Errorf("ParseRequirement(%q) is read as fully modelled, but it says %q", text, w)
			}
		}
		if n := strings.Count(low, "except"); n != strings.Count(low, "except for food or medicine designated as ear99") {
			t.Errorf("ParseRequirement(%q) is read as fully modelled, but it has another exception", text)
		}
	}
	if unmodelled == 0 {
		t.Errorf("no shipped requirement is flagged as narrowed in words the gate does not judge")
	}
}
