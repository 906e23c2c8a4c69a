package scaffold

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPolicyLimit: a policy's machine limit is what all its licenses say,
// or a value validation refuses, saying why and where to look; never an
// invented "unlimited".
func TestPolicyLimit(t *testing.T) {
	const where = `"unknown: find it in Keygen's dashboard: Policies > Pro > Max machines (the API's policy attribute maxMachines)"`
	cases := map[string]struct {
		limits      map[string]int
		held, count int
		want        limitGuess
	}{
		"all agree":     {map[string]int{"3": 4}, 4, 4, limitGuess{value: "3", comment: "from the export: all 4 licenses say 3"}},
		"one license":   {map[string]int{"2": 1}, 1, 1, limitGuess{value: "2", comment: "from the export: its one license says 2"}},
		"all unlimited": {map[string]int{"Unlimited": 2}, 2, 2, limitGuess{value: `"unlimited"`, comment: "from the export: all 2 licenses say unlimited"}},
		"no column": {map[string]int{}, 0, 5, limitGuess{value: where, comment: "init could not tell: the export has no machine limit",
			open: `policy "Pro": its machine limit (the export has no machine limit)`}},
		"disagree": {map[string]int{"3": 2, "5": 1}, 3, 3, limitGuess{value: where, comment: `init could not tell: its licenses disagree: "3" (2 licenses), "5" (1 license)`,
			open: `policy "Pro": its machine limit (its licenses disagree: "3" (2 licenses), "5" (1 license))`}},
		"some empty": {map[string]int{"3": 2, "": 1}, 3, 3, limitGuess{value: where, comment: `init could not tell: its licenses disagree: "3" (2 licenses), none (1 license)`,
			open: `policy "Pro": its machine limit (its licenses disagree: "3" (2 licenses), none (1 license))`}},
		"all empty": {map[string]int{"": 2}, 2, 2, limitGuess{value: where, comment: "init could not tell: the export leaves it empty",
			open: `policy "Pro": its machine limit (the export leaves it empty)`}},
		"zero": {map[string]int{"0": 2}, 2, 2, limitGuess{value: where, comment: "init could not tell: the export says 0, and Licentric needs at least 1",
			open: `policy "Pro": its machine limit (the export says 0, and Licentric needs at least 1)`}},
		"an email": {map[string]int{"a@example.com": 1, "3": 1}, 2, 2, limitGuess{value: where,
			comment: `init could not tell: its licenses disagree: "3" (1 license), a value like a key or an email (1 license)`,
			open:    `policy "Pro": its machine limit (its licenses disagree: "3" (1 license), a value like a key or an email (1 license))`}},
	}
	for name, c := range cases {
		got := policyLimit("keygen", "Pro", &combo{tier: "Pro", limits: c.limits, held: c.held, count: c.count})
		if diff := cmp.Diff(c.want, got, cmp.AllowUnexported(limitGuess{})); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// TestPolicyLimitHidesKeys: a policy name that looks like a key (a
// shifted column) is not echoed into init's output or the config.
func TestPolicyLimitHidesKeys(t *testing.T) {
	got := policyLimit("csv", "LEAK01-7F3A-19C2-88B0-4E1D", &combo{tier: "LEAK01-7F3A-19C2-88B0-4E1D", limits: map[string]int{}, count: 1})
	for _, s := range []string{got.value, got.comment, got.open} {
		if strings.Contains(s, "LEAK01") {
			t.Errorf("echoes the key-like name: %s", s)
		}
	}
	if !strings.Contains(got.open, "value:") {
		t.Errorf("open question %q does not name the policy by reference", got.open)
	}
}

// TestPolicyLimitMadeUpName: a policy init named itself ("Default") is
// not one the platform's dashboard shows; the hint says so.
func TestPolicyLimitMadeUpName(t *testing.T) {
	got := policyLimit("cryptlex", "Default", &combo{limits: map[string]int{}, count: 2})
	want := `"unknown: find it in Cryptlex's dashboard: License Templates > the one these licenses use > Allowed Activations (the API's allowedActivations)"`
	if got.value != want {
		t.Errorf("value %s, want %s", got.value, want)
	}
}
