package registry_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers/registry"
)

// TestOddMachineLimitsThroughReaders: the readers pass a machine limit
// through as written (they do not judge it), and the mapping refuses
// every one that is not a whole number from 0 to 2147483647 as a row
// error at the export's file and line, naming the column as the export
// spells it. Each platform's unlimited spellings (Keygen null,
// Cryptlex 0 and -1, LemonSqueezy null) stay unlimited.
func TestOddMachineLimitsThroughReaders(t *testing.T) {
	odd := []string{`"x"`, `{}`, `-5`, `1e400`, `1.5`, `99999999999999999999`, `2147483648`, `true`}
	exports := []struct {
		platform, file, export, at string
		unlimited                  []string // cells read as unlimited, not refused
	}{
		{"keygen", "licenses.json", `{"data": [
{"id": "1", "type": "licenses", "attributes": {"key": "K-1", "maxMachines": %s}}]}`, "licenses.json:2: attributes.maxMachines", []string{"null"}},
		{"lemonsqueezy", "keys.json", `{"data": [
{"type": "license-keys", "id": "1", "attributes": {"key": "k-1", "status": "active", "activation_limit": %s}}]}`, "keys.json:2: attributes.activation_limit", []string{"null"}},
		{"cryptlex", "licenses.json", `[
{"key": "K-1", "allowedActivations": %s}]`, "licenses.json:2: allowedActivations", []string{"0", "-1"}},
		{"cryptlex", "licenses.csv", "key,allowedActivations\nK-1,%s\n", "licenses.csv:2: allowedActivations", []string{"0", "-1"}},
		{"keygen", "licenses.csv", "key,maxMachines\nK-1,%s\n", "licenses.csv:2: maxMachines", nil},
		{"csv", "licenses.csv", "key,max_machines\nK-1,%s\n", "licenses.csv:2: max_machines", nil},
	}
	for _, e := range exports {
		t.Run(e.platform+" "+e.file, func(t *testing.T) {
			want, got := map[string]string{}, map[string]string{}
			for _, v := range odd {
				cell := v
				if strings.HasSuffix(e.file, ".csv") {
					cell = strings.Trim(v, `"`)
				}
				want[cell] = fmt.Sprintf("%s: %q is not a machine limit; use a whole number from 0 to 2147483647, or unlimited", e.at, strings.Trim(cell, `"`))
			}
			for _, u := range e.unlimited {
				want[u] = "unlimited"
			}
			for cell := range want {
				got[cell] = mapLimit(t, e.platform, e.file, fmt.Sprintf(e.export, cell))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// mapLimit reads one export of one license through the platform's reader
// and maps it: the row error, or what became of its machine limit.
func mapLimit(t *testing.T, platform, file, export string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, file), []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	owners := "" // Keygen names an owner by id; this export has none
	if platform == "keygen" {
		owners = ", owners: optional"
	}
	yaml := `version: 1
products: [{code: app, name: App}]
policies: [{id: basic, product: app, name: Basic, max_machines: 3}]
sources:
  - {name: s, platform: ` + platform + `, path: ` + file + `, rules: [{policy: basic}]` + owners + `}
`
	reg := registry.Default()
	cfg, err := reg.Config().Parse(filepath.Join(dir, "licentric.yaml"), []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	sources, err := reg.Sources(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res := mapping.Build(context.Background(), cfg, sources, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), mapping.Platforms(reg))
	switch {
	case len(res.Errors) > 0:
		return res.Errors[0].Error()
	case len(res.Licenses) != 1:
		return fmt.Sprintf("%d licenses", len(res.Licenses))
	case res.Licenses[0].MaxMachinesOverride != nil:
		return fmt.Sprint("override ", *res.Licenses[0].MaxMachinesOverride)
	case hasFinding(res, "the source allows unlimited machines"):
		return "unlimited"
	}
	return "the policy's limit"
}
