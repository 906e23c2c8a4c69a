package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckPlatform: each sample export is accepted by its own platform
// and refused by every other one, naming the right platform; a generic
// export is refused by none.
func TestCheckPlatform(t *testing.T) {
	own := map[string]string{
		"keygen-dashboard.csv": "keygen", "keygen-api-page.json": "keygen",
		"cryptlex-licenses.json": "cryptlex", "lemonsqueezy-export.csv": "lemonsqueezy", "quickstart.csv": "",
	}
	for file, want := range own {
		for _, platform := range []string{"keygen", "cryptlex", "lemonsqueezy", "csv"} {
			path := filepath.Join("testdata", file)
			err := CheckPlatform(platform, []string{path}, func(s string) string { return s })
			switch {
			case want == "" || want == platform:
				if err != nil {
					t.Errorf("%s as %s: refused: %v", file, platform, err)
				}
			case err == nil:
				t.Errorf("%s as %s: accepted, want refused as a %s export", file, platform, want)
			case !strings.Contains(err.Error(), "run init with --platform "+want) || !strings.Contains(err.Error(), path):
				t.Errorf("%s as %s: %v; want it to name the file and --platform %s", file, platform, err, want)
			}
		}
	}
}

// TestJSONShapes: the JSON shapes that name a platform, read no further
// than needed.
func TestJSONShapes(t *testing.T) {
	cases := map[string]struct{ json, want string }{
		"meta before data":    {`{"meta": {"count": 1}, "links": {}, "data": [{"type": "licenses", "id": "1"}]}`, "keygen"},
		"one resource":        {`{"data": {"id": "1", "attributes": {}, "type": "license-keys"}}`, "lemonsqueezy"},
		"license API answer":  {`{"valid": true, "license_key": {"id": 1}, "meta": {}}`, "lemonsqueezy"},
		"bare array":          {`[{"key": "K", "allowedActivations": 1, "licenseTemplateName": "x"}]`, "cryptlex"},
		"unknown type":        {`{"data": [{"type": "orders"}]}`, ""},
		"generic array":       {`[{"key": "K", "email": "a@example.com", "max_machines": 3}]`, ""},
		"cut short":           {`{"data": [{"type": `, ""},
		"empty data":          {`{"data": []}`, ""},
		"not an object first": {`[1, 2]`, ""},
	}
	for name, c := range cases {
		path := filepath.Join(t.TempDir(), "x.json")
		if err := os.WriteFile(path, []byte(c.json), 0o600); err != nil {
			t.Fatal(err)
		}
		scores, err := resemblance(path, "x.json")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, _ := otherPlatform("csv", scores)
		if got.Platform != c.want {
			t.Errorf("%s: looks like %q, want %q", name, got.Platform, c.want)
		}
	}
}
