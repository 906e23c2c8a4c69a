package sandbox_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// TestAuthIsPerRoute: only POST /licenses/validate-key goes without an
// API key; GET, PATCH and DELETE on that path reach the {id} routes and
// must be authenticated like them.
func TestAuthIsPerRoute(t *testing.T) {
	a := start(t, sandbox.Options{})
	a.key = ""
	for _, method := range []string{"GET", "PATCH", "DELETE"} {
		if resp, body := a.do(method, "/licenses/validate-key", map[string]any{"name": "x"}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s /licenses/validate-key without a key: HTTP %d %v, want 401", method, resp.StatusCode, body)
		}
	}
	if resp, _ := a.do("POST", "/licenses/validate-key", map[string]any{"key": "NOPE"}); resp.StatusCode != http.StatusOK {
		t.Errorf("POST validate-key is public: HTTP %d", resp.StatusCode)
	}
	if resp, _ := a.do("GET", "/licenses", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /licenses without a key: HTTP %d", resp.StatusCode)
	}
}

// TestCheckAPIKey: a serve key is lk_test_ and 16+ safe characters.
func TestCheckAPIKey(t *testing.T) {
	for key, want := range map[string]string{
		"lk_test_0123456789abcdef":   "",
		"lk_test_AbC-_0123456789xyz": "",
		"lk_test_":                   "too short",
		"lk_test_secret":             "too short",
		"lk_live_0123456789abcdef":   "never accepts live keys",
		"0123456789abcdef0123":       "never accepts live keys",
		"lk_test_0123456789abcdef\n": "only letters",
	} {
		err := sandbox.CheckAPIKey(key)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("%q: %v, want %q", key, err, want)
		}
	}
}

// TestRenewPastCapRefused: renewing (or reinstating) an expired license
// adds an active one, so at the tier's cap it is refused as a create is;
// reinstating a suspended one (already counted) is not.
func TestRenewPastCapRefused(t *testing.T) {
	store, err := local.Open(filepath.Join(t.TempDir(), "s.db"), "s.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	store.ActiveCap = 2
	srv := httptest.NewServer(sandbox.New(store, sandbox.Options{}).Handler())
	defer srv.Close()
	a := &api{t: t, url: srv.URL + "/api/v1", key: "lk_test_caps"}
	productID, policyID := a.catalog()
	var rows []map[string]any
	for k, st := range map[string]string{"R-1": "active", "R-2": "suspended", "R-3": "expired", "R-4": "expired"} {
		rows = append(rows, map[string]any{"key": k, "status": st, "productId": productID, "policyId": policyID})
	}
	_, out := a.do("POST", "/migrations/import", map[string]any{"licenses": rows})
	ids := map[string]string{}
	for _, r := range out["data"].(map[string]any)["results"].([]any) {
		l := r.(map[string]any)["license"].(map[string]any)
		ids[l["key"].(string)] = l["id"].(string)
	}
	for _, action := range []string{"renew", "reinstate"} {
		resp, body := a.do("POST", "/licenses/"+ids["R-3"]+"/"+action, nil)
		if resp.StatusCode != http.StatusForbidden || body["code"] != "PLAN_LIMIT_REACHED" {
			t.Errorf("%s an expired license at the cap: HTTP %d %v", action, resp.StatusCode, body)
		}
	}
	if _, l := a.do("GET", "/licenses/"+ids["R-3"], nil); l["data"].(map[string]any)["status"] != "expired" {
		t.Errorf("the refused renewal changed the license: %v", l)
	}
	a.do("POST", "/licenses/"+ids["R-1"]+"/suspend", nil)
	if resp, body := a.do("POST", "/licenses/"+ids["R-2"]+"/reinstate", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("reinstating a suspended license (already counted) at the cap: HTTP %d %v", resp.StatusCode, body)
	}
	a.do("DELETE", "/licenses/"+ids["R-1"], nil)
	if resp, body := a.do("POST", "/licenses/"+ids["R-4"]+"/renew", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("renewing below the cap: HTTP %d %v", resp.StatusCode, body)
	}
}
