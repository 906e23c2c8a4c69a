package plan

import (
	"testing"

	"github.com/licentric/licentric-sync/license"
)

// TestEntitlementRequests: a list read, a create per code and an attach
// per change that sets a list; changes without entitlements cost none.
func TestEntitlementRequests(t *testing.T) {
	pol := &license.Policy{ID: "pro", Entitlements: []string{"export"}}
	own := &license.License{Key: "K1", Entitlements: []string{"export", "sso"}}
	none := &license.License{Key: "K2", Entitlements: []string{}}
	inherit := &license.License{Key: "K3"}
	changes := []Change{
		{Kind: KindPolicy, Action: Create, Policy: pol},
		{Kind: KindLicense, Action: Create, License: own},
		{Kind: KindLicense, Action: Create, License: none},
		{Kind: KindLicense, Action: Create, License: inherit},
		{Kind: KindLicense, Action: Update, License: inherit, Fields: []FieldDiff{{Field: "entitlements", Before: "sso", After: "(the policy's)"}}},
		{Kind: KindLicense, Action: Update, License: own, Fields: []FieldDiff{{Field: "name"}}},
	}
	if got, want := entitlementRequests(changes), 1+2+4; got != want {
		t.Errorf("requests = %d, want %d (a list, 2 codes, 4 attaches)", got, want)
	}
	if got := entitlementRequests(changes[3:4]); got != 0 {
		t.Errorf("a license with its policy's list costs %d requests, want 0", got)
	}
}
