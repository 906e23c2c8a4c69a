package cli_test

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/sandbox"
)

// TestKilledApplyKeepsTheViewExact kills a real apply with SIGKILL twice
// against the sandbox, once among its creates and once among its updates
// (rows in flight), and runs it again each time. Then refresh must find
// no drift between the kept view and the account, the plan from the view
// must be empty, and verify (which reads the account whole) must pass.
func TestKilledApplyKeepsTheViewExact(t *testing.T) {
	if testing.Short() {
		t.Skip("applies thousands of licenses over HTTP twice")
	}
	n := 1000 // several import batches and a thousand updates: the hold, not the size, puts each kill half-way
	dir := processDir(t, n)
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv := httptest.NewServer(sandbox.New(store, sandbox.Options{Now: atTestDate}).Handler())
	defer srv.Close()
	cfg := strings.Replace(processConfig, "version: 1\n", "version: 1\ntarget:\n  licentric:\n    url: "+srv.URL+"/api/v1\n", 1) +
		"options: {safety: {licenses: {update: {max_percent: 100}}}}\n" // every license changes its email
	if err := os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LICENTRIC_API_KEY", "lk_test_kill")
	killAndRerun(t, dir)
	csv := filepath.Join(dir, "exports", "licenses.csv")
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csv, bytes.ReplaceAll(b, []byte("@example.com"), []byte("@example.org")), 0o644); err != nil {
		t.Fatal(err)
	}
	killAndRerun(t, dir)
	if got := countUnique(t, store); got != n {
		t.Fatalf("%d licenses after the re-runs, want %d", got, n)
	}
	out, err := cliCommand(dir, "refresh").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte(": 0 changed, 0 new, 0 gone.")) {
		t.Fatalf("refresh after the kills must find the view exact: %v\n%s", err, out)
	}
	out, err = cliCommand(dir, "plan", "--detailed-exitcode").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("No changes.")) || !bytes.Contains(out, []byte("target as read at")) {
		t.Fatalf("plan from the view after the kills: %v\n%s", err, out)
	}
	// One key per status through validate-key, paced at 60 a minute: the
	// whole read of the account is what this checks, not the sample.
	if out, err := cliCommand(dir, "verify", "--sample", "1").CombinedOutput(); err != nil {
		t.Fatalf("verify after the kills: %v\n%s", err, out)
	}
}

// killAndRerun starts an apply, kills it with SIGKILL while it is held
// at its first progress line (see startHeld), and runs it again to the
// end.
func killAndRerun(t *testing.T, dir string) {
	t.Helper()
	startHeld(t, dir).kill(t)
	if out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput(); err != nil {
		t.Fatalf("apply after kill: %v\n%s", err, out)
	}
}
