package targettest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/csvfile"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/verify"
)

// mappedConfig and mappedCSV are a small export as a user writes it:
// dates in two spellings, an override, metadata cells, statuses by name.
const mappedConfig = `version: 1
products: [{code: studio, name: Studio}]
policies:
  - {id: studio-yearly, product: studio, name: Studio Yearly, max_machines: 3, duration_days: 365}
sources:
  - name: shop
    platform: csv
    path: licenses.csv
    rules: [{policy: studio-yearly}]
`

const mappedCSV = `key,status,email,name,expires,max_machines,metadata
MAP-0001,active,a@example.com,Ann,2031-01-02,,"{""order"":7,""tags"":[""x""]}"
MAP-0005,active,e@example.com,,,,"{""a"":1.0,""b"":""\u00e9"",""c"":1e2}"
MAP-0004,active,d@example.com,"Zoë <Ops> & Co",,,"{""a"":1.0,""b"":1e2,""c"":""\u00e9"",""d"":""<&>"",""e"":{""z"":1,""y"":[1.50,""\u2028""]}}"
MAP-0002,suspended,b@example.com,,2031-01-02T10:00:00Z,5,
map-0001,active,,,,,"{""z"":true,""a"":null}"
MAP-0003,expired,c@example.com,Cy,2020-05-01T00:00:00.123Z,,
`

// mappedDesired builds the desired state through the config, the CSV
// reader and the mapping, exactly as a plan does.
func mappedDesired(t *testing.T) plan.Desired {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"licentric.yaml": mappedConfig, "licenses.csv": mappedCSV} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := registry.Default().Config().Load(filepath.Join(dir, "licentric.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src := csvfile.New(cfg.Sources[0], cfg.Dir)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	res := mapping.Build(context.Background(), cfg, []providers.Source{src}, now)
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	return plan.Desired{Products: cfg.Products, Policies: cfg.Policies, Licenses: res.Licenses}
}

// testMapped converges on licenses built through the mapping and checks
// that verify, which compares field by field, agrees.
func testMapped(t *testing.T, target providers.Target) {
	d := mappedDesired(t)
	Converge(t, target, d, false)
	cur, err := target.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, err := verify.Compare(slices.Clone(d.Licenses), cur, plan.Options{Prune: true})
	if err != nil || len(c.Problems) > 0 || c.Matched != len(d.Licenses) {
		t.Fatalf("verify after apply: matched %d of %d, problems %+v, err %v", c.Matched, len(d.Licenses), c.Problems, err)
	}
}

// testLicenseOrder holds the Apply contract: catalog changes in the order
// given, license changes in any order. The license part of a mixed plan is
// applied reversed, and the result must equal applying it as planned.
func testLicenseOrder(t *testing.T, target providers.Target) {
	ls := Licenses()
	Converge(t, target, Desired(ls[:3]), false)
	next := Licenses()
	next[0].UserName, next[1].Status = "Renamed", license.Active // aaaa-1111 was suspended
	p := Plan(t, target, Desired(next), false)
	first := slices.IndexFunc(p.Changes, func(c plan.Change) bool { return c.Kind == plan.KindLicense })
	slices.Reverse(p.Changes[first:])
	if err := target.Apply(context.Background(), p.Changes, nil); err != nil {
		t.Fatalf("apply with licenses reversed: %v", err)
	}
	if again := Plan(t, target, Desired(next), false); !again.Empty() {
		t.Fatalf("after applying licenses in reverse order, a re-plan shows %d changes, first %+v", len(again.Changes), again.Changes[0])
	}
}
