package tabular

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestListOfLinks: a page lists one resource's relationship only when
// its links.self ends /{type}/{id}/{relationship} naming one of the
// source's lists; a plain list (the account's /users) or a list the
// platform does not name (here a license's) is not taken for one.
func TestListOfLinks(t *testing.T) {
	s := &Source{spec: Spec{Related: []string{"users", "policies", "products", "entitlements"}, Lists: []string{"policies/entitlements"}}}
	for _, tc := range []struct {
		self string
		want listKey
		ok   bool
	}{
		{"/v1/accounts/acme/policies/p-1/entitlements?page%5Bcursor%5D=&page%5Bsize%5D=100", listKey{"policies", "p-1", "entitlements"}, true},
		{"https://api.keygen.sh/v1/accounts/acme/policies/8ed1a09f-bf6f-2efe-8c46-189a32e4d55c/entitlements/", listKey{"policies", "8ed1a09f-bf6f-2efe-8c46-189a32e4d55c", "entitlements"}, true},
		{"/v1/policies/p%2F1/entitlements", listKey{}, false}, // an id holding a slash cannot be told from the path
		{"/v1/accounts/acme/users?page%5Bcursor%5D=", listKey{}, false},
		{"/v1/accounts/acme/licenses/l-1/entitlements", listKey{}, false},
		{"/v1/accounts/acme/policies/p-1/policies", listKey{}, false},
		{"/entitlements", listKey{}, false},
		{"", listKey{}, false},
	} {
		raw, _ := json.Marshal(map[string]string{"self": tc.self})
		got, ok := s.listOfLinks(raw)
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(listKey{})); diff != "" || ok != tc.ok {
			t.Errorf("%s: ok %v, want %v (-want +got):\n%s", tc.self, ok, tc.ok, diff)
		}
	}
}
