package license

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLooksSensitive(t *testing.T) {
	for s, want := range map[string]bool{
		"active": false, "Suspended": false, "paused": false, "Pro (Annual)": false, "2024-05-24": false,
		"03/04/2024": false, "2024-05-24T14:15:07.123Z": false, "unlimited": false, "3": false, "license.user.email": false,
		"Customer Email":          false,
		"victim02@example.com":    true,
		"a@b":                     true,
		"DSK-7F3A-19C2-88B0-4E1D": true,
		"C75CFD-906CDF-BC5909-64B212-9D3FD6-33F441": true,
		"key/eyJhIjoxfQ==.c2ln":                     true,
		strings.Repeat("x", 41):                     true,
		// decorated keys: quoted, bracketed or assigned as a shifted row
		// or a pasted value shows them
		"'DSK-7F3A-19C2-88B0-4E1D'": true,
		"<DSK-7F3A-19C2-88B0-4E1D>": true,
		`"DSK-7F3A-19C2-88B0-4E1D"`: true,
		"(DSK7F3A19C288B0)":         true,
		"key=DSK7F3A19C288B0;":      true,
		"-DSK7F3A19C288B0":          true,
		"Pro (Annual) 2024":         false,
		"Gold plan, 3 seats":        false,
	} {
		if got := LooksSensitive(s); got != want {
			t.Errorf("LooksSensitive(%q) = %v, want %v", s, got, want)
		}
	}
	r := Redactor{}
	if got := r.Value("victim@example.com"); strings.Contains(got, "victim") || !strings.HasPrefix(got, "value:") {
		t.Fatalf("Value leaks: %s", got)
	}
	if got := (Redactor{Show: true}).Value("victim@example.com"); got != `"victim@example.com"` {
		t.Fatalf("Show must reveal: %s", got)
	}
	if got := r.Value("paused"); got != `"paused"` {
		t.Fatalf("a status word is shown as it is: %s", got)
	}
}

func TestHideUserinfo(t *testing.T) {
	for in, want := range map[string]string{
		"Licentric API https://user:pa55@api.example.com/api/v1": "Licentric API https://api.example.com/api/v1",
		`Get "http://admin:xxxxx@127.0.0.1:9/x": refused`:        `Get "http://127.0.0.1:9/x": refused`,
		"https://token@host/a and HTTP://u:p@h2/":                "https://host/a and HTTP://h2/",
		"https://host/users/a@b.com":                             "https://host/users/a@b.com",
		"mail victim@example.com at https://host/":               "mail victim@example.com at https://host/",
		"no url at all": "no url at all",
	} {
		if diff := cmp.Diff(want, HideUserinfo(in)); diff != "" {
			t.Errorf("HideUserinfo(%q) (-want +got):\n%s", in, diff)
		}
	}
}
