package uscsl

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/lists/internal/listtest"
	"github.com/google/go-cmp/cmp"
)

// parseBytes parses data as a file of the given name and returns the
// entries, failing the test on error or on any entry that breaks the
// contract of clearance.Format.
func parseBytes(t testing.TB, name string, data []byte) ([]*clearance.Entry, clearance.ParseResult) {
	t.Helper()
	res, entries, err := listtest.Parse(t, Format, clearance.File{Name: name, R: bytes.NewReader(data)})
	if err != nil {
		t.Fatalf("Parse(%s) error: %v", name, err)
	}
	return entries, res
}

// parseTestdata parses a file of testdata.
func parseTestdata(t testing.TB, name string) ([]*clearance.Entry, clearance.ParseResult) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return parseBytes(t, name, data)
}

// goldenJSON renders a parse as a golden file: the result, then one entry
// per line so that a change shows as a one-line diff.
func goldenJSON(t *testing.T, res clearance.ParseResult, entries []*clearance.Entry) []byte {
	t.Helper()
	var b bytes.Buffer
	r, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString(`{"result": ` + string(r) + `, "entries": [`)
	for i, e := range entries {
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		b.Write(line)
	}
	b.WriteString("\n]}")
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"consolidated_extract.csv", "consolidated_extract.json", "govwizely_el_expected_results.json"} {
		t.Run(name, func(t *testing.T) {
			entries, res := parseTestdata(t, name)
			got := goldenJSON(t, res, entries)
			path := filepath.Join("testdata", strings.ReplaceAll(name, ".", "_")+".golden.json")
			listtest.Golden(t, path, append(got, '\n'))
		})
	}
}

// byRef indexes entries by SourceRef; refs repeated in a file map to the
// first entry.
func byRef(entries []*clearance.Entry) map[string]*clearance.Entry {
	m := make(map[string]*clearance.Entry)
	for _, e := range entries {
		if _, ok := m[e.SourceRef]; !ok {
			m[e.SourceRef] = e
		}
	}
	return m
}

// aliasValues returns the values of an entry's names after the primary.
func aliasValues(e *clearance.Entry) []string {
	var out []string
	for _, n := range e.Names[1:] {
		out = append(out, n.Value)
	}
	return out
}

// oct2019Rule lists the CSL _ids of the 28 entries of rule 84 FR 54002 (see
// /work/shared/data/bis_entity_list/oct2019_entity_list_rule.json).
var oct2019Rule = []string{
	"5fc21662a514d69b2e63fee453d8626fffb5579b", "ea248f4c257f8d9a84fb9b9f4f9a9d975b2f8824",
	"0c580d95a3c2f3e99550075d07279e591ddc5f7a", "caeb24bb901171744f7b376b17c4ad98a782c827",
	"df4373d5bab9fea319a0343039cba03e4b5c5969", "d0d04d56ef5925756215ce5ce846c8707194d98e",
	"f85aef98e839dc15d4956f5a6da09d01489ecde5", "b7f246d76ed5bc74d66c7654f8216163dbcd2373",
	"f095626c9f8becc70b5948507fb6de6e443b257a", "f4cc57fb428639d2660e5210f337b255fd60aa62",
	"a09e83dc7e0dca1e6bbe040010b091174c7dbdb8", "b346ed15d71a2b673850d97aa43da4ce5578bdcc",
	"c70ef43078992f56ba21228418dc4bbf29b196ea", "9aa88a60edefeb9509f11b0ecf11b5052068a0a9",
	"cd95318af12232a80126adbcd645526b755fc58a", "43bacaecbc5fbcbfe0753202f0fb14fe6474d85e",
	"84109a1c9582f3c52dcf1b06a1e1e94c18a8c0f6", "701abba8ac248bbe47f67aad4230c2316fb0e461",
	"eb820ebd9d2068495e5dc0314bda8ca3946edd6e", "ecdbbdb86a22cd67921d244679a2226952438ebb",
	"a7cbc92ab350f5b099db3f1a34cd035f0f7b1146", "beb3bb134c039f502d431b28d6bdb7c89fc6822d",
	"f749d9575f2b4fe9d6990ce9f6da9ecda5cb41e8", "fb4f8c9bd2cb55bca8291241f45b860f25005b43",
	"6c458947aac77bbc3689b90d2549224c1691dcee", "50efb64667bc22f8c5ed71585c7d3583ce12ceaa",
	"93afb5a682dff810c4a1d74d1b792bf0db337998", "4d0b27768e22d5a71fb87640b0d9ceb5aa7558e1",
}

const hikvisionRef = "f095626c9f8becc70b5948507fb6de6e443b257a"

func TestOct2019EntityListRule(t *testing.T) {
	for _, file := range []string{"consolidated_extract.csv", "consolidated_extract.json"} {
		entries, _ := parseTestdata(t, file)
		refs := byRef(entries)
		for _, ref := range oct2019Rule {
			e, ok := refs[ref]
			if !ok {
				t.Errorf("%s: no entry with _id %s", file, ref)
				continue
			}
			if e.List != clearance.ListEntity || e.StartDate != "2019-10-09" || !strings.HasPrefix(e.ID, "us-csl:EL:") {
				t.Errorf("%s: %s = list %s start %s id %s, want EL 2019-10-09 us-csl:EL:...", file, e.Name, e.List, e.StartDate, e.ID)
			}
			if len(e.FederalRegister) == 0 || !strings.HasPrefix(e.FederalRegister[0], "84 FR 5400") {
				t.Errorf("%s: %s FederalRegister = %q, want 84 FR 54002 or 54004 first", file, e.Name, e.FederalRegister)
			}
		}
	}
}

func TestHikvision(t *testing.T) {
	for _, file := range []string{"consolidated_extract.csv", "consolidated_extract.json"} {
		entries, _ := parseTestdata(t, file)
		e := byRef(entries)[hikvisionRef]
		if e == nil {
			t.Fatalf("%s: no Hikvision EL entry", file)
		}
		wantID := "us-csl:EL:" + clearance.StableKey("Hangzhou Hikvision Digital Technology Co., Ltd.")
		checks := []struct {
			what      string
			got, want any
		}{
			{"ID", e.ID, wantID},
			{"Name", e.Name, "Hangzhou Hikvision Digital Technology Co., Ltd."},
			{"Kind", e.Kind, clearance.KindOrganization},
			{"aliases", aliasValues(e), []string{"Hikvision"}},
			{"addresses", len(e.Addresses), 3},
			{"Countries", e.Countries, []string{"CN"}},
			{"FederalRegister", e.FederalRegister, []string{"84 FR 54002", "85 FR 44159"}},
			{"LicensePolicy prefix", strings.HasPrefix(e.LicensePolicy, "Case-by-case review for ECCNs 1A004.c"), true},
			{"StartDate", e.StartDate, "2019-10-09"},
			{"SourceRef", e.SourceRef, hikvisionRef},
			{"PartyRef", e.PartyRef, ""},
		}
		for _, c := range checks {
			if diff := cmp.Diff(c.want, c.got); diff != "" {
				t.Errorf("%s: Hikvision %s (-want +got):\n%s", file, c.what, diff)
			}
		}
		cmic := byRef(entries)["30946"]
		if cmic == nil {
			t.Fatalf("%s: no Hikvision CMIC entry", file)
		}
		if cmic.ID != "us-csl:CMIC:30946" || cmic.PartyRef != "ofac:30946" || cmic.List != clearance.ListCMIC {
			t.Errorf("%s: CMIC Hikvision = %s %s %s, want us-csl:CMIC:30946 ofac:30946 CMIC", file, cmic.ID, cmic.PartyRef, cmic.List)
		}
		want := clearance.Identifier{Type: "Unified Social Credit Code (USCC)", Value: "91330000733796106P", Country: "CN"}
		if len(cmic.Identifiers) == 0 || cmic.Identifiers[0] != want {
			t.Errorf("%s: CMIC Hikvision identifiers = %+v, want first %+v", file, cmic.Identifiers, want)
		}
	}
}

func TestEveryListAndUniqueIDs(t *testing.T) {
	entries, res := parseTestdata(t, "consolidated_extract.csv")
	lists := map[clearance.ListCode]int{}
	ids := map[string]bool{}
	for _, e := range entries {
		lists[e.List]++
		if ids[e.ID] {
			t.Errorf("duplicate id %s (%s)", e.ID, e.Name)
		}
		ids[e.ID] = true
	}
	for _, c := range []clearance.ListCode{"EL", "DPL", "UVL", "MEU", "SDN", "SSI", "FSE", "PLC", "CAP", "MBS", "CMIC", "ISN", "DTC"} {
		if lists[c] == 0 {
			t.Errorf("no entry of list %s", c)
		}
	}
	if len(lists) != 13 {
		t.Errorf("lists = %v, want the 13 CSL lists", lists)
	}
	if res.Source != clearance.SourceUSCSL || res.Published == "" || !strings.HasPrefix(res.PublishedNote, "estimated") {
		t.Errorf("ParseResult = %+v, want us-csl with an estimated date", res)
	}
}

func TestIDCollisions(t *testing.T) {
	entries, _ := parseTestdata(t, "consolidated_extract.csv")
	var ash, cap15268 []string
	for _, e := range entries {
		switch {
		case e.Name == "I. ASH":
			ash = append(ash, e.ID)
		case e.PartyRef == "ofac:15268" && e.List == clearance.ListCAPTA:
			cap15268 = append(cap15268, e.ID)
		}
	}
	base := "us-csl:DPL:" + clearance.StableKey("I. ASH")
	second := "us-csl:DPL:" + clearance.StableKey("I. ASH", "US")
	if diff := cmp.Diff([]string{base, second, second + "-2"}, ash); diff != "" {
		t.Errorf("I. ASH ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"us-csl:CAP:15268", "us-csl:CAP:15268-2"}, cap15268); diff != "" {
		t.Errorf("CAP 15268 ids (-want +got):\n%s", diff)
	}
}
