package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
)

// docItem is one object of a JSON list with the line it starts on, 24
// bytes (a million-license dump holds a million): jsonDoc.Load gives its
// JSON.
type docItem struct {
	Line int
	// at is where the item lies in a streamed file; for an item held in
	// memory n is zero (no JSON value is empty) and off indexes
	// jsonDoc.held.
	at span
}

// jsonDoc is a JSON export read whole: its license items (with lines),
// the other top-level members ("included" concatenated across pages),
// and each JSON:API page's pagination claims, so a reader can tell a
// complete page set from a partial one.
type jsonDoc struct {
	Items []docItem
	Top   map[string]json.RawMessage
	Pages []pageInfo
	// src and inc are set for a streamed file: the file, and its included
	// resources indexed where they lie.
	src io.ReaderAt
	inc *includes
	// types counts the items by their "type" member as they are indexed,
	// so a page whose items are all licenses needs no second look.
	types map[string]int
	// marks index a large streamed list of licenses chunk by chunk
	// instead of item by item (marked; count items in all; see marks.go);
	// itemList is a chunk's pooled item list.
	marks    []mark
	marked   bool
	count    int
	itemList *[]docItem
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
func (d *jsonDoc) noteType(raw []byte) string {
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
func (d *jsonDoc) hold(raw json.RawMessage, line int) docItem {
	d.held = append(d.held, raw)
	return docItem{Line: line, at: span{off: int64(len(d.held) - 1)}}
}

// Load returns an item's JSON, reading it from the file when the file
// was streamed.
func (d *jsonDoc) Load(it docItem) (json.RawMessage, error) {
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

// pageInfo is one JSON:API list page's "links" and "meta" as written.
type pageInfo struct {
	Line  int
	Links json.RawMessage
	Meta  json.RawMessage
	Items int
}

// readJSONDoc parses a JSON export in any of the shapes exports come in:
// one array of objects, one object (a single license), a JSON:API page
// or single-resource document, JSON Lines, or several such values one
// after another (cat page-1.json page-2.json). Every license item is kept
// with its line. A saved error document is refused; valid JSON in a
// shape that holds no licenses is refused naming what it holds.
func readJSONDoc(o *Open) (*jsonDoc, error) {
	if o.file != nil {
		return readJSONStream(o)
	}
	data, err := io.ReadAll(o.Reader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Path, err)
	}
	r := &jsonReader{path: o.Path, data: data, doc: &jsonDoc{Top: map[string]json.RawMessage{}}}
	return r.doc, r.values()
}

// readJSONPage parses one page of a live API answer, held in memory: the
// same shapes as readJSONDoc, but each license is numbered by its place in
// the page (item 1, 2, …) rather than by line, since an API body has no
// lines a user could open.
func readJSONPage(label string, data []byte) (*jsonDoc, error) {
	r := &jsonReader{path: label, data: data, doc: &jsonDoc{Top: map[string]json.RawMessage{}}, byItem: true}
	return r.doc, r.values()
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
