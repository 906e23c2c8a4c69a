package plan

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
)

// TestCatalogChanges: products and policies are diffed by one rule: a
// create for what the account lacks, an update naming each field that
// differs, nothing for what matches, in ID order whatever the config's.
func TestCatalogChanges(t *testing.T) {
	two := 2
	tests := map[string]struct {
		products []license.Product // desired; the account holds app "App" AP, cli "CLI"
		policies []license.Policy  // desired; the account holds pro (managed) and a foreign free
		want     []brief
	}{
		"nothing differs": {
			products: []license.Product{{Code: "app", Name: "App", KeyPrefix: "AP"}, {Code: "cli", Name: "CLI"}},
			policies: []license.Policy{policy},
		},
		"a prefix left out keeps the account's": {
			products: []license.Product{{Code: "app", Name: "App"}},
		},
		"renamed and re-prefixed, and a new one, in code order": {
			products: []license.Product{{Code: "new", Name: "New"}, {Code: "app", Name: "Apps", KeyPrefix: "AX"}},
			want: []brief{
				{KindProduct, Update, "app", "", []FieldDiff{{Field: "name", Before: "App", After: "Apps", Sensitivity: Public},
					{Field: "keyPrefix", Before: "AP", After: "AX", Sensitivity: Public}}},
				{KindProduct, Create, "new", "", nil},
			},
		},
		"a policy the account holds only unmanaged is created": {
			policies: []license.Policy{policy, {ID: "free", Product: "app", Name: "Free", MaxMachines: 1}},
			want:     []brief{{KindPolicy, Create, "free", "", nil}},
		},
		"a policy's typed and free fields are compared": {
			policies: []license.Policy{{ID: "pro", Product: "app", Name: "Pro", MaxMachines: 2, DurationDays: &two,
				Fields: map[string]string{"floating": "true"}}},
			want: []brief{{KindPolicy, Update, "pro", "", []FieldDiff{{Field: "durationDays", Before: "", After: "2", Sensitivity: Public},
				{Field: "floating", Before: "", After: "true", Sensitivity: Public}}}},
		},
	}
	current := &license.Snapshot{
		Products: []license.Product{{Code: "app", Name: "App", KeyPrefix: "AP"}, {Code: "cli", Name: "CLI"}},
		Policies: []license.PolicyState{{Policy: policy, Managed: true},
			{Policy: license.Policy{ID: "free", Product: "app", Name: "Free", MaxMachines: 1}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := Compute(Desired{Products: tc.products, Policies: tc.policies}, FromSnapshot(current), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, briefs(p)); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}
