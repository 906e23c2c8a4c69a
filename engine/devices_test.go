package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// lateFile is a target whose Current (read once the sources were read,
// before the devices are) makes a file appear, as a dump being copied
// in while a plan reads does.
type lateFile struct {
	providers.Target
	t          *testing.T
	path, body string
}

func (l lateFile) Current(ctx context.Context) (plan.Current, error) {
	write(l.t, l.path, l.body)
	return l.Target.Current(ctx)
}

// TestDevicesReadAreTheListedInputs: the device pages read are exactly
// the export files the plan lists as inputs: a device page that appears
// after the source found its files is neither listed nor read. A device
// reader with its own glob read it unlisted, so a saved plan could not
// tell that the page it reported on changed.
func TestDevicesReadAreTheListedInputs(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "licentric.yaml")
	write(t, cfg, `version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - {name: kg, platform: keygen, path: keygen/*.json, owners: optional, devices: carry, rules: [{policy: pro}]}
`)
	if err := os.Mkdir(filepath.Join(dir, "keygen"), 0o700); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "keygen", "licenses-1.json"), string(fixture(t, "licenses-1.json")))
	eng, err := Load(cfg, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "test")
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := eng.OpenTarget(ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer tgt.Close()
	late := lateFile{Target: tgt, t: t, path: filepath.Join(dir, "keygen", "machines-1.json"), body: string(fixture(t, "machines-1.json"))}
	pl, err := eng.Plan(context.Background(), late)
	if err != nil {
		t.Fatal(err)
	}
	want := hashedWhole(t, dir, "licentric.yaml", "keygen/licenses-1.json")
	if diff := cmp.Diff(want, pl.Plan.Inputs); diff != "" {
		t.Fatalf("input digests (-the files the source found +plan):\n%s", diff)
	}
	if len(pl.Devices.Carry) != 0 || len(pl.Devices.Diagnostics) != 0 {
		t.Fatalf("the plan reported devices of a page it does not list as an input: %d carried, %v", len(pl.Devices.Carry), pl.Devices.Diagnostics)
	}
}
