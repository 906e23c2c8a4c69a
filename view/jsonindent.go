package view

import "bytes"

// maxIndentDepth is how many levels of a row `list --format json`
// indents; anything nested deeper is written compact. Indenting costs
// its depth in spaces on every line, so metadata nested 40,000 deep (80
// KB) printed as 200 MB a license; bounded so, a row costs about its own
// size whatever it holds.
const maxIndentDepth = 8

// indentShallow is json.Indent(dst, src, prefix, indent) for compact,
// valid JSON src, but only for the first maxIndentDepth levels.
func indentShallow(dst *bytes.Buffer, src []byte, prefix, indent string) {
	depth, inString, escaped := 0, false, false
	newline := func(d int) {
		dst.WriteByte('\n')
		dst.WriteString(prefix)
		for range d {
			dst.WriteString(indent)
		}
	}
	for i, c := range src {
		if inString {
			dst.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			dst.WriteByte(c)
		case '{', '[':
			dst.WriteByte(c)
			depth++
			if depth <= maxIndentDepth && i+1 < len(src) && src[i+1] != '}' && src[i+1] != ']' {
				newline(depth)
			}
		case '}', ']':
			if depth <= maxIndentDepth && i > 0 && src[i-1] != '{' && src[i-1] != '[' {
				newline(depth - 1)
			}
			depth--
			dst.WriteByte(c)
		case ',':
			dst.WriteByte(c)
			if depth <= maxIndentDepth {
				newline(depth)
			}
		case ':':
			dst.WriteByte(c)
			if depth <= maxIndentDepth {
				dst.WriteByte(' ')
			}
		default:
			dst.WriteByte(c)
		}
	}
}
