package httpx

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// minBase64Core is the shortest base64 run of a secret that is hidden: a
// shorter one would match ordinary text.
const minBase64Core = 16

// secretForms matches a secret as a server may echo it: as it is, or with
// any of its bytes URL-encoded (%2F or %2f, + for a space) or
// JSON-escaped (\u002f, \/), and as base64 in either alphabet at any
// alignment (a Basic Authorization header holding user:secret), so an
// error page quoting the request cannot carry the credential out in an
// encoded form.
func secretForms(secret string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?:")
	for _, r := range secret {
		ch := string(r)
		b.WriteString("(?:" + regexp.QuoteMeta(ch) + "|")
		for i := 0; i < len(ch); i++ {
			fmt.Fprintf(&b, `(?i:%%%02x)`, ch[i])
		}
		if r < 0x10000 {
			fmt.Fprintf(&b, `|(?i:\\u%04x)`, r)
		}
		switch r {
		case '/':
			b.WriteString(`|\\/`)
		case ' ':
			b.WriteString(`|\+`)
		}
		b.WriteString(")")
	}
	b.WriteString(")")
	for _, core := range base64Cores(secret) {
		b.WriteString("|" + regexp.QuoteMeta(core))
	}
	return regexp.MustCompile(b.String())
}

// base64Cores are the runs of base64 text that encode only bytes of the
// secret, whatever precedes it: for each of the three alignments, the
// whole groups of three bytes that lie inside it. At most two bytes at
// each end stay visible, never enough to use the secret.
func base64Cores(secret string) []string {
	var out []string
	for skip := 0; skip < 3 && skip < len(secret); skip++ {
		rest := secret[skip:]
		whole := rest[:len(rest)/3*3]
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			if core := enc.EncodeToString([]byte(whole)); len(core) >= minBase64Core {
				out = append(out, core)
			}
		}
	}
	return out
}

// scrubSecret replaces every form of secret in s.
func scrubSecret(s, secret string) string {
	switch {
	case secret == "":
		return s
	case !utf8.ValidString(secret): // not a token a server would encode: the raw form only
		return strings.ReplaceAll(s, secret, "[redacted]")
	}
	return secretForms(secret).ReplaceAllString(s, "[redacted]")
}
