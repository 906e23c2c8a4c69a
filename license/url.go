package license

import (
	"regexp"
	"strings"
)

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
