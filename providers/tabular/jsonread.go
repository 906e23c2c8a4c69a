package tabular

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// JSON exports are read by the index in internal/jsonindex (two passes
// over a plain UTF-8 file, chunks on every core); here their documents
// become records: a platform's JSON:API reader through the door
// (Licenses), any other JSON flattened to columns and matched like CSV.

func (s *Source) readJSON(ctx context.Context, o *Open, yield func(*providers.Record, error) bool) bool {
	doc, err := jsonindex.Read(o.input())
	if err != nil {
		return yield(nil, err)
	}
	for _, p := range doc.Pages {
		s.pages.add(p, o.Path)
	}
	if err := doc.JoinRelated(s.related); err != nil {
		return yield(nil, fmt.Errorf("%s: %w", o.Path, err))
	}
	// Only a list of the reader's licenses is read in chunks; any other
	// is read whole: each chunk of an orders list whose licenses lie in
	// "included" would take them all, and refuse a list without any
	// naming its own count.
	if s.spec.JSON != nil && doc.Chunks() > 0 && doc.ChunkType() == s.licenseType() {
		return s.readChunks(ctx, doc, o.Path, yield)
	}
	return s.readDoc(doc, o.Path, yield)
}

// readDoc reads the licenses of one JSON document, from a file or a page.
func (s *Source) readDoc(doc *jsonindex.Doc, path string, yield func(*providers.Record, error) bool) bool {
	if err := doc.Expand(); err != nil { // a list marked for chunks, read by a reader that takes it whole
		return yield(nil, fmt.Errorf("%s: %w", path, err))
	}
	if err := doc.JoinRelated(s.related); err != nil {
		return yield(nil, fmt.Errorf("%s: %w", path, err))
	}
	if s.spec.JSON != nil && doc.IsJSONAPI() {
		return s.readJSONAPI(doc, path, yield)
	}
	return s.readFlat(doc, path, yield)
}

// readJSONAPI hands a JSON:API document to the platform's reader.
func (s *Source) readJSONAPI(doc *jsonindex.Doc, path string, yield func(*providers.Record, error) bool) bool {
	s.report.Format = "json:api"
	going := true // records go out as they are made; a reader error after some still fails the read
	out := Output{
		Emit: func(r *providers.Record) {
			if going {
				going = s.emit(r, yield)
			}
		},
		Warn:    func(w string) { s.report.Warnings = append(s.report.Warnings, w) },
		Missing: s.noteMissing,
		Reject: func(line int, err error) {
			if going {
				going = yield(nil, &providers.RowError{File: path, Line: line, Err: err})
			}
		},
		OwnersOptional: s.cfg.OwnersOptional,
	}
	if err := s.spec.JSON(&Licenses{doc: doc, file: path}, out); err != nil {
		return going && yield(nil, err)
	}
	return going
}

// readFlat reads each item of a JSON document as a row whose columns
// are its members' dotted paths (see Flatten).
func (s *Source) readFlat(doc *jsonindex.Doc, path string, yield func(*providers.Record, error) bool) bool {
	s.report.Format = "json"
	for i, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			return yield(nil, fmt.Errorf("%s: %w", license.Position(path, it.Line), err))
		}
		if problem := license.JSONTextProblem(string(raw)); problem != "" {
			// a decode would replace it with U+FFFD: refused, as in CSV
			if !yield(nil, &providers.RowError{File: path, Line: it.Line, Err: fmt.Errorf("the license holds %s", problem)}) {
				return false
			}
			continue
		}
		keys, values, objects, err := Flatten(raw)
		if err != nil {
			if !yield(nil, &providers.RowError{File: path, Line: it.Line, Err: fmt.Errorf("not a JSON object: %v", err)}) {
				return false
			}
			continue
		}
		m, err := s.resolve(newFlatColumns(keys, objects), path, i == 0 && s.report.Rows == 0)
		if err != nil {
			return yield(nil, err)
		}
		if m.object != nil { // a field's value written as an object: refused, not read as unset
			if !yield(nil, &providers.RowError{File: path, Line: it.Line, Err: m.object}) {
				return false
			}
			continue
		}
		if !s.emit(m.record(values, path, it.Line), yield) {
			return false
		}
	}
	return true
}

// Flatten turns a JSON object into dotted paths and string values, so JSON
// exports go through the same header matching as CSV: {"user":{"email":…}}
// becomes user.email. Arrays, empty objects and nested objects below
// depth 3 stay JSON. objects are the paths of the objects flattened away
// (user), so a field whose value was written as an object is refused
// rather than read as unset (see Columns.objectAt).
func Flatten(raw json.RawMessage) (keys, values, objects []string, err error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, nil, nil, err
	}
	var walk func(prefix string, m map[string]any, depth int)
	walk = func(prefix string, m map[string]any, depth int) {
		for k, v := range m {
			name := prefix + k
			// an empty object has no path to flatten to: kept as a cell
			// ("{}"), so a field written as one is judged, not missing
			if sub, ok := v.(map[string]any); ok && len(sub) > 0 && depth < 3 && name != "metadata" && name != "attributes.metadata" {
				objects = append(objects, name)
				walk(name+".", sub, depth+1)
				continue
			}
			keys = append(keys, name)
			values = append(values, jsonindex.Scalar(v))
		}
	}
	walk("", obj, 0)
	return keys, values, objects, nil
}
