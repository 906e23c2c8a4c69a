package licentric_test

import (
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/licentric"
)

// TestTargetURLPrintsWithoutUserinfo: the target's description (the plan's
// Target line) and its URL errors never carry user:password@.
func TestTargetURLPrintsWithoutUserinfo(t *testing.T) {
	tg, err := licentric.New("https://ops:hunter2@api.example.com/api/v1", "lk_test_x")
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	if d := tg.Capabilities().Description; strings.Contains(d, "hunter2") || strings.Contains(d, "ops@") || d != "Licentric API https://api.example.com/api/v1" {
		t.Fatalf("description %q", d)
	}
	if _, err := licentric.New("ftp://ops:hunter2@api.example.com/", "lk_test_x"); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("the URL error: %v", err)
	}
}
