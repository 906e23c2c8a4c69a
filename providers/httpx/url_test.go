package httpx_test

import (
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/httpx"
)

// TestCheckURL: the one rule config, init --api and the target share.
func TestCheckURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://api.cryptlex.com/v3":           "",
		"http://127.0.0.1:8080/v1":              "",
		"http://localhost/v1":                   "",
		"http://[::1]:9/v1":                     "",
		"http://example.com/v3":                 "not an https:// URL",
		"http://10.0.0.1/v3":                    "not an https:// URL",
		"ftp://example.com/":                    "not an https:// URL",
		"api.cryptlex.com/v3":                   "not an https:// URL",
		"https://me:secret@api.cryptlex.com/v3": "holds credentials",
		"https://me@api.cryptlex.com/v3":        "holds credentials",
		"https://api.cryptlex.com/v3?token=abc": "query or fragment",
		"https://api.cryptlex.com/v3?":          "query or fragment",
		"https://api.cryptlex.com/v3#frag":      "query or fragment",
		"http://127.0.0.1/v1#x":                 "query or fragment",
	} {
		err := httpx.CheckURL(raw)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: refused: %v", raw, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: got %v, want %q", raw, err, want)
		case err != nil && strings.Contains(err.Error(), "secret"):
			t.Errorf("%s: the error quotes the URL: %v", raw, err)
		}
	}
}
