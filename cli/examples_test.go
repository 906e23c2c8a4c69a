package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamples validates, plans and applies every example in a copy, then
// checks the next plan is empty, so the examples can never rot.
func TestExamples(t *testing.T) {
	configs, err := filepath.Glob(filepath.Join("..", "examples", "*", "licentric.yaml"))
	if err != nil || len(configs) < 4 {
		t.Fatalf("found %d examples (%v)", len(configs), err)
	}
	for _, cfg := range configs {
		name := filepath.Base(filepath.Dir(cfg))
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Dir(cfg))); err != nil {
				t.Fatal(err)
			}
			_ = os.RemoveAll(filepath.Join(dir, ".licentric"))
			c := filepath.Join(dir, "licentric.yaml")
			for _, step := range []struct {
				args []string
				code int
				want string
			}{
				{[]string{"validate"}, 0, "is valid"},
				{[]string{"plan", "--detailed-exitcode"}, 2, "to create"},
				{[]string{"apply", "--auto-approve"}, 0, "Apply complete"},
				{[]string{"plan", "--detailed-exitcode"}, 0, "No changes."},
			} {
				var out, errOut bytes.Buffer
				code := mainAtTestDate(append([]string{"-c", c}, step.args...), &out, &errOut)
				if code != step.code || !strings.Contains(out.String(), step.want) {
					t.Fatalf("%v: exit %d (want %d)\n%s%s", step.args, code, step.code, out.String(), errOut.String())
				}
			}
		})
	}
}
