package plan

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
)

// TestEstimateAndQuotaLine: the estimate counts the read, the writes and
// the closing check, and the monthly quota line uses it, so a plan that
// changes nothing still says what its read cost (it said 0).
func TestEstimateAndQuotaLine(t *testing.T) {
	var have []license.License
	for i := 0; i < 250; i++ {
		have = append(have, license.License{Key: license.Key(fmt.Sprintf("K%04d", i)), Status: license.Active, Product: "app", Policy: "pro",
			Origin: license.Origin{Source: "s", Platform: "csv"}})
	}
	opts := Options{PageSize: 100, BatchSize: 500, RequestsPerMinute: 120, Limits: Limits{Tier: "starter", MonthlyRequests: 500000}}
	for _, tc := range []struct {
		name    string
		desired int
		want    Estimate
		line    string
	}{
		{"nothing to apply", 250, Estimate{Requests: 5, Read: 5, Seconds: 2.5, PerMinute: 120},
			"Active licenses: 250 now, 250 after this apply; an apply makes about 5 requests of the 500000 a month (this plan made 5); tier starter."},
		{"creates", 1300, Estimate{Requests: 5 + 3 + 15, Read: 5, Write: 3, Imports: 3, Check: 15, Seconds: 11.5, PerMinute: 120},
			"Active licenses: 250 now, 1300 after this apply; an apply makes about 23 requests of the 500000 a month (this plan made 5); tier starter."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []license.License
			for i := 0; i < tc.desired; i++ {
				want = append(want, license.License{Key: license.Key(fmt.Sprintf("K%04d", i)), Status: license.Active, Product: "app", Policy: "pro",
					Origin: license.Origin{Source: "s", Platform: "csv"}})
			}
			p, err := Compute(Desired{Licenses: want}, FromSnapshot(&license.Snapshot{Licenses: append([]license.License(nil), have...)}), opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, p.Estimate); diff != "" {
				t.Fatalf("estimate (-want +got):\n%s", diff)
			}
			if got := p.Account.Line(); got != tc.line {
				t.Fatalf("quota line:\n got %q\nwant %q", got, tc.line)
			}
		})
	}
}

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
