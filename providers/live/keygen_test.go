package live_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/live"
	"github.com/licentric/licentric-sync/providers/live/livefake"
)

// dumpKeygen saves every page of /licenses, /users, /policies and
// /products the way a user would with curl: cursor pages of size, in
// Keygen's default order, following links.next; it returns their glob.
func dumpKeygen(t *testing.T, api string, size int) string {
	t.Helper()
	dir := t.TempDir()
	for _, list := range []string{"licenses", "users", "policies", "products"} {
		next := "/" + list + "?" + url.Values{"page[size]": {fmt.Sprint(size)}, "page[cursor]": {""}}.Encode()
		for n := 1; next != ""; n++ {
			body := getKeygen(t, api+strings.TrimPrefix(next, livefake.Base("keygen")))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%03d.json", list, n)), body, 0o600); err != nil {
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
// (in Keygen's default order, pages of 40), land identical, with every
// owner's email and every policy's and product's name.
func TestKeygenLiveEqualsDump(t *testing.T) {
	s := livefake.Generate("keygen", token, 250)
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
	for _, v := range got.Values {
		if v[providers.FEmail] == "" || v[providers.FPolicy] == "" || v[providers.FProduct] == "" {
			t.Fatalf("a license lost its joined data: %q", v)
		}
	}
}

// TestKeygenListChangedWhileRead: a license deleted while the read is
// between two pages, where the next page's cursor names it, ends
// Keygen's cursor paging early (an empty page, no links.next); the
// count asked after the read shows it and the read is refused naming
// both numbers. A deletion elsewhere is refused the same way.
func TestKeygenListChangedWhileRead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		index int // the license deleted, in creation order
		want  string
	}{
		{"cursor", 99, "/licenses: the pages held 100 records, but Keygen counts 249"},
		{"read already", 3, "/licenses: the pages held 250 records, but Keygen counts 249"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := livefake.Generate("keygen", token, 250)
			deleted := false // requests come one at a time
			s.OnRequest = func(n int) {
				paths := s.Paths()
				if !deleted && strings.Contains(paths[n-1], "/licenses?") && strings.Contains(paths[n-1], "cursor%5D=0") {
					s.Update(func() { s.Licenses = append(s.Licenses[:tc.index:tc.index], s.Licenses[tc.index+1:]...) })
					deleted = true
				}
			}
			src, _ := liveSource(t, "keygen", start(t, s), live.Options{})
			got := readAll(t, src)
			if len(got.Errs) != 1 || !strings.Contains(got.Errs[0], tc.want) {
				t.Errorf("errors %v, want one containing %q", got.Errs, tc.want)
			}
		})
	}
}
