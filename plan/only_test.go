package plan

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/license"
)

// TestOnlySelectedSources: with --source kg, the config's other source
// (shop) is left alone like another config's: its licenses are neither
// pruned nor counted as managed, its shrinking does not block, a note
// counts them, and a desired key it holds is a conflict, not a move.
func TestOnlySelectedSources(t *testing.T) {
	shop := func(l *license.License) { l.Origin.Source, l.Origin.Platform = "shop", "csv" }
	cur := []license.License{lic("A", license.Active), lic("B", license.Active), lic("S1", license.Active, shop),
		lic("S2", license.Active, shop), lic("S3", license.Active, shop)}
	desired := []license.License{lic("A", license.Active), lic("S3", license.Active)} // B gone from kg; S3 now in kg's export
	opts := Options{Prune: true, Owners: map[string]string{"kg": "keygen", "shop": "csv"}, Only: map[string]bool{"kg": true}}
	p, err := Compute(Desired{Licenses: desired}, FromSnapshot(state(cur...)), opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Changes {
		got = append(got, string(c.Action)+" "+c.ID)
	}
	if diff := cmp.Diff([]string{"delete B"}, got); diff != "" {
		t.Fatalf("changes (-want +got):\n%s", diff)
	}
	if p.Managed[KindLicense] != 2 || p.Sources["shop"] != nil {
		t.Fatalf("managed %d, sources %v: only kg's licenses count", p.Managed[KindLicense], p.Sources)
	}
	if reasons := p.Blocked(Thresholds{}); len(reasons) != 0 {
		t.Fatalf("an unselected source blocked the plan: %v", reasons)
	}
	var msgs []string
	for _, d := range p.Diagnostics {
		msgs = append(msgs, string(d.Severity)+": "+d.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"error: key already exists in the target but belongs to source shop, which --source did not select",
		"note: 2 licenses of sources not selected with --source (shop) left alone",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
}
