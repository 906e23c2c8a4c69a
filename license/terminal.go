package license

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Printable returns s safe to print on a terminal: every control
// character is written as an escape (\n, \t, \x1b, \u009b), so a license
// name, a plan file's field or an export value cannot move the cursor,
// set the window title (OSC), hide text or fake a line of output. The
// controls are C0 (newline and tab included: a value never spans lines
// or table cells), DEL, C1, the bidirectional overrides that reorder
// what is shown (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), and bytes
// that are not UTF-8. Everything else, including a backslash, is left as
// it is. It is the one escape for human-readable output; JSON output uses
// EscapeJSONControls.
func Printable(s string) string {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return s // plain ASCII, the common case: no copy
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case isControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// PrintableLines is Printable for a text whose line breaks are its own
// (an error message with a hint on the next line): each line is escaped.
func PrintableLines(s string) string {
	if !strings.Contains(s, "\n") {
		return Printable(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Printable(l)
	}
	return strings.Join(lines, "\n")
}

// isControl reports a C1 control or a bidirectional formatting character.
func isControl(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// EscapeJSONControls rewrites, in encoded JSON, the characters
// encoding/json leaves raw although a terminal acts on them: DEL, C1
// controls and bidirectional overrides become \u escapes (encoding/json
// already escapes C0). JSON's structure is ASCII, so every such character
// is inside a string, and the document decodes to the same values. b is
// returned as it is when it holds none.
func EscapeJSONControls(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] < 0x7f {
		i++
	}
	if i == len(b) {
		return b
	}
	out := append(make([]byte, 0, len(b)+16), b[:i]...)
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == 0x7f || isControl(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}
