package keygen_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/keygen"
	"github.com/licentric/licentric-sync/providers/readertest"
)

// listPages splits testdata/api-page.json (25 licenses with their owners
// and policies included) into what Keygen's API really answers: license
// pages without "included", joined to the /users and /policies pages by
// relationship ids. change edits the pages by name before they are
// written; the glob of the written files is returned.
func listPages(t *testing.T, change func(pages map[string]map[string]any)) string {
	t.Helper()
	raw, err := os.ReadFile("testdata/api-page.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Data     []any            `json:"data"`
		Included []map[string]any `json:"included"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	byType := map[string][]any{}
	for _, r := range doc.Included {
		byType[r["type"].(string)] = append(byType[r["type"].(string)], r)
	}
	next := "/v1/accounts/acme/licenses?page%5Bcursor%5D=" + doc.Data[12].(map[string]any)["id"].(string) + "&page%5Bsize%5D=13"
	pages := map[string]map[string]any{
		"licenses-1.json": {"data": doc.Data[:13], "links": map[string]any{"self": "/v1/accounts/acme/licenses?page%5Bcursor%5D=&page%5Bsize%5D=13", "next": next}},
		"licenses-2.json": {"data": doc.Data[13:], "links": map[string]any{"self": next, "next": nil}},
		"users-1.json":    {"data": byType["users"], "links": map[string]any{"self": "/v1/accounts/acme/users?page%5Bcursor%5D=&page%5Bsize%5D=100", "next": nil}},
		"policies-1.json": {"data": byType["policies"], "links": map[string]any{"self": "/v1/accounts/acme/policies?page%5Bcursor%5D=&page%5Bsize%5D=100", "next": nil}},
	}
	if change != nil {
		change(pages)
	}
	dir := t.TempDir()
	for name, page := range pages {
		b, err := json.MarshalIndent(page, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "*.json")
}

func readGlob(glob string, optional bool) readertest.Stream {
	return readertest.Collect(keygen.New(config.Source{Name: "k", Platform: "keygen", Path: glob, Glob: glob, OwnersOptional: optional},
		filepath.Dir(glob)), glob)
}

// TestListPagesJoined: the /licenses pages and the /users and /policies
// pages given in one glob read as the same licenses as one page with
// everything included: every owner's email and every policy's name,
// although the glob lists the licenses before the users.
func TestListPagesJoined(t *testing.T) {
	want := readertest.Collect(keygen.New(config.Source{Name: "k", Platform: "keygen", Glob: mustAbs(t, "testdata/api-page.json")}, "."), "api-page.json")
	got := readGlob(listPages(t, nil), false)
	if len(got.Errs) > 0 || len(got.Warnings) > 0 || len(got.Values) != 25 {
		t.Fatalf("%d records, errors %v, warnings %v", len(got.Values), got.Errs, got.Warnings)
	}
	if diff := cmp.Diff(want.Values, got.Values); diff != "" {
		t.Errorf("joined pages differ from the included page (-included +joined):\n%s", diff)
	}
	for _, v := range got.Values {
		if v[providers.FEmail] == "" || v[providers.FPolicy] == "" {
			t.Fatalf("a license lost its owner or policy: %q", v)
		}
	}
}

// TestDanglingRelations: a license whose owner or policy is not among
// the pages read is a row error naming it (and is not read); owners:
// optional makes a missing owner a warning; a license with no owner at
// all is read either way.
func TestDanglingRelations(t *testing.T) {
	dropUser := func(pages map[string]map[string]any) {
		users := pages["users-1.json"]["data"].([]any)
		pages["users-1.json"]["data"] = users[1:] // the owner of the first license
		lic := pages["licenses-1.json"]["data"].([]any)[1].(map[string]any)
		lic["relationships"].(map[string]any)["owner"] = map[string]any{"data": nil} // ownerless: fine
	}
	got := readGlob(listPages(t, dropUser), false)
	want := []string{"licenses-1.json:3: license 3290b028-66d0-97eb-4239-e4b4dfce6ae2 names its owner users/5f88f5d2-aa10-a9b4-4a8f-3fe001dccbb2, " +
		"not among the users, policies and products read; Keygen names them only by id: give the /users, /policies and /products pages " +
		"beside the licenses in path:, or set owners: optional if the account has licenses whose owner was deleted"}
	if diff := cmp.Diff(want, trimDirs(got.Errs)); diff != "" || len(got.Values) != 24 {
		t.Errorf("%d records; errors (-want +got):\n%s", len(got.Values), diff)
	}
	got = readGlob(listPages(t, dropUser), true)
	if len(got.Errs) > 0 || len(got.Values) != 25 || len(got.Warnings) != 1 ||
		!strings.HasPrefix(got.Warnings[0], "1 licenses name an owner that is not in the /users pages beside the licenses") {
		t.Errorf("owners: optional: %d records, errors %v, warnings %v", len(got.Values), got.Errs, got.Warnings)
	}
	dropPolicy := func(pages map[string]map[string]any) { delete(pages, "policies-1.json") }
	got = readGlob(listPages(t, dropPolicy), true)
	if len(got.Errs) != 25 || len(got.Values) != 0 || !strings.Contains(got.Errs[0], "names its policy policies/") {
		t.Errorf("missing policies, owners: optional: %d records, errors %v", len(got.Values), got.Errs)
	}
}

func trimDirs(errs []string) []string {
	var out []string
	for _, e := range errs {
		out = append(out, filepath.Base(strings.SplitN(e, " ", 2)[0])+" "+strings.SplitN(e, " ", 2)[1])
	}
	return out
}

func mustAbs(t *testing.T, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(fmt.Errorf("abs: %w", err))
	}
	return abs
}

// TestOwnerNamePartsKeptExactly: an owner without a full name gives its
// first and last name as they are, spaces included, for the mapping to
// join; the reader trims nothing (only an email is trimmed, by mapping).
func TestOwnerNamePartsKeptExactly(t *testing.T) {
	spaced := func(pages map[string]map[string]any) {
		for _, u := range pages["users-1.json"]["data"].([]any) {
			attrs := u.(map[string]any)["attributes"].(map[string]any)
			delete(attrs, "fullName")
			attrs["firstName"], attrs["lastName"] = "  Åsa ", "Lima  "
		}
	}
	got := readGlob(listPages(t, spaced), false)
	if len(got.Errs) > 0 || len(got.Values) != 25 {
		t.Fatalf("%d records, errors %v", len(got.Values), got.Errs)
	}
	for _, v := range got.Values {
		if v[providers.FEmail] == "" {
			continue // an ownerless license
		}
		if v[providers.FFirstName] != "  Åsa " || v[providers.FLastName] != "Lima  " || v[providers.FUserName] != "" {
			t.Fatalf("name parts %q / %q (user_name %q): want them as Keygen holds them", v[providers.FFirstName], v[providers.FLastName], v[providers.FUserName])
		}
	}
}
