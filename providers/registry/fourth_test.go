package registry_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// acme is a fourth platform, described the way the real ones are: what a
// new platform's package would export. Registering it is one line.
var acme = platform.Platform{
	Name:  "acme",
	Title: "Acme",
	Export: tabular.Spec{Aliases: map[providers.Field][]string{
		providers.FKey: {"serial"}, providers.FEmail: {"mail"}, providers.FStatus: {"state"},
	}},
	Statuses: map[string]license.Status{"live": license.Active, "paused": license.Suspended},
	Checks: platform.Checks{RevokeReversible: true, Key: func(key string) error {
		if strings.HasPrefix(key, "DEMO-") {
			return errors.New("holds a demo key")
		}
		return nil
	}},
	API: &platform.API{APIRules: config.APIRules{DefaultURL: "https://api.acme.test/v1"}, TokenEnv: "ACME_TOKEN",
		Live: platform.Live{Accept: acmeMedia, Host: "acme.test", Rate: platform.Rate{Requests: 2, Per: time.Second},
			Pages: acmePages, Fake: acmeFake}},
}

const acmeConfig = `version: 1
products: [{code: app, name: App}]
policies: [{id: basic, product: app, name: Basic, max_machines: 1}]
sources:
  - name: shop
    platform: acme
    path: licenses.csv
    rules: [{policy: basic}]
`

// TestFourthPlatform: a platform added to a registry is accepted by
// config validation (its name, its API's default URL) and mapped by its
// own status words and checks, with nothing else changed.
func TestFourthPlatform(t *testing.T) {
	reg := append(registry.Default(), acme)
	if err := reg.Check(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "licentric.yaml")
	csv := "serial,mail,state\nK-1,a@x.io,live\nK-2,b@x.io,paused\nK-3,c@x.io,revoked\nDEMO-4,d@x.io,live\n"
	if err := os.WriteFile(filepath.Join(dir, "licenses.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := registry.Default().Config().Parse(file, []byte(acmeConfig)); err == nil || !strings.Contains(err.Error(), "must be one of") {
		t.Fatalf("the registry without acme accepted it: %v", err)
	}
	api, err := reg.Config().Parse(file, []byte(strings.Replace(acmeConfig, "path: licenses.csv", "api: {token_env: ACME_TOKEN}", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := api.Sources[0].API.URL; got != "https://api.acme.test/v1" {
		t.Errorf("acme's api.url defaults to %q", got)
	}
	cfg, err := reg.Config().Parse(file, []byte(acmeConfig))
	if err != nil {
		t.Fatal(err)
	}
	sources, err := reg.Sources(cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	res := mapping.Build(context.Background(), cfg, sources, now, mapping.Platforms(reg))
	got := map[string]license.Status{}
	for _, l := range res.Licenses {
		got[string(l.Key)] = l.Status
	}
	want := map[string]license.Status{"K-1": license.Active, "K-2": license.Suspended, "K-3": license.Revoked}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "licenses.csv:5: serial holds a demo key") {
		t.Errorf("errors: %v; want the demo key refused at line 5", res.Errors)
	}
	if !hasFinding(res, "1 revoked Acme licenses will be revoked in Licentric, where revoked is final (Acme can un-revoke)") {
		t.Errorf("no reversible-revoke warning in %v", res.Findings)
	}
}

func hasFinding(res *mapping.Result, text string) bool {
	for _, f := range res.Findings {
		if strings.Contains(f.Message, text) {
			return true
		}
	}
	return false
}
