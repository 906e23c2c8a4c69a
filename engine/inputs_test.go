package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
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
	eng, pl := planFiles(t, cfg, nil)
	want := hashedWhole(t, dir, "licentric.yaml", "csv/a.csv", "csv/b.csv", "keygen/licenses-1.json", "keygen/machines-1.json", "wide/page.json")
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

const midPlanConfig = `version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - {name: first, platform: csv, path: first/*.csv, rules: [{policy: pro}]}
  - {name: second, platform: csv, path: second/*.csv, rules: [{policy: pro}]}
`

// appearingFiles is a Reporter that, at the first source's progress
// report (mid-read: its files already found), makes a file appear in
// each source's folder: one the first source's read will not see, and
// one the second's, not yet begun, will.
type appearingFiles struct {
	t    *testing.T
	dir  string
	once sync.Once
}

func (a *appearingFiles) Progress(what string, done, total int) {
	if what != "reading source first" {
		return
	}
	a.once.Do(func() {
		write(a.t, filepath.Join(a.dir, "first", "late.csv"), "key,status\nL-0001,active\n")
		write(a.t, filepath.Join(a.dir, "second", "s2.csv"), "key,status\nS-0002,active\n")
	})
}

func (a *appearingFiles) Waiting(string, time.Duration) {}

// TestPlanInputsAreTheFilesTheSourcesRead: a plan lists, with their
// digests, exactly the export files its sources read, however files come
// and go while it reads: a file that appears in a source's folder after
// that source found its files is neither read nor listed; one that
// appears before the next source looks is read and listed. A list globbed
// beside the reads listed the one and missed the other.
func TestPlanInputsAreTheFilesTheSourcesRead(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "licentric.yaml")
	write(t, cfg, midPlanConfig)
	for _, sub := range []string{"first", "second"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	var rows strings.Builder
	rows.WriteString("key,status\n")
	for i := range 10_000 { // one progress report (mapping reports every 10,000 records)
		fmt.Fprintf(&rows, "K-%05d,active\n", i)
	}
	write(t, filepath.Join(dir, "first", "a.csv"), rows.String())
	write(t, filepath.Join(dir, "second", "s1.csv"), "key,status\nS-0001,active\n")
	_, pl := planFiles(t, cfg, &appearingFiles{t: t, dir: dir})
	if _, err := os.Stat(filepath.Join(dir, "first", "late.csv")); err != nil {
		t.Fatalf("no file appeared mid-read: %v", err)
	}
	want := hashedWhole(t, dir, "licentric.yaml", "first/a.csv", "second/s1.csv", "second/s2.csv")
	if diff := cmp.Diff(want, pl.Plan.Inputs); diff != "" {
		t.Fatalf("input digests (-the files read +plan):\n%s", diff)
	}
	if got := len(pl.Result.Licenses); got != 10_002 {
		t.Errorf("read %d licenses, want 10,002 (a.csv, s1.csv and s2.csv, not late.csv)", got)
	}
}

// hashedWhole are the plan inputs the files (slash paths below dir)
// make, each hashed whole here (digestFile).
func hashedWhole(t *testing.T, dir string, files ...string) []plan.Input {
	t.Helper()
	var want []plan.Input
	for _, f := range files {
		sum, err := digestFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, plan.Input{Path: filepath.FromSlash(f), SHA256: sum})
	}
	return want
}

// planFiles plans cfg against an empty local target, reporting to
// report (nil: none).
func planFiles(t *testing.T, cfg string, report providers.Reporter) (*Engine, *Planned) {
	t.Helper()
	eng, err := Load(cfg, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "test")
	if err != nil {
		t.Fatal(err)
	}
	eng.Report = report
	tgt, err := eng.OpenTarget(ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer tgt.Close()
	pl, err := eng.Plan(context.Background(), tgt)
	if err != nil {
		t.Fatal(err)
	}
	return eng, pl
}
