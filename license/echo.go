package license

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// maxEchoed is the longest export value ever quoted in a message: a
// status, a date or a policy name is far shorter; anything longer is more
// likely a key, a token or a shifted row than a value to show.
const maxEchoed = 40

var (
	emailLike = regexp.MustCompile(`[^\s@]+@[^\s@]+`)
	dateish   = regexp.MustCompile(`^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T][0-9:.]+)?(Z|[+-]\d{2}:?\d{2})?$`)
)

// LooksSensitive reports whether a value read from an export could be a
// license key or personal data (an email address), or is longer than a
// value a message needs to quote. Such values are never echoed unless the
// user asked with --show-sensitive.
func LooksSensitive(s string) bool {
	s = strings.TrimSpace(s)
	switch {
	case len(s) > maxEchoed:
		return true
	case hasEmail(s):
		return true
	case dateish.MatchString(s):
		return false
	}
	return hasKeyToken(s)
}

// minKeyToken is the shortest run of key characters taken for a key.
const minKeyToken = 12

// hasKeyToken reports whether s holds a key-like token: a run of at least
// minKeyToken letters and digits, possibly grouped by - _ . / = +, with
// both digits and letters (how license keys look). Every run is tested,
// not only the whole value, so a key decorated as 'KEY', <KEY>, "KEY",
// (KEY) or key=KEY; is caught as well as a bare one.
func hasKeyToken(s string) bool {
	n, digit, letter := 0, false, false // the current run, from its first letter or digit
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			n, digit = n+1, true
		case isLetter(rune(c)):
			n, letter = n+1, true
		case isKeySeparator(c):
			if n > 0 {
				n++
			}
		default:
			if n >= minKeyToken && digit && letter {
				return true
			}
			n, digit, letter = 0, false, false
		}
	}
	return n >= minKeyToken && digit && letter
}

func isKeySeparator(c byte) bool { return strings.IndexByte("_.=+/-", c) >= 0 }

func notKeyChar(r rune) bool {
	return !isLetter(r) && !(r >= '0' && r <= '9') && (r >= 0x80 || !isKeySeparator(byte(r)))
}

// hasEmail reports an email-like run (x@y) anywhere in s; the @ is
// looked for first, as most values have none.
func hasEmail(s string) bool { return strings.IndexByte(s, '@') >= 0 && emailLike.MatchString(s) }

func isLetter(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }

// Short is Value without the explanation, for snippets of YAML to paste
// (a statuses: or rules: example), where the reference stands alone.
func (r Redactor) Short(s string) string {
	if !r.Show && LooksSensitive(s) {
		return Ref("value", s)
	}
	return r.Value(s)
}

// Value shows a value read from an export in a message: quoted as it is
// when it cannot be a secret or personal data (or Show is set), else as a
// reference that says why it is hidden. Long values are cut either way.
func (r Redactor) Value(s string) string {
	if !r.Show && LooksSensitive(s) {
		return Ref("value", s) + " (hidden: it looks like a key or personal data; --show-sensitive shows it)"
	}
	if len(s) > 200 {
		cut := 200
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return fmt.Sprintf("%q… (%d bytes)", s[:cut], len(s))
	}
	return fmt.Sprintf("%q", s)
}

// userinfo is the user:password@ part of a URL written in a text.
var userinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@"'<>]*@`)

// HideUserinfo removes the user:password@ of every URL in s: a URL is
// printed (a plan's Target line, an error quoting a request) where its
// credentials must not follow it.
func HideUserinfo(s string) string {
	if !strings.Contains(s, "@") || !strings.Contains(s, "://") {
		return s
	}
	return userinfo.ReplaceAllString(s, "$1")
}
