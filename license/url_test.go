package license

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

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
