package jsonindex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The reference a fuzz target holds the JSON readers to: what
// encoding/json alone makes of a file that is one JSON document. It
// shares nothing with the readers it checks.

// refView is the reference's reading: the license items and included
// resources (compacted, included sorted), or the place of a syntax error
// (errPlace "file:line:column"), or only that the file is refused.
type refView struct {
	items, included []string
	err             bool
	errPlace        string
	cutShort        bool
}

// reference reads data (after a UTF-8 byte-order mark) as one JSON
// document; ok is false when the readers may rightly differ from a
// single decode: several documents one after another, a webhook event.
func reference(name string, data []byte) (ref refView, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var whole any
	err := json.Unmarshal(data, &whole)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		var first json.RawMessage
		if json.NewDecoder(bytes.NewReader(data)).Decode(&first) == nil {
			return ref, false // the first document is whole: what follows is another
		}
		if se.Offset >= int64(len(data)) {
			return refView{err: true, cutShort: true}, true
		}
		return refView{err: true, errPlace: place(name, data, se.Offset-1)}, true
	}
	if err != nil {
		return ref, false
	}
	switch top := whole.(type) {
	case []any:
		return refView{items: compactAll(data, nil)}, true
	case map[string]any:
		return refObject(data, top)
	}
	return refView{err: true}, true // a string, number, boolean or null
}

// refObject is reference for a top-level object.
func refObject(data []byte, top map[string]any) (refView, bool) {
	if repeatsKey(data) {
		return refView{err: true}, true
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) != nil {
		return refView{}, false
	}
	data0, hasData := members["data"]
	var ref refView
	switch d := top["data"].(type) {
	case []any:
		ref.items = compactAll(data0, nil)
	case map[string]any:
		if d["type"] == "webhook-events" {
			return refView{}, false
		}
		ref.items = []string{compactOne(data0)}
	default:
		if hasData {
			return refView{err: true}, true // "data" that is neither licenses nor one
		}
		if _, errs := members["errors"]; errs {
			return refView{err: true}, true
		}
		ref.items = []string{compactOne(data)}
	}
	if inc, ok := members["included"]; ok && hasData {
		var list []json.RawMessage
		if json.Unmarshal(inc, &list) != nil {
			return refView{err: true}, true
		}
		last := map[string]string{}
		for _, r := range list {
			var id struct{ Type, ID string }
			if json.Unmarshal(r, &id) != nil || !isObject(r) {
				return refView{err: true}, true
			}
			last[id.Type+"\x00"+id.ID] = id.Type + " " + compactOne(r)
		}
		for _, v := range last {
			ref.included = append(ref.included, v)
		}
		slices.Sort(ref.included)
	}
	return ref, true
}

// repeatsKey reports whether the top-level object data names a member
// twice, walking its tokens.
func repeatsKey(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return false
		}
		key, _ := k.(string)
		if seen[key] {
			return true
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}

func isObject(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(raw, &m) == nil && m != nil
}

// compactAll is each element of the JSON array list, compacted.
func compactAll(list []byte, out []string) []string {
	var els []json.RawMessage
	_ = json.Unmarshal(list, &els)
	for _, el := range els {
		out = append(out, compactOne(el))
	}
	return out
}

func compactOne(raw []byte) string {
	var c bytes.Buffer
	_ = json.Compact(&c, raw)
	return c.String()
}

// place is name:line:column of the byte at offset off of data.
func place(name string, data []byte, off int64) string {
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := len(before) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Sprintf("%s:%d:%d:", name, line, col)
}

// checkReference compares a reader's view with the reference.
func checkReference(got view, want refView) error {
	switch {
	case want.err != got.Err:
		return fmt.Errorf("reader erred %v, reference %v", got.Err, want.err)
	case want.err && want.errPlace != "" && got.ErrPlace != want.errPlace:
		return fmt.Errorf("error at %q, reference at %q", got.ErrPlace, want.errPlace)
	case want.err:
		return nil
	}
	if !slices.Equal(got.Items, want.items) {
		return fmt.Errorf("items %q, reference %q", got.Items, want.items)
	}
	var inc []string
	for _, s := range got.Included {
		if !strings.Contains(s, " of ") || strings.HasPrefix(s, "{") || strings.Contains(s, "{") {
			inc = append(inc, s)
		}
	}
	slices.Sort(inc)
	if !slices.Equal(inc, want.included) {
		return fmt.Errorf("included %q, reference %q", inc, want.included)
	}
	return nil
}
