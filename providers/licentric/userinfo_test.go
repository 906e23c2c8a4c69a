package licentric_test

import (
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/licentric"
)

// TestTargetURLPrintsWithoutUserinfo: a target URL with user:password@ is
// refused before any request (the one URL rule, httpx.CheckURL), and
// neither that error nor any other URL error carries the password.
func TestTargetURLPrintsWithoutUserinfo(t *testing.T) {
	for _, u := range []string{"https://ops:hunter2@api.example.com/api/v1", "ftp://ops:hunter2@api.example.com/"} {
		if _, err := licentric.New(u, "lk_test_x"); err == nil || strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "ops@") {
			t.Fatalf("%s: %v", u, err)
		}
	}
	tg, err := licentric.New("https://api.example.com/api/v1", "lk_test_x")
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	if d := tg.Capabilities().Description; d != "Licentric API https://api.example.com/api/v1" {
		t.Fatalf("description %q", d)
	}
}
