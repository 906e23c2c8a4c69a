package tabular

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestObjectAt: an object is taken for a field's value only where an
// alias names its path exactly (not stripped of wrappers) and no member
// of it feeds a field.
func TestObjectAt(t *testing.T) {
	cases := []struct {
		name, item string
		aliases    []string
		used       []string // columns that feed some field
		want       string   // the object's path, "" when none
	}{
		{"value as object", `{"allowedActivations": {"n": 5}}`, []string{"allowedactivations"}, nil, "allowedActivations"},
		{"second alias", `{"key": "K", "product": {"id": "p"}}`, []string{"productname", "product"}, nil, "product"},
		{"member feeds a field", `{"product": {"id": "p"}}`, []string{"productname", "product"}, []string{"product.id"}, ""},
		{"wrapped, not stripped", `{"license": {"maxMachines": {"n": 1}}}`, []string{"maxmachines"}, nil, ""},
		{"nested exact", `{"license": {"maxMachines": {"n": 1}}}`, []string{"licensemaxmachines"}, nil, "license.maxMachines"},
		{"empty object is a cell", `{"allowedActivations": {}}`, []string{"allowedactivations"}, nil, ""},
		{"metadata kept whole", `{"metadata": {"a": {"b": 1}}}`, []string{"metadata"}, nil, ""},
		{"deep object is a cell", `{"a": {"b": {"c": {"d": {"e": 1}}}}}`, []string{"abcd"}, nil, ""},
		{"scalar", `{"allowedActivations": 5}`, []string{"allowedactivations"}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			keys, _, objects, err := Flatten([]byte(c.item))
			if err != nil {
				t.Fatal(err)
			}
			cols := newFlatColumns(keys, objects)
			used := map[int]bool{}
			for _, u := range c.used {
				for i, h := range cols.Header() {
					if h == u {
						used[i] = true
					}
				}
			}
			got, _ := cols.objectAt(c.aliases, used)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestMembers: the names directly under an object, sorted, without values.
func TestMembers(t *testing.T) {
	keys, _, objects, err := Flatten([]byte(`{"key": {"value": "X", "kind": {"a": 1, "b": 2}}, "keys": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"kind", "value"}, newFlatColumns(keys, objects).members("key")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
