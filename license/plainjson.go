package license

import (
	"bytes"
	"encoding/json"
	"sync"
	"unicode/utf8"
)

// Metadata objects are mostly flat and already in order ({"orderId":
// "O-1"}), and decoding each into a map to print it back was most of
// what a million licenses' metadata cost. CompactPlainObject tells, without
// decoding, when printing it back would change nothing but spaces.

var compactBuf = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// CompactPlainObject returns raw compacted when it is a JSON object that
// decoding (numbers as json.Number or float64) and encoding with
// encoding/json would print back byte for byte: sorted, unique,
// escape-free keys, and values that are plain strings, integers of at
// most 15 digits, true, false or null. escapeHTML says whether the
// encoder escapes <, > and & (json.Marshal does; CanonicalJSON does not),
// so strings holding them are not plain. ok is false for anything else
// (nesting, escapes, fractions, exponents, big numbers, invalid JSON):
// the caller decodes. "{}" is plain.
func CompactPlainObject(raw []byte, escapeHTML bool) (string, bool) {
	return CompactPlainObjectText(raw, escapeHTML, bytesToString)
}

func bytesToString(b []byte) string { return string(b) }

// CompactPlainObjectText is CompactPlainObject making its string with
// text, for a reader that makes its strings in shared blocks.
func CompactPlainObjectText(raw []byte, escapeHTML bool, text func([]byte) string) (string, bool) {
	buf := compactBuf.Get().(*bytes.Buffer)
	defer compactBuf.Put(buf)
	buf.Reset()
	if json.Compact(buf, raw) != nil {
		return "", false
	}
	b := buf.Bytes()
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return "", false
	}
	var prev []byte
	for i := 1; i < len(b)-1; {
		key, next, ok := plainString(b, i, escapeHTML)
		if !ok || next >= len(b) || b[next] != ':' || (prev != nil && bytes.Compare(prev, key) >= 0) {
			return "", false
		}
		prev = key
		if i, ok = plainValue(b, next+1, escapeHTML); !ok {
			return "", false
		}
		if b[i] == ',' {
			i++
		} else if i != len(b)-1 {
			return "", false
		}
	}
	return text(b), true
}

// plainString reads a string at b[i] (compact, valid JSON) that
// re-encodes to itself: no escapes, valid UTF-8, no U+2028/U+2029 (which
// the encoder escapes), and no <, > or & when the encoder escapes HTML.
// It returns the contents and the index after the closing quote.
func plainString(b []byte, i int, escapeHTML bool) ([]byte, int, bool) {
	if b[i] != '"' {
		return nil, i, false
	}
	end := bytes.IndexByte(b[i+1:], '"')
	if end < 0 {
		return nil, i, false
	}
	s := b[i+1 : i+1+end]
	if bytes.IndexByte(s, '\\') >= 0 || !utf8.Valid(s) || bytes.Contains(s, []byte("\u2028")) || bytes.Contains(s, []byte("\u2029")) {
		return nil, i, false
	}
	if escapeHTML && bytes.ContainsAny(s, "<>&") {
		return nil, i, false
	}
	return s, i + end + 2, true
}

// plainValue reads a value at b[i] that prints back as itself and
// returns the index after it.
func plainValue(b []byte, i int, escapeHTML bool) (int, bool) {
	switch {
	case b[i] == '"':
		_, next, ok := plainString(b, i, escapeHTML)
		return next, ok
	case bytes.HasPrefix(b[i:], []byte("true")):
		return i + 4, true
	case bytes.HasPrefix(b[i:], []byte("false")):
		return i + 5, true
	case bytes.HasPrefix(b[i:], []byte("null")):
		return i + 4, true
	}
	return smallInteger(b, i)
}

// smallInteger reads an integer of at most 15 digits without a leading
// zero: exact as a float64 and printed back as the same digits. -0 is
// not one (it prints as -0 here and 0 in JavaScript).
func smallInteger(b []byte, i int) (int, bool) {
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	n := i - digits
	switch {
	case n == 0 || n > 15:
		return i, false
	case b[digits] == '0' && (n > 1 || digits > start):
		return i, false
	}
	return i, true
}
