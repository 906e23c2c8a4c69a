package mapping

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
)

// TestOddMachineLimits: every machine limit an export can hold that is
// not a whole number from 0 to 2147483647 (or unlimited) is a row error
// at its file and line, naming the column and what is allowed; the
// largest allowed limit is kept as the override.
func TestOddMachineLimits(t *testing.T) {
	const allowed = "use a whole number from 0 to 2147483647, or unlimited"
	refused := []string{"x", "{}", "[]", "true", "-5", "-1", "1e400", "1e3", "1.5", "5.0", "0x10",
		"2147483648", "9223372036854775807", "99999999999999999999999999"}
	want, got := map[string]string{}, map[string]string{}
	for _, v := range refused {
		want[v] = "exports/x.csv:3: max_machines: " + `"` + v + `" is not a machine limit; ` + allowed
	}
	want["2147483647"], want["+7"] = "override 2147483647", "override 7"
	cfg := testConfig("csv", []config.Rule{{Policy: "yearly"}}, nil)
	for v := range want {
		src := &fakeSource{name: "src", platform: "csv", recs: []*providers.Record{rec(3, "key", "K", "max_machines", v)}}
		res := Build(context.Background(), cfg, []providers.Source{src}, now)
		switch {
		case len(res.Errors) > 0:
			got[v] = res.Errors[0].Error()
		case len(res.Licenses) == 1 && res.Licenses[0].MaxMachinesOverride != nil:
			got[v] = fmt.Sprint("override ", *res.Licenses[0].MaxMachinesOverride)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
