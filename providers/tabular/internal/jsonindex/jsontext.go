package jsonindex

import (
	"unicode/utf16"
	"unicode/utf8"

	"github.com/licentric/licentric-sync/license"
)

// exactString decodes a JSON string (quotes included) as encoding/json
// does, except for text no decode can keep: encoding/json turns bytes
// that are not UTF-8, and a lone surrogate escape (\ud800), into U+FFFD
// without a word. Here such bytes stay as they are, and a lone surrogate
// becomes its three-byte form, which is not UTF-8 either: the mapping
// then refuses the field as not UTF-8 text, located at its row, as it
// does for a CSV cell. ok is false when v is not a JSON string.
// FuzzExactString holds it equal to encoding/json on every other string.
func exactString(v []byte) (string, bool) {
	v = trimJSONSpace(v)
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	body := v[1 : len(v)-1]
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '"' || c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			continue
		}
		if i++; i == len(body) {
			return "", false
		}
		switch c = body[i]; c {
		case '"', '\\', '/':
			out = append(out, c)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := license.HexRune(body, i+1)
			if !ok {
				return "", false
			}
			i += 4
			out, i = appendEscaped(out, body, i, r)
		default:
			return "", false
		}
	}
	return string(out), true
}

// appendEscaped appends the rune of a \u escape that ends at body[i]; a
// high surrogate takes the low half that follows it (returning the index
// of the pair's end), and a lone surrogate is written as its three bytes.
func appendEscaped(out, body []byte, i int, r rune) ([]byte, int) {
	if !utf16.IsSurrogate(r) {
		return utf8.AppendRune(out, r), i
	}
	if r < 0xDC00 && i+6 < len(body) && body[i+1] == '\\' && body[i+2] == 'u' {
		if low, ok := license.HexRune(body, i+3); ok && low >= 0xDC00 && low < 0xE000 {
			return utf8.AppendRune(out, utf16.DecodeRune(r, low)), i + 6
		}
	}
	return append(out, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F), i
}
