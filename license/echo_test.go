package license

import (
	"strings"
	"testing"
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
