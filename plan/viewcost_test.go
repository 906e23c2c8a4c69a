package plan

import (
	"testing"

	"github.com/licentric/licentric-sync/license"
)

// TestViewReads: with a kept view an apply lists nothing; it re-checks
// each license it updates, changes the status of or deletes, and reads
// the catalog back once when it writes any of it.
func TestViewReads(t *testing.T) {
	lic := func(a Action, st license.StatusAction) Change {
		return Change{Kind: KindLicense, Action: a, StatusAction: st}
	}
	for _, c := range []struct {
		name    string
		changes []Change
		want    int
	}{
		{"creates only", []Change{lic(Create, ""), lic(Create, "")}, 0},
		{"update, suspend, delete", []Change{lic(Update, ""), lic(Suspend, license.Suspend), lic(Delete, "")}, 3},
		{"update with a status action", []Change{lic(Update, license.Suspend)}, 1},
		{"catalog", []Change{{Kind: KindProduct, Action: Create}, {Kind: KindPolicy, Action: Update}, lic(Create, "")}, 2},
	} {
		if got := viewReads(&Plan{Changes: c.changes}); got != c.want {
			t.Errorf("%s: %d reads, want %d", c.name, got, c.want)
		}
	}
}
