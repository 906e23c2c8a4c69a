package mapping

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
)

// TestEntitlementsMapped: codes are renamed by the source's table, a
// license whose list is its policy's keeps none of its own, an empty
// list is none, a JSON list may hold commas, and a code Licentric
// cannot take without a rename is a located row error proposing one.
func TestEntitlementsMapped(t *testing.T) {
	cfg := testConfig("keygen", []config.Rule{{Policy: "yearly"}}, nil)
	cfg.Policies[0].Entitlements = []string{"export", "sso"}
	cfg.Sources[0].Entitlements = map[string]string{"EXPORT": "export", "Render, Farm": "render-farm"}
	recs := []*providers.Record{
		rec(2, "key", "K1", "entitlements", "EXPORT, sso"),
		rec(3, "key", "K2", "entitlements", `["EXPORT","Render, Farm"]`),
		rec(4, "key", "K3", "entitlements", ""),
		rec(5, "key", "K4"),
	}
	res := Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: "keygen", recs: recs}}, now)
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, l := range res.Licenses {
		got[string(l.Key)] = l.Entitlements
	}
	want := map[string][]string{"K1": nil, "K2": {"export", "render-farm"}, "K3": {}, "K4": nil}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	bad := []*providers.Record{rec(7, "key", "K5", "entitlements", "sso, Pro.Feature")}
	res = Build(context.Background(), cfg, []providers.Source{&fakeSource{name: "src", platform: "keygen", recs: bad}}, now)
	err := res.Err()
	if err == nil || !strings.Contains(err.Error(), `exports/x.csv:7: entitlements: entitlement code "Pro.Feature" is not lowercase`) ||
		!strings.Contains(err.Error(), `rename it on source src: entitlements: { "Pro.Feature": "pro_feature" }`) {
		t.Fatalf("unmappable code: %v", err)
	}
}
