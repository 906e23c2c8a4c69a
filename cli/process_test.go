package cli_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/licentric/licentric-sync/providers/local"
	"github.com/licentric/licentric-sync/providers/targettest"
	"github.com/licentric/licentric-sync/sandbox"
)

const processConfig = `version: 1
products: [{code: app, name: App}]
policies: [{id: pro, product: app, name: Pro, max_machines: 1}]
sources:
  - name: legacy
    platform: csv
    path: exports/licenses.csv
    columns: { policy: plan }
    rules: [{policy: pro}]
`

// scaled is n, or a tenth of it under -race (see raceEnabled).
func scaled(n int) int {
	if raceEnabled {
		return n / 10
	}
	return n
}

// processDir writes a config and an export of n licenses.
func processDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(processConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := GenerateCSV(filepath.Join(dir, "exports", "licenses.csv"), n, 7); err != nil {
		t.Fatal(err)
	}
	return dir
}

// cliCommand runs this test binary as the CLI in dir.
func cliCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asCLI+"=1", "NO_COLOR=1", "CI=true")
	return cmd
}

// startApply starts an apply and returns once it reports progress, i.e.
// while it holds the lock and is writing licenses.
func startApply(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	cmd, rest := startApplyWatched(t, dir)
	go io.Copy(io.Discard, rest)
	return cmd
}

// startApplyWatched is startApply that hands back the rest of stderr.
func startApplyWatched(t *testing.T, dir string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := cliCommand(dir, "apply", "--auto-approve")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(stderr)
	for {
		line, err := br.ReadString('\n')
		if strings.HasPrefix(line, "apply: ") {
			return cmd, br
		}
		if err != nil {
			t.Fatalf("apply ended without reporting progress: %v", cmd.Wait())
		}
	}
}

func countLicenses(t *testing.T, dir string) int {
	t.Helper()
	s, err := local.Open(filepath.Join(dir, ".licentric", "state.db"), "state.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return countUnique(t, s)
}

// countUnique counts a store's licenses, failing on any key held twice.
func countUnique(t *testing.T, s *local.Store) int {
	t.Helper()
	snap := targettest.Read(t, s)
	seen := map[string]bool{}
	for _, l := range snap.Licenses {
		if seen[string(l.Key)] {
			t.Fatalf("duplicate license %s in the store", l.Key.Ref())
		}
		seen[string(l.Key)] = true
	}
	return len(snap.Licenses)
}

// TestKilledApplyConverges kills a large apply with SIGKILL in the middle,
// runs it again, and checks every license exists exactly once and the
// next plan is empty.
func TestKilledApplyConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200,000 licenses")
	}
	n := scaled(200000)
	dir := processDir(t, n)
	cmd := startApply(t, dir)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("apply finished before it could be killed (%v); the test proves nothing", err)
	}
	partial := countLicenses(t, dir)
	if partial >= n {
		t.Fatalf("all %d licenses were written before the kill", partial)
	}
	if out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput(); err != nil {
		t.Fatalf("apply after kill: %v\n%s", err, out)
	}
	if got := countLicenses(t, dir); got != n {
		t.Fatalf("%d licenses after re-apply, want %d (partial run had %d)", got, n, partial)
	}
	out, err := cliCommand(dir, "plan", "--detailed-exitcode").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("No changes.")) {
		t.Fatalf("plan after re-apply: %v\n%s", err, out)
	}
}

// TestConcurrentApplyIsRefused runs two real applies on one store: the
// second fails at once, names the holder, and writes nothing.
func TestConcurrentApplyIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200,000 licenses")
	}
	n := scaled(200000)
	dir := processDir(t, n)
	first := startApply(t, dir)
	start := time.Now()
	out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput()
	if err == nil || !bytes.Contains(out, []byte("is busy: licentric-sync apply (pid")) {
		t.Fatalf("second apply: %v\n%s", err, out)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("the second apply waited %s; it must fail at once", time.Since(start))
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("first apply: %v", err)
	}
	if got := countLicenses(t, dir); got != n {
		t.Fatalf("%d licenses, want %d", got, n)
	}
}

// TestKilledHTTPApplyConverges kills the CLI with SIGKILL in the middle of
// an apply through the sandbox over HTTP, runs it again, and checks every
// license exists exactly once and the next plan is empty.
func TestKilledHTTPApplyConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 60,000 licenses over HTTP")
	}
	n := scaled(60000)
	dir := processDir(t, n)
	store, err := local.Open(filepath.Join(dir, "sandbox.db"), "sandbox.db")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	srv := httptest.NewServer(sandbox.New(store, sandbox.Options{}).Handler())
	defer srv.Close()
	cfg := strings.Replace(processConfig, "version: 1\n", "version: 1\ntarget:\n  licentric:\n    url: "+srv.URL+"/api/v1\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "licentric.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LICENTRIC_API_KEY", "lk_test_kill")
	cmd := startApply(t, dir)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatal("apply finished before it could be killed; the test proves nothing")
	}
	if out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput(); err != nil {
		t.Fatalf("apply after kill: %v\n%s", err, out)
	}
	if got := countUnique(t, store); got != n {
		t.Fatalf("%d licenses after re-apply, want %d", got, n)
	}
	out, err := cliCommand(dir, "plan", "--detailed-exitcode").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("No changes.")) {
		t.Fatalf("plan after re-apply: %v\n%s", err, out)
	}
}

// TestInterruptedApplyExits130 sends SIGINT (Ctrl-C) to a real apply in
// the middle: it exits 130 saying how far it got and how to resume, and
// running it again converges.
func TestInterruptedApplyExits130(t *testing.T) {
	if testing.Short() {
		t.Skip("writes licenses until interrupted")
	}
	n := scaled(200000)
	dir := processDir(t, n)
	cmd, stderr := startApplyWatched(t, dir)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var rest strings.Builder
	_, _ = io.Copy(&rest, stderr)
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit code %d after Ctrl-C, want 130; stderr:\n%s", code, rest.String())
	}
	if !strings.Contains(rest.String(), "interrupted after ") || !strings.Contains(rest.String(), "Run apply again to resume") {
		t.Fatalf("the message does not say how far it got and how to resume:\n%s", rest.String())
	}
	if out, err := cliCommand(dir, "apply", "--auto-approve").CombinedOutput(); err != nil {
		t.Fatalf("apply after Ctrl-C: %v\n%s", err, out)
	}
	if got := countLicenses(t, dir); got != n {
		t.Fatalf("%d licenses after resuming, want %d", got, n)
	}
}
