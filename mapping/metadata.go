package mapping

import (
	"bytes"
	"encoding/json"
	"sync"
	"unicode/utf8"
)

var compactBuf = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// fastCanonical returns license.CanonicalMetadata(cell) without decoding
// it, for the common cell that is already canonical once compacted: an
// object of sorted, unique, escape-free keys whose values are plain
// strings, small integers, true, false or null. ok is false for anything
// else (nested values, escapes, fractions, exponents, big numbers), and
// the full decode-and-encode path runs. A fuzz test holds the two equal.
func fastCanonical(cell string) (string, bool) {
	buf := compactBuf.Get().(*bytes.Buffer)
	defer compactBuf.Put(buf)
	buf.Reset()
	if json.Compact(buf, []byte(cell)) != nil {
		return "", false
	}
	b := buf.Bytes()
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return "", false
	}
	if len(b) == 2 {
		return "", true
	}
	var prev []byte
	for i := 1; i < len(b)-1; {
		key, next, ok := plainString(b, i)
		if !ok || next >= len(b) || b[next] != ':' || (prev != nil && bytes.Compare(prev, key) >= 0) {
			return "", false
		}
		prev = key
		if i, ok = canonicalValue(b, next+1); !ok {
			return "", false
		}
		if b[i] == ',' {
			i++
		} else if i != len(b)-1 {
			return "", false
		}
	}
	return string(b), true
}

// plainString reads a string at b[i] that re-encodes to itself: no
// escapes, valid UTF-8, no U+2028/U+2029 (which the encoder escapes).
// It returns the contents and the index after the closing quote.
func plainString(b []byte, i int) ([]byte, int, bool) {
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
	return s, i + end + 2, true
}

// canonicalValue reads a value at b[i] that is already canonical and
// returns the index after it.
func canonicalValue(b []byte, i int) (int, bool) {
	switch {
	case b[i] == '"':
		_, next, ok := plainString(b, i)
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
