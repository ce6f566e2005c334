package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/clearancehq/clearance"
)

// listVersion is a version of a source as the API lists it: with the
// source's name, how old its data is and whether that is too old.
type listVersion struct {
	clearance.Version
	Name string `json:"name"`
	// AgeDays is the age of the data by its publication date, absent when
	// the date is unknown; Stale says it is older than the source is
	// expected to get (screening against it misses recent designations).
	AgeDays *int `json:"data_age_days,omitempty"`
	Stale   bool `json:"stale"`
}

func (s *Server) listVersions(vs []clearance.Version) []listVersion {
	now := now(s.cfg.Now)()
	out := make([]listVersion, len(vs))
	for i, v := range vs {
		src, _ := clearance.SourceByID(v.Source)
		out[i] = listVersion{Version: v, Name: src.Name, Stale: v.Stale(now)}
		if age, ok := v.DataAge(now); ok {
			days := int(age.Hours() / 24)
			out[i].AgeDays = &days
		}
	}
	return out
}

// lists answers the active version of each source.
func (s *Server) lists(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.cfg.Store.ActiveVersions(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listing(s.listVersions(vs)))
}

// sourceOf returns the source the path names.
func sourceOf(r *http.Request) (clearance.Source, error) {
	src, ok := clearance.SourceByID(clearance.SourceID(r.PathValue("source")))
	if !ok {
		return src, clearance.Errorf(clearance.NotFound, "no source %q", r.PathValue("source"))
	}
	return src, nil
}

// sourceVersions answers every version of a source, oldest first.
func (s *Server) sourceVersions(w http.ResponseWriter, r *http.Request) error {
	src, err := sourceOf(r)
	if err != nil {
		return err
	}
	vs, err := s.cfg.Store.Versions(r.Context(), src.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, listing(s.listVersions(vs)))
}

// delta answers what changed between two versions of a source; by
// default, in its last update.
func (s *Server) delta(w http.ResponseWriter, r *http.Request) error {
	src, err := sourceOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Has("from") != q.Has("to") {
		return clearance.Errorf(clearance.Invalid, "give both from and to, or neither (the last update)")
	}
	var from, to int
	if q.Has("from") {
		if from, err = queryInt(r, "from", 0); err != nil {
			return err
		}
		if to, err = queryInt(r, "to", 0); err != nil {
			return err
		}
	} else if from, to, err = clearance.LastUpdate(r.Context(), s.cfg.Store, src.ID); err != nil {
		return err
	}
	d, err := s.cfg.Store.Delta(r.Context(), src.ID, from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// importList takes a multipart upload of one version's files and imports
// them through Config.Import.
func (s *Server) importList(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Import == nil {
		return &notKept{why: "this server takes no list imports"}
	}
	src, err := sourceOf(r)
	if err != nil {
		return err
	}
	req, err := readUpload(r)
	if err != nil {
		return err
	}
	req.Source = src.ID
	if req.Format == "" {
		req.Format = src.Format
	}
	res, err := s.cfg.Import(r.Context(), req)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// maxUploadFiles bounds the files of one import (OFAC's CSV set is four).
const maxUploadFiles = 8

// readUpload reads a multipart/form-data body: an optional format field
// and the files (parts with a file name).
func readUpload(r *http.Request) (ImportRequest, error) {
	var req ImportRequest
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return req, clearance.Errorf(clearance.Invalid, "send the list files as multipart/form-data (curl -F file=@consolidated.csv)")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return req, clearance.Errorf(clearance.Invalid, "read the upload: %w", err)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return req, uploadError(err)
		}
		b, err := io.ReadAll(part)
		if err != nil {
			return req, uploadError(err)
		}
		switch {
		case part.FileName() != "":
			if len(req.Files) == maxUploadFiles {
				return req, clearance.Errorf(clearance.Invalid, "at most %d files make one version", maxUploadFiles)
			}
			req.Files = append(req.Files, ImportFile{Name: part.FileName(), Data: b})
		case part.FormName() == "format":
			req.Format = strings.TrimSpace(string(b))
		default:
			return req, clearance.Errorf(clearance.Invalid, "unknown form field %q: send format and the files", part.FormName())
		}
	}
	if len(req.Files) == 0 {
		return req, clearance.Errorf(clearance.Invalid, "the upload holds no file: send each as a form part with a file name")
	}
	return req, nil
}

func uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return clearance.Errorf(clearance.Invalid, "read the upload: %w", err)
}
