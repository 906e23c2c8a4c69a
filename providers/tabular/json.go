package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// Item is one object of a JSON list with the line it starts on.
type Item struct {
	Raw  json.RawMessage
	Line int
}

// JSONDoc is a JSON export: either a bare array of objects (Cryptlex) or an
// object whose "data" array holds them (JSON:API pages from Keygen and
// LemonSqueezy), with the other top-level members kept raw ("included").
type JSONDoc struct {
	Items []Item
	Top   map[string]json.RawMessage
}

// ReadJSON parses a JSON export and records each list item's line.
func ReadJSON(o *Open) (*JSONDoc, error) {
	data, err := io.ReadAll(o.Reader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Path, err)
	}
	doc := &JSONDoc{Top: map[string]json.RawMessage{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lines := newLineIndex(data)
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonErr(o.Path, data, err)
	}
	switch tok {
	case json.Delim('['):
		if err := readItems(dec, data, lines, doc); err != nil {
			return nil, jsonErr(o.Path, data, err)
		}
	case json.Delim('{'):
		if err := readObject(dec, data, lines, doc); err != nil {
			return nil, jsonErr(o.Path, data, err)
		}
	default:
		return nil, fmt.Errorf("%s: expected a JSON array or object of licenses", o.Path)
	}
	return doc, nil
}

func readObject(dec *json.Decoder, data []byte, lines *lineIndex, doc *JSONDoc) error {
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := kt.(string)
		if key == "data" {
			t, err := dec.Token()
			if err != nil {
				return err
			}
			if t != json.Delim('[') {
				return fmt.Errorf(`"data" is not a list`)
			}
			if err := readItems(dec, data, lines, doc); err != nil {
				return err
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		doc.Top[key] = raw
	}
	_, err := dec.Token()
	return err
}

func readItems(dec *json.Decoder, data []byte, lines *lineIndex, doc *JSONDoc) error {
	for dec.More() {
		off := skipSpace(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		doc.Items = append(doc.Items, Item{Raw: raw, Line: lines.line(off)})
	}
	_, err := dec.Token() // ]
	return err
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
