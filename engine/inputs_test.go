package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers/readertest"
)

const digestsConfig = `version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - {name: legacy, platform: csv, path: csv/*.csv, rules: [{policy: pro}]}
  - {name: kg, platform: keygen, path: keygen/*.json, owners: optional, rules: [{policy: pro}]}
  - {name: wide, platform: keygen, path: wide/*.json, owners: optional, rules: [{policy: pro}]}
`

// TestPlanInputDigestsAsBefore: a plan's input digests are what hashing
// each file whole gave before the sources took them from their own reads
// (digestFile), in the same order, so a saved plan's staleness check
// sees no difference: a glob of a plain and a UTF-16 CSV, a JSON:API
// page beside a device page its license reader leaves out (hashed by the
// engine), and a JSON:API page in UTF-16 (read whole). The export files
// the sources read came from their reads.
func TestPlanInputDigestsAsBefore(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "licentric.yaml")
	write(t, cfg, digestsConfig)
	for _, sub := range []string{"csv", "keygen", "wide"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "csv", "a.csv"), "key,status\nK-0001,active\n")
	write(t, filepath.Join(dir, "csv", "b.csv"), string(readertest.UTF16("key,status\nK-0002,active\n")))
	for from, to := range map[string]string{"licenses-1.json": "keygen/licenses-1.json", "machines-1.json": "keygen/machines-1.json"} {
		write(t, filepath.Join(dir, to), string(fixture(t, from)))
	}
	write(t, filepath.Join(dir, "wide", "page.json"), string(readertest.UTF16(string(fixture(t, "api-page.json")))))
	eng, err := Load(cfg, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "test")
	if err != nil {
		t.Fatal(err)
	}
	tgt, err := eng.OpenTarget(ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer tgt.Close()
	pl, err := eng.Plan(context.Background(), tgt)
	if err != nil {
		t.Fatal(err)
	}
	var want []plan.Input
	for _, f := range []string{"licentric.yaml", "csv/a.csv", "csv/b.csv", "keygen/licenses-1.json", "keygen/machines-1.json", "wide/page.json"} {
		sum, err := digestFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, plan.Input{Path: filepath.FromSlash(f), SHA256: sum})
	}
	if diff := cmp.Diff(want, pl.Plan.Inputs); diff != "" {
		t.Fatalf("input digests (-hashed whole +plan):\n%s", diff)
	}
	for _, f := range []struct{ source, path string }{{"legacy", "csv/a.csv"}, {"legacy", "csv/b.csv"},
		{"kg", "keygen/licenses-1.json"}, {"wide", "wide/page.json"}} {
		if _, read, err := eng.digesters[f.source].FileDigest(filepath.Join(dir, f.path)); !read || err != nil {
			t.Errorf("%s: its digest did not come from source %s's read (%v)", f.path, f.source, err)
		}
	}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "digests", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
