package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/licentric/licentric-sync/cli"
	"github.com/licentric/licentric-sync/providers/registry"
)

// complete asks the CLI for completions the way a shell does.
func complete(t *testing.T, line string) []string {
	t.Helper()
	t.Setenv("COMP_LINE", line)
	t.Setenv("COMP_POINT", strconv.Itoa(len(line)))
	var out, errs bytes.Buffer
	if code := cli.Main([]string{}, &out, &errs); code != 0 {
		t.Fatalf("completion of %q: exit %d, %s", line, code, errs.String())
	}
	return strings.Fields(out.String())
}

// TestShellCompletion: commands, flags, --format values and source names
// from the config complete; every shell gets code that calls this binary.
func TestShellCompletion(t *testing.T) {
	dir := t.TempDir()
	cfg := "version: 1\nproducts: [{code: app, name: App}]\npolicies: [{id: pro, product: app, name: Pro, max_machines: 1}]\n" +
		"sources: [{name: keygen-prod, platform: csv, path: x.csv, rules: [{policy: pro}]}, {name: lemon, platform: csv, path: y.csv, rules: [{policy: pro}]}]\n"
	if err := os.WriteFile(filepath.Join(dir, "prod.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]string{
		"licentric-sync pl":             "plan",
		"licentric-sync check":          "check-key",
		"licentric-sync plan --det":     "--detailed-exitcode",
		"licentric-sync plan --format ": "markdown",
		"licentric-sync -c " + filepath.Join(dir, "prod.yaml") + " mapping --source ": "keygen-prod",
	} {
		if got := complete(t, line); !contains(got, want) {
			t.Errorf("completing %q gave %v, want %s among them", line, got, want)
		}
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Setenv("COMP_LINE", "")
		var out, errs bytes.Buffer
		if code := cli.Main([]string{"completion", shell}, &out, &errs); code != 0 || !strings.Contains(out.String(), "licentric-sync") {
			t.Errorf("completion %s: exit %d, %q %s", shell, code, out.String(), errs.String())
		}
	}
}

// TestPlatformCompletion: --platform completes to the registry's
// platforms, every one of them and nothing else.
func TestPlatformCompletion(t *testing.T) {
	got := complete(t, "licentric-sync init --platform ")
	slices.Sort(got)
	want := slices.Sorted(slices.Values(registry.Default().Names()))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("completing --platform (-registry +completion):\n%s", diff)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
