package keygen_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers"
)

const (
	policyA = "8ed1a09f-bf6f-2efe-8c46-189a32e4d55c"
	policyB = "41c32302-581d-6da0-e5a4-d6f61a8bbbb7"
)

// entitlementPage is a /policies/{id}/entitlements page as Keygen
// answers it: entitlement resources, the policy only in links.self.
func entitlementPage(policy string, codes ...string) map[string]any {
	return listPage("policies", policy, codes...)
}

// listPage is owner type/id's entitlements list page.
func listPage(typ, id string, codes ...string) map[string]any {
	data := []any{}
	for _, c := range codes {
		data = append(data, map[string]any{"type": "entitlements", "id": "e-" + c, "attributes": map[string]any{"code": c, "name": c}})
	}
	return map[string]any{"data": data, "links": map[string]any{"self": "/v1/accounts/acme/" + typ + "/" + id + "/entitlements?page%5Bcursor%5D=&page%5Bsize%5D=100", "next": nil}}
}

// TestPolicyEntitlementPages: a license whose list page shows its
// entitlements only as a link takes its policy's list from the
// /policies/{id}/entitlements pages beside it (codes sorted); an empty
// page says the policy grants none; a license whose linkage lists its
// own keeps them, as does one whose /licenses/{id}/entitlements page
// lists them (Keygen's answer holds the policy's too); a policy whose
// list was not given leaves the codes
// unknown (the config policy's hold). A file holding two policies'
// lists, or a plain list and a policy's, is refused naming the
// relationship: each list needs its own file.
func TestPolicyEntitlementPages(t *testing.T) {
	pages := func(p map[string]map[string]any) {
		p["ents-a.json"] = entitlementPage(policyA, "sso", "EXPORT")
		p["ents-b.json"] = entitlementPage(policyB)
		lic := p["licenses-1.json"]["data"].([]any)[0].(map[string]any)
		lic["relationships"].(map[string]any)["entitlements"] = map[string]any{"data": []any{map[string]any{"type": "entitlements", "id": "e-sso"}}}
		second := p["licenses-1.json"]["data"].([]any)[1].(map[string]any)
		p["license-ents.json"] = listPage("licenses", second["id"].(string), "EXPORT", "sso", "Seat.Extra")
	}
	got := readGlob(listPages(t, pages), false)
	if len(got.Errs) > 0 || len(got.Values) != 25 {
		t.Fatalf("%d records, errors %v", len(got.Values), got.Errs)
	}
	count := map[string]int{}
	for _, v := range got.Values {
		count[v[providers.FPolicyID]+" "+v[providers.FEntitlements]]++
	}
	want := map[string]int{policyA + ` ["EXPORT","sso"]`: 12, policyA + ` ["EXPORT","Seat.Extra","sso"]`: 1, policyB + ` ["sso"]`: 1, policyB + " []": 11}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("licenses by policy and codes (-want +got):\n%s", diff)
	}
	onlyA := readGlob(listPages(t, func(p map[string]map[string]any) { p["ents-a.json"] = entitlementPage(policyA, "sso") }), false)
	for _, v := range onlyA.Values {
		if v[providers.FPolicyID] == policyB && v[providers.FEntitlements] != "" {
			t.Fatalf("a policy whose list was not read gave codes %q", v[providers.FEntitlements])
		}
	}
	two := listPages(t, func(p map[string]map[string]any) { p["ents-a.json"] = entitlementPage(policyA, "sso") })
	appendPage(t, two, "ents-a.json", entitlementPage(policyB))
	if errs := readGlob(two, false).Errs; len(errs) != 1 || !strings.Contains(errs[0], "its pages list the entitlements of different resources (links.self); give each resource's list its own file") {
		t.Errorf("two policies' lists in one file: %v", errs)
	}
	plain := listPages(t, nil) // a plain list's page, then a policy's list, in one file
	appendPage(t, plain, "users-1.json", entitlementPage(policyA, "sso"))
	if errs := readGlob(plain, false).Errs; len(errs) != 1 || !strings.Contains(errs[0], "its pages list the entitlements of different resources") {
		t.Errorf("a plain list and a policy's list in one file: %v", errs)
	}
}

// appendPage adds page after the JSON in the glob's file name, as
// cat page-1.json page-2.json > name makes one file of two pages.
func appendPage(t *testing.T, glob, name string, page map[string]any) {
	t.Helper()
	b, err := json.Marshal(page)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(filepath.Dir(glob), name), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(append([]byte("\n"), b...)); err != nil {
		t.Fatal(err)
	}
}
