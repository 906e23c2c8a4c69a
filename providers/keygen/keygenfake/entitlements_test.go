package keygenfake_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers/keygen/keygenfake"
)

// TestKeygenFakePolicyEntitlements holds the "Entitlements" row: a
// policy's entitlements are a list of entitlement resources like the
// others (cursor pages, links.self the request's path, which names the
// policy; offset pages counted), empty for a policy with none, and a
// 404 for a policy that does not exist.
func TestKeygenFakePolicyEntitlements(t *testing.T) {
	s, get := keygenFake(t, 3)
	p0, p1 := keygenfake.ID("policies", 0), keygenfake.ID("policies", 1)
	s.Update(func() { keygenfake.Entitle(s, p0, "EXPORT", "Pro.Feature", "sso") })
	first := get("/policies/" + p0 + "/entitlements?page[size]=2&page[cursor]=&order=asc")
	if first.Status != 200 || len(first.Data) != 2 || first.Data[0].Type != "entitlements" || string(first.Links["next"]) == "null" {
		t.Fatalf("first cursor page: %+v", first)
	}
	var self string
	if json.Unmarshal(first.Links["self"], &self) != nil || !strings.HasPrefix(self, "/v1/accounts/acme/policies/"+p0+"/entitlements?") {
		t.Errorf("links.self %s does not name the policy's list", first.Links["self"])
	}
	counted := get("/policies/" + p0 + "/entitlements?page[size]=1&page[number]=1")
	var meta struct{ Count int }
	if raw, ok := counted.Links["meta"]; !ok || json.Unmarshal(raw, &meta) != nil || meta.Count != 3 {
		t.Fatalf("offset page's links.meta: %s", counted.Links["meta"])
	}
	none := get("/policies/" + p1 + "/entitlements?page[size]=100&page[cursor]=&order=asc")
	if diff := cmp.Diff([]int{200, 0}, []int{none.Status, len(none.Data)}); diff != "" || string(none.Links["next"]) != "null" {
		t.Errorf("a policy without entitlements (-want +got):\n%s links %v", diff, none.Links)
	}
	if missing := get("/policies/" + keygenfake.ID("policies", 9) + "/entitlements?page[size]=100&page[cursor]="); missing.Status != 404 {
		t.Errorf("an unknown policy answered %d, want 404", missing.Status)
	}
	if list := get("/policies?page[size]=100&page[cursor]=&order=asc"); len(list.Data) != 3 {
		t.Errorf("/policies lists %d, want the 3 policies and no join record", len(list.Data))
	}
}
