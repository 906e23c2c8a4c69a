package jsonindex

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Skimming reads a few members of a JSON object in place, without
// decoding it: a million-license dump is mostly resources whose type, id
// and a handful of attributes are all a reader wants, and decoding each
// into maps made ten times the garbage of the same licenses as CSV. Each
// skim declines (ok false) whenever its answer could differ from what
// encoding/json would decode, and the caller decodes instead; fuzz
// targets hold every skim equal to that decode.

// keyIs reports whether a raw object key (a JSON string, quotes
// included) decodes to name.
func keyIs(raw []byte, name string) bool {
	if body, ok := plainBody(raw); ok {
		return string(body) == name
	}
	return keyString(raw) == name
}

// keyString decodes a raw object key ("" when it is not a string).
func keyString(raw []byte) string {
	if s, ok := plainString(raw); ok {
		return s
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// lookup returns the value of the member name of the object obj (valid
// JSON), as a decode into map[string]json.RawMessage would: the last
// member of that name wins.
func lookup(obj []byte, name string) (json.RawMessage, bool) {
	var found []byte
	members(obj, func(key, val []byte, _ int) {
		if keyIs(key, name) {
			found = val
		}
	})
	return found, found != nil
}

// lookupAll is lookup for several names in one pass: vals[i] is the
// value of names[i] (the last member of that name), nil when absent.
func lookupAll(obj []byte, names []string, vals []json.RawMessage) {
	clear(vals)
	members(obj, func(key, val []byte, _ int) {
		body, plain := plainBody(key)
		decoded := ""
		if !plain {
			decoded = keyString(key)
		}
		for i, name := range names {
			if plain && string(body) == name || !plain && decoded == name {
				vals[i] = val
			}
		}
	})
}

// skimFields finds the members of the object obj (valid JSON) that a
// decode would put into the struct fields names, storing each value in
// vals (nil when absent). It declines when a decode could differ: a key
// with an escape or a non-ASCII byte (encoding/json matches field names
// ignoring case, Unicode folds included), a key that matches a field
// only ignoring case, or a field given twice.
func skimFields(obj []byte, names []string, vals [][]byte) bool {
	clear(vals)
	ok := true
	members(obj, func(key, val []byte, _ int) {
		if !ok {
			return
		}
		body, plain := plainBody(key)
		if !plain || !isASCII(body) {
			ok = false
			return
		}
		for i, name := range names {
			switch {
			case string(body) == name && vals[i] == nil:
				vals[i] = val
				return
			case asciiEqualFold(body, name):
				ok = false // a second copy, or a field spelled in another case
				return
			}
		}
	})
	return ok
}

// skimText is the text of a field's value that is a plain JSON string
// (or absent: ""); ok is false for anything a decode must look at. It
// makes no new string where one exists: want itself when the value is
// that text, or the one copy of a JSON:API type name the platforms use
// (a million resources share a few).
func skimText(v []byte, want string) (string, bool) {
	if v == nil {
		return "", true
	}
	body, ok := plainBody(v)
	if !ok {
		return "", false
	}
	if want != "" && string(body) == want {
		return want, true
	}
	return typeName(body), true
}

// typeName is string(b), without a new string for the JSON:API type
// names the platforms use (a million resources share a few).
func typeName(b []byte) string {
	for _, t := range knownTypes {
		if string(b) == t {
			return t
		}
	}
	return string(b)
}

var knownTypes = []string{"licenses", "users", "policies", "products", "groups", "license-keys", "order-items",
	"orders", "customers", "variants", "stores"}

// plainBody is the text between the quotes of a JSON string with nothing
// to unescape (see plainString), in place.
func plainBody(v []byte) ([]byte, bool) {
	v = trimJSONSpace(v)
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return nil, false
	}
	body := v[1 : len(v)-1]
	for _, b := range body {
		if b == '\\' || b == '"' || b < 0x20 {
			return nil, false
		}
	}
	if !utf8.Valid(body) {
		return nil, false
	}
	return body, true
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// asciiEqualFold compares ASCII b with name ignoring case.
func asciiEqualFold(b []byte, name string) bool {
	if len(b) != len(name) {
		return false
	}
	for i := range b {
		x, y := b[i]|0x20, name[i]|0x20
		if x != y || (x < 'a' || x > 'z') && b[i] != name[i] {
			return false
		}
	}
	return true
}

// skimTypeID is a resource's type and id in place, as a decode into a
// struct of two strings would read them; ok is false when it cannot tell
// cheaply (the caller decodes). raw must be valid JSON (an item its
// document's read checked): a million included owners are not scanned
// twice.
func skimTypeID(raw []byte) (typ, id []byte, ok bool) {
	raw = trimJSONSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, nil, false
	}
	var vals [2][]byte
	if !skimFields(raw, typeIDFields, vals[:]) {
		return nil, nil, false
	}
	for i, v := range vals {
		if v == nil {
			continue
		}
		if vals[i], ok = plainBody(v); !ok {
			return nil, nil, false
		}
	}
	return vals[0], vals[1], true
}

var typeIDFields = []string{"type", "id"}

// trimJSONSpace trims the spaces JSON allows around a value (space, tab,
// CR, LF): bytes.TrimSpace would also trim a form feed, which a decode
// refuses.
func trimJSONSpace(b []byte) []byte {
	for len(b) > 0 && isJSONSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isJSONSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// isJSONSpace is JSON's whitespace (RFC 8259: space, tab, CR, LF), the
// one definition every walk over JSON bytes skips by.
func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// CountLines counts the line feeds in b: every reader numbers lines by
// LF (a CR alone ends a CSV line too, which csvparse counts apart).
func CountLines(b []byte) int { return bytes.Count(b, []byte{'\n'}) }
