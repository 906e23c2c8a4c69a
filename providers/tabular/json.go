package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Item is one object of a JSON list with the line it starts on.
type Item struct {
	Raw  json.RawMessage
	Line int
}

// JSONDoc is a JSON export read whole: its license items (with lines),
// the other top-level members ("included" concatenated across pages),
// and each JSON:API page's pagination claims, so a reader can tell a
// complete page set from a partial one.
type JSONDoc struct {
	Items []Item
	Top   map[string]json.RawMessage
	Pages []Page
}

// Page is one JSON:API list page's "links" and "meta" as written.
type Page struct {
	Line  int
	Links json.RawMessage
	Meta  json.RawMessage
	Items int
}

// ReadJSON parses a JSON export in any of the shapes exports come in:
// one array of objects, one object (a single license), a JSON:API page
// or single-resource document, JSON Lines, or several such values one
// after another (cat page-1.json page-2.json). Every license item is kept
// with its line. A saved error document is refused; valid JSON in a
// shape that holds no licenses is refused naming what it holds.
func ReadJSON(o *Open) (*JSONDoc, error) {
	data, err := io.ReadAll(o.Reader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Path, err)
	}
	r := &jsonReader{path: o.Path, data: data, lines: newLineIndex(data),
		doc: &JSONDoc{Top: map[string]json.RawMessage{}}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		off := skipSpace(data, int(dec.InputOffset()))
		var v json.RawMessage
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			return nil, jsonErr(o.Path, data, err)
		}
		if err := r.value(v, off); err != nil {
			return nil, err
		}
	}
	return r.doc, nil
}

// jsonReader files each top-level value of an export into a JSONDoc.
type jsonReader struct {
	path  string
	data  []byte
	lines *lineIndex
	doc   *JSONDoc
}

func (r *jsonReader) at(off int) string { return fmt.Sprintf("%s:%d", r.path, r.lines.line(off)) }

// value files one top-level value that starts at offset off.
func (r *jsonReader) value(v json.RawMessage, off int) error {
	switch firstByte(v) {
	case '[':
		return r.array(v, off)
	case '{':
		return r.object(v, off)
	}
	return fmt.Errorf("%s: a JSON %s at the top level; expected licenses: an array, an object, a JSON:API document or one object per line",
		r.at(off), kindOf(v))
}

// array files each element of a list of license objects.
func (r *jsonReader) array(v json.RawMessage, off int) error {
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		itemOff := off + skipSpace(v, int(dec.InputOffset()))
		var item json.RawMessage
		if err := dec.Decode(&item); err != nil {
			return jsonErr(r.path, r.data, err)
		}
		r.doc.Items = append(r.doc.Items, Item{Raw: item, Line: r.lines.line(itemOff)})
	}
	return nil
}

// object files a JSON:API document (page, single resource, webhook
// event), a webhook envelope, or a single license object.
func (r *jsonReader) object(v json.RawMessage, off int) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(v, &top); err != nil {
		return jsonErr(r.path, r.data, err)
	}
	data, hasData := top["data"]
	if errs, ok := top["errors"]; ok && !hasData {
		return fmt.Errorf("%s: an error document, not licenses (%s): the export saved an API error (a 401 or a 429?); export again",
			r.at(off), errorSummary(errs))
	}
	if !hasData {
		r.doc.Items = append(r.doc.Items, Item{Raw: v, Line: r.lines.line(off)})
		return nil
	}
	dataOff := off + bytes.Index(v, data)
	switch firstByte(data) {
	case '[':
		before := len(r.doc.Items)
		if err := r.array(data, dataOff); err != nil {
			return err
		}
		r.doc.Pages = append(r.doc.Pages, Page{Line: r.lines.line(off), Links: top["links"], Meta: top["meta"], Items: len(r.doc.Items) - before})
	case '{':
		if payload, ok := webhookPayload(data); ok {
			return r.value(payload, off) // a Keygen webhook event: the license document is its payload
		}
		r.doc.Items = append(r.doc.Items, Item{Raw: data, Line: r.lines.line(dataOff)})
	default:
		return fmt.Errorf(`%s: "data" is a JSON %s; expected a list of licenses or one license object`, r.at(off), kindOf(data))
	}
	r.merge(top)
	return nil
}

// merge keeps the document's other members; "included" lists of several
// pages are concatenated.
func (r *jsonReader) merge(top map[string]json.RawMessage) {
	for k, raw := range top {
		if k == "data" {
			continue
		}
		if k == "included" && r.doc.Top[k] != nil {
			r.doc.Top[k] = concatLists(r.doc.Top[k], raw)
			continue
		}
		r.doc.Top[k] = raw
	}
}

func concatLists(a, b json.RawMessage) json.RawMessage {
	a, b = bytes.TrimSpace(a), bytes.TrimSpace(b)
	if len(a) < 2 || len(b) < 2 || a[0] != '[' || b[0] != '[' {
		return b
	}
	inner := bytes.TrimSpace(b[1 : len(b)-1])
	if len(inner) == 0 {
		return a
	}
	head := bytes.TrimSpace(a[:len(a)-1])
	sep := []byte(",")
	if len(head) == 1 {
		sep = nil
	}
	return append(append(append(append([]byte{}, head...), sep...), inner...), ']')
}

// webhookPayload is the license document inside a Keygen webhook event
// (a "webhook-events" resource whose attributes.payload is a JSON string).
func webhookPayload(data json.RawMessage) (json.RawMessage, bool) {
	var ev struct {
		Type       string `json:"type"`
		Attributes struct {
			Payload *string `json:"payload"`
		} `json:"attributes"`
	}
	if json.Unmarshal(data, &ev) != nil || ev.Type != "webhook-events" || ev.Attributes.Payload == nil {
		return nil, false
	}
	return json.RawMessage(*ev.Attributes.Payload), true
}

// errorSummary is the first error of an error document, short.
func errorSummary(raw json.RawMessage) string {
	var errs []struct {
		Title, Detail, Code string
		Status              any
	}
	if json.Unmarshal(raw, &errs) != nil || len(errs) == 0 {
		return "errors"
	}
	e := errs[0]
	s := strings.TrimSpace(strings.Join([]string{e.Code, e.Title, e.Detail}, " "))
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

func firstByte(v json.RawMessage) byte {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return 0
	}
	return v[0]
}

// kindOf names a JSON value's kind for messages.
func kindOf(v json.RawMessage) string {
	switch c := firstByte(v); {
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '[':
		return "array"
	case c == '{':
		return "object"
	}
	return "number"
}

func skipSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		default:
			return off
		}
	}
	return off
}

type lineIndex struct{ starts []int }

func newLineIndex(data []byte) *lineIndex {
	li := &lineIndex{starts: []int{0}}
	for i, b := range data {
		if b == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

func (li *lineIndex) line(off int) int {
	lo, hi := 0, len(li.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1
}

func jsonErr(path string, data []byte, err error) error {
	if se, ok := err.(*json.SyntaxError); ok {
		li := newLineIndex(data)
		off := int(se.Offset)
		line := li.line(off)
		return fmt.Errorf("%s:%d:%d: invalid JSON: %v", path, line, off-li.starts[line-1]+1, se)
	}
	return fmt.Errorf("%s: invalid JSON: %v", path, err)
}

// Flatten turns a JSON object into dotted paths and string values, so JSON
// exports go through the same header matching as CSV: {"user":{"email":…}}
// becomes user.email. Arrays and nested objects below depth 3 stay JSON.
func Flatten(raw json.RawMessage) (keys, values []string, err error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, nil, err
	}
	var walk func(prefix string, m map[string]any, depth int)
	walk = func(prefix string, m map[string]any, depth int) {
		for k, v := range m {
			name := prefix + k
			if sub, ok := v.(map[string]any); ok && depth < 3 && name != "metadata" && name != "attributes.metadata" {
				walk(name+".", sub, depth+1)
				continue
			}
			keys = append(keys, name)
			values = append(values, Scalar(v))
		}
	}
	walk("", obj, 0)
	return keys, values, nil
}

// Scalar renders a decoded JSON value as a cell: null is "", strings as
// they are, numbers and booleans as written, objects and arrays as JSON.
func Scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
