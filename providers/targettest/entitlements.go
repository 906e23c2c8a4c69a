package targettest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// entitlementView is what the suite compares of entitlements: each
// policy's list and each license's own (nil: the policy's).
type entitlementView struct {
	Policies map[string][]string
	Licenses map[string][]string
}

func entitlementsOf(s *license.Snapshot) entitlementView {
	v := entitlementView{Policies: map[string][]string{}, Licenses: map[string][]string{}}
	for _, p := range s.Policies {
		v.Policies[p.ID] = p.Entitlements
	}
	for _, l := range s.Licenses {
		v.Licenses[string(l.Key)] = l.Entitlements
	}
	return v
}

// testEntitlements: a policy's entitlements and a license's own list (a
// longer one, an empty one) are created and attached, read back as
// written, and planning again shows no change; taking a license's own
// list away gives it its policy's again.
func testEntitlements(t *testing.T, target providers.Target) {
	d := Desired(Licenses())
	d.Policies[0].Entitlements = []string{"export", "render-farm"}
	d.Licenses[0].Entitlements = []string{"export", "render-farm", "sso"}
	d.Licenses[1].Entitlements = []string{}
	Converge(t, target, d, false)
	want := entitlementsOf(&license.Snapshot{Policies: []license.PolicyState{{Policy: d.Policies[0]}, {Policy: d.Policies[1]}}, Licenses: d.Licenses})
	if diff := cmp.Diff(want, entitlementsOf(Read(t, target))); diff != "" {
		t.Fatalf("stored entitlements differ (-want +got):\n%s", diff)
	}
	d = Desired(Licenses())
	d.Policies[0].Entitlements = []string{"export", "render-farm", "sso"}
	p := Converge(t, target, d, false)
	if p.Summary.Update != 3 {
		t.Fatalf("updates = %d, want 3 (the policy, two licenses back to its list)", p.Summary.Update)
	}
	want = entitlementsOf(&license.Snapshot{Policies: []license.PolicyState{{Policy: d.Policies[0]}, {Policy: d.Policies[1]}}, Licenses: d.Licenses})
	if diff := cmp.Diff(want, entitlementsOf(Read(t, target))); diff != "" {
		t.Fatalf("after the change (-want +got):\n%s", diff)
	}
}
