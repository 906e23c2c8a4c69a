package jsonindex

import (
	"bytes"
	"encoding/json"
)

// Walking valid JSON by its bytes: skipping values, strings and spaces
// without decoding, for the readers that only need to know where things
// lie.

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
	n := 0
	if !elements(v, func([]byte) { n++ }) {
		return -1
	}
	return n
}

// ItemIDs is the "id" of each element of a JSON array, as written
// (quotes included; nil for an element without one), found without
// decoding the elements: a live read checks with them that no record
// comes twice. ok is false when v is not an array.
func ItemIDs(v []byte) (ids [][]byte, ok bool) {
	ok = elements(v, func(el []byte) {
		var id []byte
		if len(el) > 0 && el[0] == '{' {
			members(el, func(key, val []byte, _ int) {
				if id == nil && keyIs(key, "id") {
					id = val
				}
			})
		}
		ids = append(ids, id)
	})
	return ids, ok
}

// elements calls fn with each element of the JSON array v; false when v
// is not an array.
func elements(v []byte, fn func(el []byte)) bool {
	i := skipSpace(v, 0)
	if i >= len(v) || v[i] != '[' {
		return false
	}
	end := skipValue(v, i)
	for j := skipSpace(v, i+1); j < end-1; j = skipSpace(v, j) {
		next := skipValue(v, j)
		if next <= j {
			break
		}
		fn(v[j:next])
		j = next
	}
	return true
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
