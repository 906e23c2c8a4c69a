package live_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/keygen/keygenfake"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// dumpKeygen saves every page of /licenses, /users, /policies and
// /products the way a user would with curl: cursor pages of size, in
// Keygen's default order, following links.next; it returns their glob.
func dumpKeygen(t *testing.T, api string, size int) string {
	t.Helper()
	dir := t.TempDir()
	lists := []string{"licenses", "users", "policies", "products"}
	for p := range 3 { // each generated policy's entitlements
		lists = append(lists, "policies/"+keygenfake.ID("policies", p)+"/entitlements")
	}
	for i, list := range lists {
		next := "/" + list + "?" + url.Values{"page[size]": {fmt.Sprint(size)}, "page[cursor]": {""}}.Encode()
		for n := 1; next != ""; n++ {
			body := getKeygen(t, api+strings.TrimPrefix(next, fakeAPI("keygen").Base))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("list%d-%03d.json", i, n)), body, 0o600); err != nil {
				t.Fatal(err)
			}
			var page struct {
				Links struct{ Next *string } `json:"links"`
			}
			if err := json.Unmarshal(body, &page); err != nil {
				t.Fatal(err)
			}
			next = ""
			if page.Links.Next != nil {
				next = *page.Links.Next
			}
		}
	}
	return filepath.Join(dir, "*.json")
}

func getKeygen(t *testing.T, u string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s %v", u, resp.StatusCode, body, err)
	}
	return body
}

// TestKeygenLiveEqualsDump: a Keygen account read live, and the same
// account dumped as its /licenses, /users, /policies and /products pages
// and each policy's /policies/{id}/entitlements (in Keygen's default
// order, pages of 40), land identical, with every owner's email, every
// policy's and product's name, and the entitlements of its policy (none
// is a known empty list).
func TestKeygenLiveEqualsDump(t *testing.T) {
	s := livefake.Generate(fakeAPI("keygen"), token, 250)
	keygenfake.Entitle(s, keygenfake.ID("policies", 0), "export", "Pro.Feature")
	api := start(t, s)
	src, _ := liveSource(t, "keygen", api, live.Options{})
	got := readAll(t, src)
	dump := readAll(t, fileSource(t, "keygen", dumpKeygen(t, api, 40)))
	if len(got.Errs) > 0 || len(dump.Errs) > 0 || len(got.Values) != 250 {
		t.Fatalf("live: %d records, errors %v; dump errors %v", len(got.Values), got.Errs, dump.Errs)
	}
	byKey(got.Values)
	byKey(dump.Values)
	if diff := cmp.Diff(dump.Values, got.Values); diff != "" {
		t.Errorf("live read differs from the dump (-dump +live):\n%s", diff)
	}
	codes := map[string]string{}
	for _, v := range got.Values {
		if v[providers.FEmail] == "" || v[providers.FPolicy] == "" || v[providers.FProduct] == "" {
			t.Fatalf("a license lost its joined data: %q", v)
		}
		codes[v[providers.FPolicyID]] = v[providers.FEntitlements]
	}
	want := map[string]string{keygenfake.ID("policies", 0): `["Pro.Feature","export"]`, keygenfake.ID("policies", 1): "[]", keygenfake.ID("policies", 2): "[]"}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("entitlement codes by policy (-want +got):\n%s", diff)
	}
}

// noPolicyLists is what a live read adds to the records of a file that
// holds no /policies/{id}/entitlements page: the policy's list, here
// empty, which the fixtures' fakes serve for every policy.
func noPolicyLists(values [][providers.NumFields]string) {
	for i := range values {
		values[i][providers.FEntitlements] = "[]"
	}
}

// TestKeygenListChangedWhileRead: a license deleted while the read is
// between two pages, where the next page's cursor names it, would end
// Keygen's cursor paging early (an empty page, no links.next): the read
// carries on after the license before it, so every license is read (the
// deleted one before it went), and the count agrees once the deleted
// ones are taken off. When the licenses before it on the page are
// deleted too, it carries on after the latest one left. Any other
// deletion of a license already read is refused by the count, naming
// both numbers.
func TestKeygenListChangedWhileRead(t *testing.T) {
	for _, tc := range []struct {
		name    string
		deleted []int // the licenses deleted, in creation order
		want    string
	}{
		{"cursor", []int{99}, ""},
		{"cursor and two before", []int{97, 98, 99}, ""},
		{"read already", []int{3}, "/licenses: the pages held 250 records, but Keygen counts 249"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := livefake.Generate(fakeAPI("keygen"), token, 250)
			gone := map[string]bool{}
			for _, i := range tc.deleted {
				gone[keygenfake.ID("licenses", i)] = true
			}
			deleted := false // requests come one at a time
			s.OnRequest = func(n int) {
				paths := s.Paths()
				if !deleted && strings.Contains(paths[n-1], "/licenses?") && strings.Contains(paths[n-1], "cursor%5D=0") {
					s.Update(func() {
						s.Licenses = slices.DeleteFunc(s.Licenses, func(l json.RawMessage) bool { return gone[licenseID(l)] })
					})
					deleted = true
				}
			}
			src, _ := liveSource(t, "keygen", start(t, s), live.Options{})
			got := readAll(t, src)
			if tc.want != "" {
				if len(got.Errs) != 1 || !strings.Contains(got.Errs[0], tc.want) {
					t.Errorf("errors %v, want one containing %q", got.Errs, tc.want)
				}
				return
			}
			if len(got.Errs) > 0 || len(got.Values) != 250 {
				t.Fatalf("%d records, errors %v; want 250 (those deleted were read before)", len(got.Values), got.Errs)
			}
			ids := map[string]bool{}
			for _, v := range got.Values {
				ids[v[providers.FID]] = true
			}
			for i := range 250 {
				if !ids[keygenfake.ID("licenses", i)] {
					t.Errorf("license %d was not read", i)
				}
			}
		})
	}
}

func licenseID(l json.RawMessage) string {
	var v struct{ ID string }
	_ = json.Unmarshal(l, &v)
	return v.ID
}

// TestKeygenAdminOwner: /users lists role "user" only unless asked, and
// an admin may own a license: the read asks for every user role, so the
// admin's email joins like any owner's.
func TestKeygenAdminOwner(t *testing.T) {
	s := livefake.Generate(fakeAPI("keygen"), token, 5)
	admin := keygenfake.ID("users", 999)
	s.Included["users/"+admin] = json.RawMessage(`{"id":"` + admin + `","type":"users","attributes":{"email":"root@example.com","role":"admin"}}`)
	s.Licenses[0] = json.RawMessage(strings.Replace(string(s.Licenses[0]), keygenfake.ID("users", 0), admin, 1))
	src, _ := liveSource(t, "keygen", start(t, s), live.Options{})
	got := readAll(t, src)
	if len(got.Errs) > 0 || len(got.Values) != 5 {
		t.Fatalf("%d records, errors %v", len(got.Values), got.Errs)
	}
	byKey(got.Values)
	if got.Values[0][providers.FEmail] != "root@example.com" {
		t.Errorf("the admin-owned license has email %q", got.Values[0][providers.FEmail])
	}
}
