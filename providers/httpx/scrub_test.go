package httpx

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestScrubCatchesEncodedForms: a server that echoes the token
// URL-encoded, JSON-escaped or inside a Basic header does not leak it.
func TestScrubCatchesEncodedForms(t *testing.T) {
	const secret = "lk_live_Ab/Cd+Ef=Gh<Ij>&Kl Mn0123456789"
	js, _ := json.Marshal(secret) // escapes < > & as \u003c …
	basic := base64.StdEncoding.EncodeToString([]byte("user:" + secret))
	for name, echoed := range map[string]string{
		"raw":             secret,
		"query-escaped":   url.QueryEscape(secret),
		"path-escaped":    url.PathEscape(secret),
		"lowercase hex":   regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(url.QueryEscape(secret), strings.ToLower),
		"json-escaped":    strings.Trim(string(js), `"`),
		"slash escaped":   strings.ReplaceAll(secret, "/", `\/`),
		"basic header":    "Authorization: Basic " + basic,
		"base64 url":      base64.RawURLEncoding.EncodeToString([]byte("x" + secret)),
		"bearer anything": "Bearer abc.def",
	} {
		msg := `400 Bad Request: {"echo":"` + echoed + `"}`
		got := ScrubText(msg, secret)
		if !strings.Contains(got, "[redacted]") {
			t.Errorf("%s: nothing redacted in %s", name, got)
		}
		for _, part := range []string{"Ab/Cd", "Ab%2FCd", "Ab%2fCd", "Gh\\u003cIj", "0123456789", basic[8:24]} {
			if strings.Contains(got, part) {
				t.Errorf("%s: %q left in %s", name, part, got)
			}
		}
	}
	err := errors.New(`Get "https://user:pw@api.example.com/v1": EOF`)
	if got := Scrub(err, "").Error(); got != `Get "https://api.example.com/v1": EOF` {
		t.Errorf("userinfo kept: %s", got)
	}
	for _, odd := range []string{"tökén-ünïcode-0123456789", "bad\xff\xfeutf8-0123456789"} { // never panics
		if got := ScrubText("echo "+odd+" and "+url.QueryEscape(odd), odd); strings.Contains(got, odd) {
			t.Errorf("%q left in %s", odd, got)
		}
	}
	if got := ScrubText("echo "+url.QueryEscape("tökén-ünïcode-0123456789"), "tökén-ünïcode-0123456789"); got != "echo [redacted]" {
		t.Errorf("a non-ASCII token URL-encoded: %s", got)
	}
	if got := ScrubText("status 404: not found", secret); got != "status 404: not found" {
		t.Errorf("a text without the secret changed: %s", got)
	}
}
