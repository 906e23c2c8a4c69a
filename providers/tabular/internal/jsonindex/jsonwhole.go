package jsonindex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// A JSON export read whole (a file that is not plain UTF-8, a live page):
// its bytes are walked once, each top-level value filed into a Doc.

// jsonReader files each top-level value of an export into a Doc.
// Items and members are slices of the file's bytes, never copies, and
// lines are counted as the reader moves forward: a dump costs its own
// size in memory, not several times it.
type jsonReader struct {
	path string
	data []byte
	doc  *Doc
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
		if err == nil { // a value shorter than its bytes looked (0 then 0): it ends where the decoder says
			return i + int(dec.InputOffset()), nil
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, fmt.Errorf("%s: %w", r.path, errCutShort)
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
	r.lineNo += CountLines(r.data[r.lineOff:off])
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
		if end-i > MaxValueBytes {
			return fmt.Errorf("%s: %w", r.at(off+i), errValueTooLarge)
		}
		r.items++
		r.doc.noteType(v[i:end])
		r.doc.Items = append(r.doc.Items, r.doc.hold(v[i:end:end], r.line(off+i)))
		i = end
	}
	return nil
}

// object files a JSON:API document (page, single resource, webhook
// event), a webhook envelope, or a single license object.
func (r *jsonReader) object(v []byte, off int) error {
	top := map[string]json.RawMessage{}
	dataAt, kept, repeated := 0, 0, (*string)(nil)
	members(v, func(rawKey, val []byte, at int) {
		key := keyString(rawKey)
		if _, dup := top[key]; dup && repeated == nil {
			repeated = &key
		}
		top[key] = val
		if key == "data" {
			dataAt = at
		}
		if firstByte(val) != '[' || key != "data" && key != "included" {
			kept += len(val) // held as the streamed read holds it: lists are indexed, the rest kept
		}
	})
	if repeated != nil {
		return repeatedMember(r.at(off), *repeated)
	}
	if kept > MaxValueBytes {
		return fmt.Errorf("%s: %w", r.at(off), errValueTooLarge)
	}
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

// repeatedMember refuses an object naming a member twice: a decode keeps
// the last, an index would add both lists up; neither is what the
// export meant.
func repeatedMember(at, key string) error {
	return fmt.Errorf("%s: the object there holds %q twice; an export names each member once (two documents pasted into one?)", at, key)
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
// Member names are matched exactly, as JSON:API names are case-sensitive
// (a struct decode would also take "tYpe").
func webhookPayload(data json.RawMessage) (json.RawMessage, bool) {
	var top, attrs map[string]json.RawMessage
	var typ string
	if json.Unmarshal(data, &top) != nil || json.Unmarshal(top["type"], &typ) != nil || typ != "webhook-events" ||
		json.Unmarshal(top["attributes"], &attrs) != nil {
		return nil, false
	}
	var payload *string
	if json.Unmarshal(attrs["payload"], &payload) != nil || payload == nil {
		return nil, false
	}
	return json.RawMessage(*payload), true
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

// jsonErr locates a syntax error at the byte it is about (the last its
// decoder read): line and column, as the streamed read does.
func jsonErr(path string, data []byte, err error) error {
	if se, ok := err.(*json.SyntaxError); ok {
		li := newLineIndex(data)
		off := max(int(se.Offset)-1, 0)
		line := li.line(off)
		return fmt.Errorf("%s:%d:%d: invalid JSON: %v", path, line, off-li.starts[line-1]+1, se)
	}
	return fmt.Errorf("%s: invalid JSON: %v", path, err)
}
