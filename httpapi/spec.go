package httpapi

import (
	"context"
	_ "embed"
	"errors"
	"mime"
	"net/http"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/clearancehq/clearance"
)

// Spec is the OpenAPI 3.1 document of the API, served at /openapi.yaml.
//
//go:embed openapi.yaml
var Spec []byte

// loadSpec loads and checks the document, and returns it with the copy
// that requests are validated against. For a 3.1 document kin-openapi
// compiles a JSON Schema 2020-12 validator on every request, which costs
// more than a screening; the copy declares 3.0.3 so that its own compiled
// validator runs instead. The request schemas use nothing that differs
// between the two (no type arrays, no unevaluatedProperties), and
// TestSpecSchemasPortable keeps it so.
func loadSpec() (doc, check *openapi3.T, err error) {
	loader := openapi3.NewLoader()
	doc, err = loader.LoadFromData(Spec)
	if err != nil {
		return nil, nil, clearance.Errorf(clearance.Internal, "openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, nil, clearance.Errorf(clearance.Internal, "openapi.yaml: %w", err)
	}
	c := *doc
	c.OpenAPI = "3.0.3"
	return doc, &c, nil
}

// validate checks a request against its operation: parameters, body
// schema, sizes. The body is read once, within maxBody, and put back for
// the handler.
func (s *Server) validate(r *http.Request, path string, op *openapi3.Operation) error {
	limit := int64(maxBody)
	ct := r.Header.Get("Content-Type")
	// Files are checked by their parsers, which name the line and field
	// at fault; the contract checks only that the operation takes them.
	upload := false
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		mt, _, _ := mime.ParseMediaType(ct)
		upload = (mt == "multipart/form-data" || mt == "text/csv") && rb.Value.Content.Get(mt) != nil
	}
	if upload {
		limit = maxUploadBody
	}
	// A JSON-only operation takes a body sent without a JSON content type
	// (curl -d sends form encoding) as the JSON it must be.
	if rb := op.RequestBody; rb != nil && rb.Value != nil && len(rb.Value.Content) == 1 && rb.Value.Content.Get("application/json") != nil &&
		(ct == "" || strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "text/plain")) {
		r.Header.Set("Content-Type", "application/json")
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(nil, r.Body, limit)
	}
	params := map[string]string{}
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == "path" {
			params[p.Value.Name] = r.PathValue(p.Value.Name)
		}
	}
	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params,
		Route: &routers.Route{Spec: s.checkDoc, Path: path, PathItem: s.doc.Paths.Value(path), Method: r.Method, Operation: op},
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true,
			ExcludeRequestBody: upload},
	}
	err := openapi3filter.ValidateRequest(r.Context(), in)
	if err == nil {
		return nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return fieldErrors(err)
}

// fieldErrors turns the validator's errors into field problems naming the
// parameter or the JSON pointer of the body field.
func fieldErrors(err error) error {
	var out fieldProblems
	var walk func(err error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var re *openapi3filter.RequestError
		if errors.As(err, &re) {
			field := "body"
			if re.Parameter != nil {
				field = re.Parameter.In + " parameter " + re.Parameter.Name
			}
			var se *openapi3.SchemaError
			if errors.As(re.Err, &se) {
				if f := schemaField(se); f != "" {
					field = f
					if re.Parameter != nil {
						field = re.Parameter.Name + "." + field
					}
				}
				out = append(out, FieldProblem{Field: field, Detail: cleanReason(se.Reason)})
				return
			}
			var inner openapi3.MultiError
			if errors.As(re.Err, &inner) {
				for _, e := range inner {
					walk(&openapi3filter.RequestError{Input: re.Input, Parameter: re.Parameter, RequestBody: re.RequestBody, Err: e})
				}
				return
			}
			detail := re.Reason
			if detail == "" && re.Err != nil {
				detail = re.Err.Error()
			}
			out = append(out, FieldProblem{Field: field, Detail: detail})
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			out = append(out, FieldProblem{Field: schemaField(se), Detail: cleanReason(se.Reason)})
			return
		}
		out = append(out, FieldProblem{Field: "request", Detail: err.Error()})
	}
	walk(err)
	for i := range out {
		if out[i].Field == "" {
			out[i].Field = "body"
		}
	}
	return &clearance.Error{Kind: clearance.Invalid, Message: "the request does not follow the API contract", Err: out}
}

// schemaField names the body field a schema error is about: its JSON
// pointer, dotted, and for an unknown property the property itself.
func schemaField(se *openapi3.SchemaError) string {
	ptr := se.JSONPointer()
	if m := unsupported.FindStringSubmatch(se.Reason); m != nil {
		ptr = append(ptr, m[1])
	}
	return strings.Join(ptr, ".")
}

// unsupported finds the field an additionalProperties: false refused.
var unsupported = regexp.MustCompile(`property "([^"]+)" is unsupported`)

// validatorPrefix is the location the JSON Schema validator repeats before
// its reason; the field problem names the field already.
var validatorPrefix = regexp.MustCompile(`^(error at "[^"]*": )?(at '[^']*': )?`)

func cleanReason(s string) string { return validatorPrefix.ReplaceAllString(s, "") }
