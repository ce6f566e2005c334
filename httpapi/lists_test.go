package httpapi

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/clearancehq/clearance"
	"github.com/clearancehq/clearance/store/storetest"
)

// TestLists: the active versions with the age of their data, every
// version of a source, and the delta of the last update or of two
// versions named.
func TestLists(t *testing.T) {
	w := newWorld(t)
	next := append(smallList(), entity("el-bright", "Shenzhen Bright Star Electronics Co., Ltd."))
	if _, err := w.st.Import(t.Context(), storetest.Request(clearance.SourceUSCSL, "v2", next...)); err != nil {
		t.Fatal(err)
	}
	lists := decodeAs[page[listVersion]](t, w.do(request{method: "GET", path: "/v1/lists", key: "screener"}))
	if len(lists.Items) != 1 || lists.Items[0].Number != 2 || lists.Items[0].Name != "Consolidated Screening List" ||
		lists.Items[0].AgeDays == nil || !lists.Items[0].Stale {
		t.Errorf("lists: %+v", lists.Items)
	}
	versions := decodeAs[page[listVersion]](t, w.do(request{method: "GET", path: "/v1/lists/us-csl/versions", key: "screener"}))
	if len(versions.Items) != 2 || versions.Items[0].Active || !versions.Items[1].Active {
		t.Errorf("versions: %+v", versions.Items)
	}
	d := decodeAs[clearance.Delta](t, w.do(request{method: "GET", path: "/v1/lists/us-csl/delta", key: "screener"}))
	if d.From != 1 || d.To != 2 || len(d.Added) != 1 || d.Added[0].ID != "el-bright" {
		t.Errorf("delta of the last update: %+v", d)
	}
	d = decodeAs[clearance.Delta](t, w.do(request{method: "GET", path: "/v1/lists/us-csl/delta?from=0&to=1", key: "screener"}))
	if len(d.Added) != 2 {
		t.Errorf("delta from nothing to version 1: %d added", len(d.Added))
	}
	wantStatus(t, "from without to", w.do(request{method: "GET", path: "/v1/lists/us-csl/delta?from=1", key: "screener"}), http.StatusBadRequest)
	wantStatus(t, "an unknown source", w.do(request{method: "GET", path: "/v1/lists/eu-fsf/versions", key: "screener"}), http.StatusBadRequest)
	wantStatus(t, "a source never imported", w.do(request{method: "GET", path: "/v1/lists/un-sc/delta", key: "screener"}), http.StatusNotFound)
}

// TestImportUpload: an upload reaches Config.Import with its source,
// format (the source's by default) and files; what is not an upload is
// refused before.
func TestImportUpload(t *testing.T) {
	var got ImportRequest
	w := newWorld(t, func(c *Config) {
		c.Import = func(ctx context.Context, req ImportRequest) (*ImportResult, error) {
			if a, _ := clearance.ActorFrom(ctx); a != "key:admin" {
				t.Errorf("the import runs as %q, want key:admin", a)
			}
			got = req
			return &ImportResult{Version: clearance.Version{Source: req.Source, Number: 2, Format: req.Format, Files: []string{req.Files[0].Name}},
				Monitoring: []clearance.MonitorRun{}}, nil
		}
	})
	body, ct := multipartBody(t, map[string]string{"sdn.csv": "a,b\n", "alt.csv": "c\n"}, "ofac")
	r := w.do(request{method: "POST", path: "/v1/lists/us-ofac-sdn/import", key: "admin", body: body, contentType: ct})
	wantStatus(t, "upload", r, http.StatusOK)
	if got.Source != clearance.SourceOFACSDN || got.Format != "ofac" || len(got.Files) != 2 || string(got.Files[0].Data) != "a,b\n" && string(got.Files[1].Data) != "a,b\n" {
		t.Errorf("import request %+v", got)
	}
	body, ct = multipartBody(t, map[string]string{"consolidated.csv": "x\n"}, "")
	wantStatus(t, "upload with the default format", w.do(request{method: "POST", path: "/v1/lists/us-csl/import", key: "admin", body: body, contentType: ct}), http.StatusOK)
	if got.Format != "csl" {
		t.Errorf("default format %q, want csl", got.Format)
	}
	body, ct = multipartBody(t, nil, "csl")
	r = w.do(request{method: "POST", path: "/v1/lists/us-csl/import", key: "admin", body: body, contentType: ct})
	wantStatus(t, "an upload without files", r, http.StatusBadRequest)
	r = w.do(request{method: "POST", path: "/v1/lists/us-csl/import", key: "admin", body: "id,name\n", contentType: "text/csv"})
	wantStatus(t, "not multipart", r, http.StatusBadRequest)
}

func multipartBody(t *testing.T, files map[string]string, format string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if format != "" {
		mw.WriteField("format", format)
	}
	for name, data := range files {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(data))
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// TestCounterpartiesCSV: the CLI's CSV form upserts too, and a file with
// bad rows records nothing and names each row and column.
func TestCounterpartiesCSV(t *testing.T) {
	w := newWorld(t)
	csv := "id,name,country,type\nC-1,\"" + hikvision + "\",China,company\nC-2,Acme,,\n"
	r := w.do(request{method: "POST", path: "/v1/counterparties", key: "screener", body: csv, contentType: "text/csv"})
	wantStatus(t, "CSV upsert", r, http.StatusOK)
	if res := decodeAs[clearance.UpsertResult](t, r); len(res.Added) != 2 {
		t.Errorf("CSV upsert: %+v", res)
	}
	bad := "id,name,country\nC-3,Beta,Atlantis\nC-4,,CN\n"
	r = w.do(request{method: "POST", path: "/v1/counterparties", key: "screener", body: bad, contentType: "text/csv"})
	wantStatus(t, "bad CSV", r, http.StatusBadRequest)
	var fields []string
	for _, e := range r.problem(t).Errors {
		fields = append(fields, e.Field)
	}
	if strings.Join(fields, ";") != "line 2 country;line 3 name" {
		t.Errorf("bad CSV: errors name %v", fields)
	}
	list := decodeAs[page[clearance.Counterparty]](t, w.do(request{method: "GET", path: "/v1/counterparties?limit=1", key: "analyst"}))
	if len(list.Items) != 1 || list.Items[0].ID != "C-1" || list.Items[0].Country != "CN" || list.Next != "C-1" {
		t.Errorf("first page of the registry: %+v", list)
	}
	list = decodeAs[page[clearance.Counterparty]](t, w.do(request{method: "GET", path: "/v1/counterparties?limit=1&cursor=C-1", key: "analyst"}))
	if len(list.Items) != 1 || list.Items[0].ID != "C-2" || list.Next != "" {
		t.Errorf("last page of the registry: %+v", list)
	}
	cp := decodeAs[clearance.Counterparty](t, w.do(request{method: "GET", path: "/v1/counterparties/C-1", key: "analyst"}))
	if cp.Kind != clearance.KindOrganization {
		t.Errorf("counterparty C-1: %+v", cp)
	}
	r = w.do(request{method: "POST", path: "/v1/counterparties", key: "screener", body: []map[string]string{{"id": "C-5", "name": "X", "country": "Atlantis"}}})
	wantStatus(t, "bad JSON counterparty", r, http.StatusBadRequest)
	if p := r.problem(t); len(p.Errors) != 1 || p.Errors[0].Field != "[0].country" {
		t.Errorf("bad JSON counterparty: %+v", p.Errors)
	}
}
