package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// Item is one object of a JSON list with the line it starts on, 24
// bytes (a million-license dump holds a million): JSONDoc.Load gives its
// JSON.
type Item struct {
	Line int
	// at is where the item lies in a streamed file; for an item held in
	// memory n is zero (no JSON value is empty) and off indexes
	// JSONDoc.held.
	at span
}

// JSONDoc is a JSON export read whole: its license items (with lines),
// the other top-level members ("included" concatenated across pages),
// and each JSON:API page's pagination claims, so a reader can tell a
// complete page set from a partial one.
type JSONDoc struct {
	Items []Item
	Top   map[string]json.RawMessage
	Pages []Page
	// src and inc are set for a streamed file: the file, and its included
	// resources indexed where they lie.
	src io.ReaderAt
	inc *Includes
	// types counts the items by their "type" member as they are indexed,
	// so a page whose items are all licenses needs no second look.
	types map[string]int
	// marks index a large streamed list of licenses chunk by chunk
	// instead of item by item (marked; count items in all; see marks.go);
	// itemList is a chunk's pooled item list.
	marks    []mark
	marked   bool
	count    int
	itemList *[]Item
	// file and stamp are the streamed file and its size and time when
	// the first pass read it: a chunk read later checks it is unchanged.
	file  *os.File
	stamp fileStamp
	// held are the JSON of the items held in memory (all of a document
	// read whole; a streamed file's single objects and webhook payloads).
	held []json.RawMessage
	// mem holds a chunk's items read at once (from offset memOff), in a
	// buffer that goes back to chunkBufs (memBuf) when the chunk is done.
	mem    []byte
	memOff int64
	memBuf *[]byte
}

// noteType counts an item's "type" (JSON:API resources have one).
func (d *JSONDoc) noteType(raw []byte) string {
	t, err := typeOf(raw)
	if err == nil {
		if d.types == nil {
			d.types = map[string]int{}
		}
		d.types[t]++
	}
	return t
}

// hold makes an item of JSON held in memory, starting on line.
func (d *JSONDoc) hold(raw json.RawMessage, line int) Item {
	d.held = append(d.held, raw)
	return Item{Line: line, at: span{off: int64(len(d.held) - 1)}}
}

// Load returns an item's JSON, reading it from the file when the file
// was streamed.
func (d *JSONDoc) Load(it Item) (json.RawMessage, error) {
	if it.at.n == 0 {
		return d.held[it.at.off], nil
	}
	if rel := it.at.off - d.memOff; d.mem != nil && rel >= 0 && rel+it.at.n <= int64(len(d.mem)) {
		return d.mem[rel : rel+it.at.n : rel+it.at.n], nil // a preloaded chunk: valid until it is released
	}
	buf := make([]byte, it.at.n)
	if _, err := d.src.ReadAt(buf, it.at.off); err != nil {
		return nil, err
	}
	return buf, nil
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
	if o.file != nil {
		return readJSONStream(o)
	}
	data, err := io.ReadAll(o.Reader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Path, err)
	}
	r := &jsonReader{path: o.Path, data: data, doc: &JSONDoc{Top: map[string]json.RawMessage{}}}
	return r.doc, r.values()
}

// ReadJSONPage parses one page of a live API answer, held in memory: the
// same shapes as ReadJSON, but each license is numbered by its place in
// the page (item 1, 2, …) rather than by line, since an API body has no
// lines a user could open.
func ReadJSONPage(label string, data []byte) (*JSONDoc, error) {
	r := &jsonReader{path: label, data: data, doc: &JSONDoc{Top: map[string]json.RawMessage{}}, byItem: true}
	return r.doc, r.values()
}

// jsonReader files each top-level value of an export into a JSONDoc.
// Items and members are slices of the file's bytes, never copies, and
// lines are counted as the reader moves forward: a dump costs its own
// size in memory, not several times it.
type jsonReader struct {
	path string
	data []byte
	doc  *JSONDoc
	// lineOff, lineNo: the last offset whose line is known.
	lineOff, lineNo int
	// fixedLine, when set, is the line of every item (the items of a
	// webhook payload, which is a string inside the file).
	fixedLine int
	// byItem numbers items 1, 2, … instead of by line (a live page);
	// items counts them.
	byItem bool
	items  int
}

// values files every top-level value, each checked to be valid JSON.
func (r *jsonReader) values() error {
	for i := skipSpace(r.data, 0); i < len(r.data); i = skipSpace(r.data, i) {
		end, err := r.span(i)
		if err != nil {
			return err
		}
		if err := r.value(r.data[i:end], i); err != nil {
			return err
		}
		i = end
	}
	return nil
}

// span is the end of the JSON value starting at i, which must be valid.
func (r *jsonReader) span(i int) (int, error) {
	end := skipValue(r.data, i)
	if end <= i || !json.Valid(r.data[i:end]) {
		dec := json.NewDecoder(bytes.NewReader(r.data[i:]))
		var v json.RawMessage
		err := dec.Decode(&v)
		if err == nil {
			err = fmt.Errorf("unexpected end of JSON input")
		}
		if se, ok := err.(*json.SyntaxError); ok {
			se.Offset += int64(i)
		}
		if r.byItem {
			return 0, fmt.Errorf("%s: invalid JSON: %v", r.path, err)
		}
		return 0, jsonErr(r.path, r.data, err)
	}
	return end, nil
}

func (r *jsonReader) line(off int) int {
	if r.byItem {
		return r.items
	}
	if r.fixedLine > 0 {
		return r.fixedLine
	}
	if off < r.lineOff {
		r.lineOff, r.lineNo = 0, 0
	}
	r.lineNo += bytes.Count(r.data[r.lineOff:off], []byte{'\n'})
	r.lineOff = off
	return r.lineNo + 1
}

func (r *jsonReader) at(off int) string { return license.Position(r.path, r.line(off)) }

// value files one top-level value that starts at offset off.
func (r *jsonReader) value(v []byte, off int) error {
	switch firstByte(v) {
	case '[':
		return r.array(v, off)
	case '{':
		return r.object(v, off)
	}
	return fmt.Errorf("%s: a JSON %s at the top level; expected licenses: an array, an object, a JSON:API document or one object per line",
		r.at(off), kindOf(v))
}

// array files each element of a list of license objects; v starts at
// offset off of the file.
func (r *jsonReader) array(v []byte, off int) error {
	for i := skipSpace(v, 1); i < len(v)-1; i = skipSpace(v, i) {
		end := skipValue(v, i)
		r.items++
		r.doc.noteType(v[i:end])
		r.doc.Items = append(r.doc.Items, r.doc.hold(v[i:end:end], r.line(off+i)))
		i = end
	}
	return nil
}

// TopMembers are the members of a JSON object, found without validating
// or decoding it: what a pager needs of a page (its links or meta) before
// the reader validates the whole page. Not an object: nil.
func TopMembers(v []byte) map[string]json.RawMessage {
	i := skipSpace(v, 0)
	if i >= len(v) || v[i] != '{' {
		return nil
	}
	end := skipValue(v, i)
	out := map[string]json.RawMessage{}
	members(v[i:end], func(key, val []byte, _ int) { out[keyString(key)] = val })
	return out
}

// CountItems is the number of elements of a JSON array, counted without
// decoding them; -1 when v is not an array.
func CountItems(v []byte) int {
	i := skipSpace(v, 0)
	if i >= len(v) || v[i] != '[' {
		return -1
	}
	end := skipValue(v, i)
	n := 0
	for j := skipSpace(v, i+1); j < end-1; j = skipSpace(v, j) {
		next := skipValue(v, j)
		if next <= j {
			break
		}
		n++
		j = next
	}
	return n
}

// members calls fn for each member of the object v (valid JSON) with
// its key as written (quotes included: see keyIs and keyString).
func members(v []byte, fn func(key, val []byte, at int)) {
	for i := skipSpace(v, 1); i < len(v)-1; {
		kend := skipValue(v, i)
		if kend <= i {
			return // not an object after all (TopMembers reads unvalidated input)
		}
		key := v[i:kend]
		i = skipSpace(v, kend)
		if i < len(v) && v[i] == ':' {
			i = skipSpace(v, i+1)
		}
		end := skipValue(v, i)
		if end <= i {
			return
		}
		fn(key, v[i:end:end], i)
		i = skipSpace(v, end)
	}
}

// object files a JSON:API document (page, single resource, webhook
// event), a webhook envelope, or a single license object.
func (r *jsonReader) object(v []byte, off int) error {
	top := map[string]json.RawMessage{}
	dataAt := 0
	members(v, func(rawKey, val []byte, at int) {
		key := keyString(rawKey)
		top[key] = val
		if key == "data" {
			dataAt = at
		}
	})
	data, hasData := top["data"]
	if errs, ok := top["errors"]; ok && !hasData {
		return fmt.Errorf("%s: an error document, not licenses (%s): the export saved an API error (a 401 or a 429?); export again",
			r.at(off), errorSummary(errs))
	}
	if !hasData {
		r.items++
		r.doc.noteType(v)
		r.doc.Items = append(r.doc.Items, r.doc.hold(v, r.line(off)))
		return nil
	}
	switch firstByte(data) {
	case '[':
		before := len(r.doc.Items)
		line := r.line(off)
		if err := r.array(data, off+dataAt); err != nil {
			return err
		}
		r.doc.Pages = append(r.doc.Pages, Page{Line: line, Links: top["links"], Meta: top["meta"], Items: len(r.doc.Items) - before})
	case '{':
		if payload, ok := webhookPayload(data); ok {
			// a Keygen webhook event: the license document is its payload
			sub := &jsonReader{path: r.path, data: payload, doc: r.doc, fixedLine: r.line(off)}
			return sub.values()
		}
		r.items++
		r.doc.noteType(data)
		r.doc.Items = append(r.doc.Items, r.doc.hold(data, r.line(off+dataAt)))
	default:
		return fmt.Errorf(`%s: "data" is a JSON %s; expected a list of licenses or one license object`, r.at(off), kindOf(data))
	}
	r.merge(top)
	return nil
}

// skipValue returns the index just past the JSON value that starts at i
// (strings with escapes, nested objects and arrays, literals); it does
// not validate, which span and json.Valid do once per top-level value.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return i
	}
	for ; i < len(b); i++ {
		switch b[i] {
		case ',', ']', '}', ' ', '\t', '\r', '\n', ':':
			return i
		}
	}
	return i
}

// skipString returns the index just past the string starting at b[i].
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
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
