package keygen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/providers"
)

// TestEntitlementFinding: the warning that entitlements attached to
// single licenses were not read comes when licenses took their policy's
// list and the account uses entitlements, with the count and the cost
// of reading them; an account without any hears nothing.
func TestEntitlementFinding(t *testing.T) {
	fromPolicy := func(codes string) *providers.Record {
		r := &providers.Record{Columns: policyEntitlementsColumns}
		r.Put(providers.FEntitlements, codes)
		return r
	}
	own := &providers.Record{Columns: jsonAPIColumns}
	own.Put(providers.FEntitlements, `["a"]`)
	for _, tc := range []struct {
		name    string
		c       entitlementCheck
		records []*providers.Record
		want    string
	}{
		{"granted by a policy", entitlementCheck{live: true}, []*providers.Record{fromPolicy(`["a"]`), fromPolicy("[]")},
			"2 licenses took their policy's entitlements as Keygen lists them (GET /policies/{id}/entitlements); entitlements attached to single licenses are listed only one license at a time (GET /licenses/{id}/entitlements: 2 more requests)"},
		{"none granted, renames given", entitlementCheck{live: true, renames: true}, []*providers.Record{fromPolicy("[]")}, "1 licenses took their policy's"},
		{"no entitlements anywhere", entitlementCheck{live: true}, []*providers.Record{fromPolicy("[]"), fromPolicy("[]")}, ""},
		{"own linkage from a dump", entitlementCheck{renames: true}, []*providers.Record{own}, ""},
		{"no policy list read", entitlementCheck{live: true, renames: true}, []*providers.Record{{}}, "the read listed no policy's entitlements"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range tc.records {
				tc.c.check(r)
			}
			got := tc.c.finding()
			if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) {
				t.Errorf("finding %q, want it to start %q", got, tc.want)
			}
		})
	}
	if diff := cmp.Diff([]bool{true, false}, []bool{fromPolicyList(fromPolicy("[]")), fromPolicyList(own)}); diff != "" {
		t.Errorf("fromPolicyList (-want +got):\n%s", diff)
	}
}
