package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
)

// TestViewCosts: with a kept view an apply reads nothing first; it
// re-checks each license it updates, changes the status of or deletes,
// and its closing check reads back only the catalog, when it writes any
// (not the policies when it created some: their re-read is kept).
// With recheck off (noRecheck) the writes are counted alone.
func TestViewCosts(t *testing.T) {
	lic := func(a Action, st license.StatusAction) Change {
		return Change{Kind: KindLicense, Action: a, StatusAction: st}
	}
	for _, c := range []struct {
		name      string
		changes   []Change
		noRecheck bool
		want      Estimate
	}{
		{"nothing", nil, false, Estimate{Write: 3}},
		{"creates only", []Change{lic(Create, ""), lic(Create, "")}, false, Estimate{Write: 3}},
		{"update, suspend, delete", []Change{lic(Update, ""), lic(Suspend, license.Suspend), lic(Delete, "")}, false, Estimate{Write: 6}},
		{"update, suspend, delete, recheck off", []Change{lic(Update, ""), lic(Suspend, license.Suspend), lic(Delete, "")}, true, Estimate{Write: 3}},
		{"update with a status action", []Change{lic(Update, license.Suspend)}, false, Estimate{Write: 4}},
		{"catalog", []Change{{Kind: KindProduct, Action: Create}, {Kind: KindPolicy, Action: Update}, lic(Create, "")}, false, Estimate{Write: 3, Check: 2}},
		{"a policy created: its re-read is kept", []Change{{Kind: KindProduct, Action: Create}, {Kind: KindPolicy, Action: Create}}, false, Estimate{Write: 3, Check: 1}},
	} {
		e := Estimate{Read: 5, Write: 3, Check: 7}
		viewCosts(&Plan{Changes: c.changes}, &e, 1, 1, c.noRecheck)
		if diff := cmp.Diff(c.want, e); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
}
