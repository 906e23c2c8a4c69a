package license

import (
	"strings"
	"unicode/utf8"
)

// JSONTextProblem says why JSON text cannot be decoded exactly, and what
// to do ("" when it can be): bytes that are not UTF-8, or a \u escape of a lone UTF-16
// surrogate (\ud800 with no low half after it, or a low half alone).
// encoding/json turns both into U+FFFD without a word, and a license
// would then differ from its source forever; callers refuse the row.
func JSONTextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "bytes that are not UTF-8 text (save the export as UTF-8)"
	}
	for i := strings.IndexByte(s, '\\'); i >= 0 && i+1 < len(s); {
		if s[i+1] == 'u' {
			if r, ok := HexRune(s, i+2); ok && r >= 0xD800 && r < 0xE000 {
				low, okLow := HexRune(s, i+8)
				if r >= 0xDC00 || !okLow || !strings.HasPrefix(s[i+6:], `\u`) || low < 0xDC00 || low >= 0xE000 {
					return `a lone UTF-16 surrogate escape (` + s[i:i+6] + `), half of a character (fix the value where it was written, then export again)`
				}
				i += 6 // the pair's low half is read with it
			}
		}
		next := strings.IndexByte(s[i+2:], '\\') // i+1 is the escaped byte
		if next < 0 {
			break
		}
		i += 2 + next
	}
	return ""
}

// HexRune reads the four hex digits of a \u escape at s[i:].
func HexRune[T string | []byte](s T, i int) (rune, bool) {
	if i < 0 || i+4 > len(s) {
		return 0, false
	}
	var r rune
	for j := i; j < i+4; j++ {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
