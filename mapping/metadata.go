package mapping

import (
	"bytes"
	"encoding/json"
	"sync"
)

var compactBuf = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// fastCanonical returns the canonical form of a metadata cell without
// decoding it, when the cell is a JSON object whose top-level keys are
// already sorted, unique and free of escapes: compact JSON is then exactly
// what the full path would produce for the plan's purposes. ok is false
// when the full decode-and-sort path must run.
func fastCanonical(cell string) (string, bool) {
	buf := compactBuf.Get().(*bytes.Buffer)
	defer compactBuf.Put(buf)
	buf.Reset()
	if json.Compact(buf, []byte(cell)) != nil {
		return "", false
	}
	b := buf.Bytes()
	if len(b) < 2 || b[0] != '{' {
		return "", false
	}
	if len(b) == 2 {
		return "", true
	}
	var prev []byte
	depth, inStr, keyStart, expectKey := 0, false, -1, true
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inStr {
			switch c {
			case '<', '>', '&':
				return "", false // json.Marshal would escape these
			case '\\':
				if depth == 1 && keyStart >= 0 {
					return "", false
				}
				i++
			case '"':
				inStr = false
				if depth == 1 && keyStart >= 0 {
					key := b[keyStart:i]
					if prev != nil && bytes.Compare(prev, key) >= 0 {
						return "", false
					}
					prev, keyStart = key, -1
				}
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
			if depth == 1 && expectKey {
				keyStart, expectKey = i+1, false
			}
		case '{':
			if depth > 0 {
				return "", false // nested objects need their keys sorted too
			}
			depth++
		case '[':
			depth++
		case '}', ']':
			depth--
		case ',':
			if depth == 1 {
				expectKey = true
			}
		}
	}
	return string(b), true
}
